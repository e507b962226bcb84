package dev.mppractice.mp;

import dev.mppractice.mp.internal.ManagedObject;
import dev.mppractice.mp.internal.ManagedOp;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import java.io.Serializable;
import java.time.Duration;

/**
 * A flag kept by a {@link Manager} that processes wait on and one sets (Python's
 * {@code manager.Event()}); the same use as {@link Event}, served by the manager instead of
 * shared memory.
 *
 * <pre>{@code
 * ManagedEvent go = manager.event();
 * pool.applyAsync(() -> { go.await(); return work(); });
 * go.set();
 * }</pre>
 *
 * <p>{@link #await()} waits in the manager, which answers as soon as the flag is set: no polling.
 * As {@link Event}'s, a {@code set()} wakes every process waiting then, even when the flag is cleared
 * again at once; a wait that begins after the {@code clear()} waits for the next {@code set()}. A wait
 * begins when the manager receives it, as with CPython's manager: an {@code await()} whose call is still
 * on its way when a {@code set(); clear();} arrives waits for the next set (a prober's thread that had
 * just entered {@code await()}, 0.1 to 1 ms before the pulse, missed 7 pulses of 100).
 * It can be captured by tasks and pool tasks. Every method throws {@link ClosedException} when
 * the manager has ended (closed, or killed), an {@code await} that was waiting included.
 */
public final class ManagedEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ManagedObject target;

    ManagedEvent(ManagedObject target) {
        this.target = target;
    }

    /** Sets the flag: every waiter wakes, and later waits return at once. */
    public void set() {
        target.call(ManagedOp.EVENT_SET);
        if (Recorder.on()) {
            Recorder.event(RecordEvent.EVENT_SET, "event", target.id());
        }
    }

    /** Clears the flag. */
    public void clear() {
        target.call(ManagedOp.EVENT_CLEAR);
    }

    /** True if the flag is set now. */
    public boolean isSet() {
        return (Boolean) target.call(ManagedOp.EVENT_IS_SET);
    }

    /** Waits until the flag is set, as long as it takes. */
    public void await() {
        await(null);
    }

    /**
     * Waits at most {@code timeout} for the flag.
     *
     * @return true if the flag is set, false if the time ran out first
     */
    public boolean await(Duration timeout) {
        Recorder.timeoutGiven("ManagedEvent.await", timeout);
        // The token names this wait to the manager: when it is recorded, it asks twice (see ManagedObject.callWaiting)
        long token = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        if (target.callWaiting(ManagedOp.EVENT_WAIT, timeout, "ManagedEvent.await", "event", token) == ManagedObject.TIMED_OUT) {
            return false;
        }
        if (Recorder.on()) {
            Recorder.event(RecordEvent.EVENT_WAIT, "event", target.id());
        }
        return true;
    }

    @Override
    public String toString() {
        return "ManagedEvent[" + target + "]";
    }
}
