package dev.mppractice.mp;

import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.Segment;
import dev.mppractice.mp.internal.SpinLock;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;

/**
 * A lock that excludes across processes (Python's {@code multiprocessing.Lock}); it lives in
 * shared memory, so taking it sends no message.
 *
 * <pre>{@code
 * try (var held = counter.getLock().acquire()) {
 *     counter.set(counter.get() + 1);
 * }
 * }</pre>
 *
 * <p>It is not reentrant. Unlike CPython's, a lock whose holder died is not held forever: the
 * next acquirer notices that the owner process is gone, takes the lock over, and can tell from
 * {@link Held#recoveredFromDeadOwner()}; the data the lock guarded may be half-updated.
 */
public class Lock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String segmentName;
    private final int segmentSize;
    private final int offset;
    private final String guards;
    private transient SpinLock spin;
    /** The run record's span of the current hold (0: none recorded); the lock is not reentrant, so one is enough. */
    private transient long span;

    /** A new, unlocked lock. */
    public Lock() {
        this(Segment.create(0), 0, null);
    }

    Lock(Segment segment, int offset, String guards) {
        this.segmentName = segment.name();
        this.segmentSize = segment.size();
        this.offset = offset;
        this.guards = guards;
        this.spin = new SpinLock(segment, offset);
    }

    /** Proof of holding the lock; {@link #close()} releases it, so it fits try-with-resources. */
    public final class Held implements AutoCloseable {
        private final boolean recovered;
        private boolean released;

        private Held(boolean recovered) {
            this.recovered = recovered;
        }

        /** True if the lock was taken over from a process that died while holding it. */
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
        return held(spin.acquire(-1));
    }

    /**
     * Takes the lock, waiting at most {@code timeout}.
     *
     * @throws LockTimeoutException if it stayed held by someone else for the whole timeout
     */
    public Held acquire(Duration timeout) {
        SpinLock.Outcome o = spin.acquire(Math.max(0, timeout.toNanos()));
        if (o == SpinLock.Outcome.TIMED_OUT) {
            throw new LockTimeoutException("the lock stayed held for " + timeout);
        }
        return held(o);
    }

    /** Takes the lock if it can within {@code timeout}; true if it did. Release with {@link #release()}. */
    public boolean tryAcquire(Duration timeout) {
        SpinLock.Outcome o = spin.acquire(Math.max(0, timeout.toNanos()));
        if (o == SpinLock.Outcome.TIMED_OUT) {
            return false;
        }
        held(o);
        return true;
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
        Recorder.end(RecordEvent.LOCK_RELEASE, held, "lock", id());
        if (!spin.release()) {
            throw new ProcessException("release of a lock that is not held");
        }
    }

    /** True if this process holds the lock now; for the run record's {@code locked} on writes. */
    boolean isHeldByThisProcess() {
        return spin.isHeldByThisProcess();
    }

    private String id() {
        return segmentName + "@" + offset;
    }

    /** True if some process holds the lock now. */
    public boolean isLocked() {
        return spin.isHeld();
    }

    private Held held(SpinLock.Outcome o) {
        if (Recorder.on()) {
            span = Recorder.begin(RecordEvent.LOCK_ACQUIRE, "lock", id(), "of", guards);
        }
        return new Held(o == SpinLock.Outcome.RECOVERED);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        spin = new SpinLock(Segment.open(segmentName, segmentSize), offset);
    }
}
