package dev.mppractice.mp.internal;

/**
 * One object's probe that answers at once whether something is ready ({@code Queue.isEmpty}, {@code Queue.getNowait},
 * {@code Connection.poll()}, {@code AsyncResult.ready}, {@code Process.isAlive}, {@code Event.isSet}), watched for a
 * busy wait: a loop that asks it again and again, finding nothing ready, and does next to nothing else, keeps a
 * processor busy while the call that waits ({@code get}, {@code recv}, {@code join}, {@code await}) would use none.
 * {@link #IN_A_ROW} answers of nothing ready in a row, with at most {@link #MAX_BETWEEN_NANOS} on average spent between
 * them outside every probe, write one {@code busy-wait} event (docs/record.md).
 *
 * <p>What counts is the time between the questions, not how fast they come: a loop that does real work between its
 * questions (a worker that looks at a stop flag after each round of work, a main that computes while its child lives)
 * is no busy wait however short its rounds, nor is one that naps; a question that takes a round trip to another
 * process is as busy a wait as one answered here. The time spent in other probes in between (a loop that asks several
 * results in turn) is not counted as something else done.
 *
 * <p>Not thread-safe, and need not be: a count that two threads race on is still a count of the same loop's questions.
 */
public final class Probe {
    /** Answers of nothing ready in a row that may make a busy wait. */
    public static final int IN_A_ROW = 1_000;
    /**
     * The most time spent on average between two of those answers, outside every probe, for them to make a busy wait:
     * measured, a loop that only asks spent 50 to 220 ns around its question (interpreted, the probe's own accounting
     * included), and a worker that tests 20 numbers for primes between two looks at its stop flag 900 ns (compiled) to
     * 3,600 ns (interpreted).
     */
    static final long MAX_BETWEEN_NANOS = 400;
    /** Time spent inside every probe of this process so far (all threads; a race loses a little, never much). */
    private static long insideNanos;

    private final String call;
    private int idleInARow;
    /** The end of this probe's last question, and {@link #insideNanos} then. */
    private long lastEnd;
    private long insideAtLastEnd;
    /** Time spent between the questions of the current row, outside every probe. */
    private long between;
    private boolean written;

    /** The probe {@code call} ({@code Queue.isEmpty}) of one object. */
    public Probe(String call) {
        this.call = call;
    }

    /** The instant a question begins: give it to {@link #answered}. */
    public static long begin() {
        return System.nanoTime();
    }

    /** Counts one answer, {@code ready} or not, to the question begun at {@code began}, and returns it. */
    public boolean answered(long began, boolean ready) {
        long insideBefore = insideNanos;
        if (ready) {
            idleInARow = 0;
            insideNanos = insideBefore + (System.nanoTime() - began);
            return true;
        }
        if (idleInARow == 0) {
            between = 0;
        } else {
            between += Math.max(0, began - lastEnd - (insideBefore - insideAtLastEnd));
        }
        // this probe's own accounting is inside it, not time the program spent between its questions
        long now = System.nanoTime();
        insideNanos = insideBefore + (now - began);
        lastEnd = now;
        insideAtLastEnd = insideNanos;
        if (++idleInARow == IN_A_ROW) {
            idleInARow = 0;
            long average = between / (IN_A_ROW - 1);
            if (!written && average <= MAX_BETWEEN_NANOS && Recorder.on()) {
                written = true;
                Recorder.event(RecordEvent.BUSY_WAIT, "call", call, "at", Recorder.callSite(), "times", IN_A_ROW,
                        "betweenNs", average);
            }
        }
        return false;
    }
}
