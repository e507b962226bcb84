package dev.mppractice.mp.internal;

/**
 * One object's probe that answers at once whether something is ready ({@code Queue.isEmpty}, {@code Queue.getNowait},
 * {@code Connection.poll()}, {@code AsyncResult.ready}, {@code Process.isAlive}, {@code Event.isSet}), watched for a
 * busy wait: a loop that asks it again and again, finding nothing ready, without waiting in between, keeps a processor
 * busy while the call that waits ({@code get}, {@code recv}, {@code join}, {@code await}) would use none. The first
 * {@link #IN_A_ROW} answers of nothing ready in a row, asked faster than one each {@link #MAX_NANOS_EACH} on average
 * (a loop that naps a millisecond between them is no busy wait), write one {@code busy-wait} event (docs/record.md).
 *
 * <p>Not thread-safe, and need not be: a count that two threads race on is still a count of the same loop's order.
 */
public final class Probe {
    /** Answers of nothing ready in a row that make a busy wait. */
    public static final int IN_A_ROW = 1_000;
    /** The longest these answers may take on average, each: a nap of a millisecond between them is far more. */
    static final long MAX_NANOS_EACH = 200_000;

    private final String call;
    private int idleInARow;
    private long idleSince;
    private boolean written;

    /** The probe {@code call} ({@code Queue.isEmpty}) of one object. */
    public Probe(String call) {
        this.call = call;
    }

    /** Counts one answer, {@code ready} or not, and returns it. */
    public boolean answered(boolean ready) {
        if (ready) {
            idleInARow = 0;
            return true;
        }
        if (idleInARow++ == 0) {
            idleSince = System.nanoTime();
        } else if (idleInARow == IN_A_ROW) {
            long took = System.nanoTime() - idleSince;
            idleInARow = 0;
            if (!written && took < IN_A_ROW * MAX_NANOS_EACH && Recorder.on()) {
                written = true;
                Recorder.event(RecordEvent.BUSY_WAIT, "call", call, "at", Recorder.callSite(), "times", IN_A_ROW,
                        "ms", took / 1_000_000);
            }
        }
        return false;
    }
}
