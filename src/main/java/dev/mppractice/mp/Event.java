package dev.mppractice.mp;

import static dev.mppractice.mp.internal.Segment.DATA;

import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.Probe;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.Segment;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A flag shared by processes that some wait on and one sets (Python's
 * {@code multiprocessing.Event}): a starting gun for workers, or a stop signal.
 *
 * <pre>{@code
 * Event go = new Event();
 * Process p = new Process(() -> { go.await(); work(); });
 * p.start();
 * go.set();
 * }</pre>
 *
 * <p>It lives in shared memory; a waiter notices {@link #set()} within about a millisecond. As
 * CPython's, a {@code set()} wakes every process waiting then, even when the flag is cleared again at
 * once ({@code set(); clear();}: a pulse); a wait that begins after the {@code clear()} waits for the
 * next {@code set()}.
 */
public final class Event implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The flag: 1 set, 0 clear. */
    private static final int FLAG = DATA;
    /** How many times the event was set: a waiter that sees it change was woken, whatever the flag says by then. */
    private static final int SETS = DATA + 4;

    private final String segmentName;
    private final int segmentSize;
    private transient Segment segment;

    /** A new event, not set. */
    public Event() {
        Context ctx = Context.get();
        segment = Segment.create(ctx.dir(), ctx.newId(), 8);
        segmentName = segment.name();
        segmentSize = segment.size();
    }

    /** Sets the flag: every waiter wakes, and later waits return at once. */
    public void set() {
        segment.setInt(SETS, segment.getInt(SETS) + 1);   // two sets at once may count one: either is a change
        segment.setInt(FLAG, 1);
        if (Recorder.on()) {
            Recorder.event(RecordEvent.EVENT_SET, "event", segmentName);
        }
    }

    /** Clears the flag. */
    public void clear() {
        segment.setInt(FLAG, 0);
    }

    public boolean isSet() {
        Probe probe = setProbe;
        if (probe == null) setProbe = probe = new Probe("Event.isSet");
        long began = Probe.begin();
        return probe.answered(began, flag());
    }

    /** This event's {@code isSet()}, watched for a busy wait in this process ({@link Probe}); made at first use. */
    private transient Probe setProbe;

    private boolean flag() {
        return segment.getInt(FLAG) != 0;
    }

    /** Waits until the flag is set. */
    public void await() {
        await(null);
    }

    /**
     * Waits at most {@code timeout} for the flag; returns whether it is set, or was set while this call waited (and
     * cleared again since).
     */
    public boolean await(Duration timeout) {
        Recorder.timeoutGiven("Event.await", timeout);
        int sets = segment.getInt(SETS);   // read first: a set, even one cleared at once, from here on wakes this call
        if (!flag() && (timeout == null || !timeout.isZero()) && Recorder.on()) {
            try (Recorder.Wait w = Recorder.waiting("Event.await", "event", segmentName, timeout)) {
                boolean set = awaitSet(timeout, sets);
                if (!set) w.outcome("timeout");
                return set;
            }
        }
        return awaitSet(timeout, sets);
    }

    /** Waits at most {@code timeout} until the flag is set or the event's count of sets is no longer {@code sets}. */
    private boolean awaitSet(Duration timeout, int sets) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        long pause = 10_000;
        while (!flag() && segment.getInt(SETS) == sets) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, pause));
            pause = Math.min(1_000_000, pause * 2);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new ProcessException("interrupted while waiting for an event");
            }
        }
        if (Recorder.on()) {
            Recorder.event(RecordEvent.EVENT_WAIT, "event", segmentName);
        }
        return true;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        segment = Segment.open(Context.get().dir(), segmentName, segmentSize);
    }
}
