package dev.mppractice.mp;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.ManagedObject;
import dev.mppractice.mp.internal.ManagedOp;
import dev.mppractice.mp.internal.HeldLocksRun;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import java.io.Serializable;
import java.time.Duration;

/**
 * A lock kept by a {@link Manager} that excludes across processes (Python's
 * {@code manager.Lock()}).
 *
 * <pre>{@code
 * ManagedLock lock = manager.lock();
 * try (var held = lock.acquire()) {
 *     total.set(total.get() + 1);   // a ManagedValue: read and written under the lock
 * }
 * }</pre>
 *
 * <p>Not reentrant; any process may release it, as Python's. An {@code acquire} waits in the
 * manager, which answers as soon as the lock is free. Each {@code acquire} and {@code release} is
 * a round trip to the manager: {@link Lock}, in shared memory, is far cheaper; a manager lock is
 * for programs that use a manager anyway.
 *
 * <p>Unlike CPython's, a manager lock whose holder died is not held for ever: the manager knows
 * which process holds it, and a waiting {@code acquire} takes it over within about 50 ms of that
 * process's end, reporting it in {@link Held#recoveredFromDeadOwner()} (what the lock guarded may
 * be half-updated). Every method throws {@link ClosedException} when the manager has ended
 * (closed, or killed), an {@code acquire} that was waiting included.
 */
public final class ManagedLock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ManagedObject target;
    /** The run record's span of this process's hold (0: none recorded). */
    private transient long span;

    ManagedLock(ManagedObject target) {
        this.target = target;
    }

    /** Proof of holding the lock; {@link #close()} releases it, so it fits try-with-resources. */
    @CannotTravel(value = "a ManagedLock.Held", instead = "pass the ManagedLock and acquire it in the child")
    public final class Held implements AutoCloseable {
        private final boolean recovered;
        private boolean released;

        private Held(boolean recovered) {
            this.recovered = recovered;
        }

        /** True if the lock was taken over from a process that ended while holding it. */
        public boolean recoveredFromDeadOwner() {
            return recovered;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release();
            }
        }
    }

    /** Takes the lock, waiting as long as it takes. */
    public Held acquire() {
        return held(take(null, "ManagedLock.acquire"), null);
    }

    /**
     * Takes the lock, waiting at most {@code timeout}.
     *
     * @throws LockTimeoutException if it stayed held by another process for the whole timeout
     */
    public Held acquire(Duration timeout) {
        Recorder.timeoutGiven("ManagedLock.acquire", timeout);
        Object got = take(timeout, "ManagedLock.acquire");
        if (got == ManagedObject.TIMED_OUT) {
            timedOut();
            throw new LockTimeoutException("the manager lock stayed held for " + Durations.human(timeout));
        }
        return held(got, "timed");
    }

    /** Takes the lock if it can within {@code timeout}; true if it did. Release with {@link #release()}. */
    public boolean tryAcquire(Duration timeout) {
        Recorder.timeoutGiven("ManagedLock.tryAcquire", timeout);
        Object got = take(timeout, "ManagedLock.tryAcquire");
        if (got == ManagedObject.TIMED_OUT) {
            timedOut();
            return false;
        }
        held(got, "try");
        return true;
    }

    /** Takes the lock through the manager; a wait is recorded as {@code call}, the method the program called. */
    private Object take(Duration timeout, String call) {
        if (HeldLocksRun.ON) {
            HeldLocksRun.beforeTake();
        }
        return target.callWaiting(ManagedOp.LOCK_ACQUIRE, timeout, call, "lock");
    }

    /**
     * {@code how}: null for {@link #acquire()}; {@code "try"} for {@link #tryAcquire}, {@code "timed"} for
     * {@link #acquire(Duration)}, written as that field, true (as {@code Lock} writes them).
     */
    private Held held(Object recovered, String how) {
        if (Recorder.on()) {
            span = how == null ? Recorder.begin(RecordEvent.LOCK_ACQUIRE, "lock", target.id(), "of", null)
                    : Recorder.begin(RecordEvent.LOCK_ACQUIRE, "lock", target.id(), "of", null, how, true);
        }
        if (HeldLocksRun.ON) {
            HeldLocksRun.taken();
        }
        return new Held((Boolean) recovered);
    }

    /** Records that a timed take gave up: without a thread, as this lock's acquires are written. */
    private void timedOut() {
        Recorder.event(RecordEvent.LOCK_TIMEOUT, "lock", target.id());
    }

    /**
     * Releases the lock.
     *
     * @throws ProcessException if the lock is not held
     */
    public void release() {
        long held = span;
        span = 0;
        // Recorded while still held, so the record never shows two holders at once.
        Recorder.end(RecordEvent.LOCK_RELEASE, held, "lock", target.id());
        target.call(ManagedOp.LOCK_RELEASE);
        if (HeldLocksRun.ON) {
            HeldLocksRun.released();
        }
    }

    /** True if some process holds the lock now. */
    public boolean isLocked() {
        return (Boolean) target.call(ManagedOp.LOCK_IS_LOCKED);
    }

    @Override
    public String toString() {
        return "ManagedLock[" + target + "]";
    }
}
