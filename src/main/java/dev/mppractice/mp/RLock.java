package dev.mppractice.mp;

import static dev.mppractice.mp.internal.Segment.DATA;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.HeldLocksRun;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.Segment;
import dev.mppractice.mp.internal.SpinLock;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;

/**
 * A reentrant lock that excludes across processes (Python's {@code multiprocessing.RLock}): the
 * thread that holds it may acquire it again, and it is free once that thread has released it as
 * many times as it acquired it. It lives in shared memory, so taking it sends no message.
 *
 * <pre>{@code
 * RLock lock = new RLock();
 * try (var held = lock.acquire()) {
 *     try (var again = lock.acquire()) {   // the same thread: does not block
 *         ...
 *     }
 * }                                         // free here
 * }</pre>
 *
 * <p>Ownership is per thread of a process: another thread, of this process or another, blocks in
 * {@link #acquire()} until the owner has released every hold. As {@link Lock}, an RLock whose
 * owning process died is not held forever: the next acquirer notices within about 20 ms that the
 * owner is gone, takes it over with a count of one, and can tell from
 * {@link Held#recoveredFromDeadOwner()}.
 *
 * <p>An RLock travels to the processes whose tasks capture it; a {@link Held} does not.
 */
public final class RLock implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The owning thread's id (0: none), how many times it holds the lock, and the run record's span of the hold. */
    private static final int THREAD = DATA;
    private static final int COUNT = DATA + 8;
    private static final int SPAN = DATA + 16;

    private final String segmentName;
    private final int segmentSize;
    private transient Segment segment;
    private transient SpinLock spin;

    /** A new, unlocked lock. */
    public RLock() {
        Context ctx = Context.get();
        segment = Segment.create(ctx.dir(), ctx.newId(), 24);
        segmentName = segment.name();
        segmentSize = segment.size();
        spin = new SpinLock(segment, 0);
    }

    /** Proof of one hold of the lock; {@link #close()} releases that hold, so it fits try-with-resources. */
    @CannotTravel(value = "an RLock.Held", instead = "pass the RLock and acquire it in the child")
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

        /** Releases this hold (once; a second close does nothing). */
        @Override
        public void close() {
            if (!released) {
                released = true;
                release();
            }
        }
    }

    /**
     * Takes the lock, or one more hold of it when the calling thread holds it already; blocks as long
     * as another thread (of any process) holds it.
     */
    public Held acquire() {
        return take(-1, null, PLAIN);
    }

    /**
     * As {@link #acquire()}, waiting at most {@code timeout}.
     *
     * @throws LockTimeoutException if another thread held it for the whole timeout
     */
    public Held acquire(Duration timeout) {
        Recorder.timeoutGiven("RLock.acquire", timeout);
        Held h = take(Math.max(0, timeout.toNanos()), timeout, TIMED);
        if (h == null) {
            throw new LockTimeoutException("the RLock stayed held by another thread for " + Durations.human(timeout));
        }
        return h;
    }

    /** Takes the lock if it can within {@code timeout}; true if it did. Release with {@link #release()}. */
    public boolean tryAcquire(Duration timeout) {
        Recorder.timeoutGiven("RLock.tryAcquire", timeout);
        return take(Math.max(0, timeout.toNanos()), timeout, TRIED) != null;
    }

    /**
     * Releases one hold of the lock; the last one frees it.
     *
     * @throws ProcessException if the calling thread does not hold it
     */
    public void release() {
        if (!isHeldByCurrentThread()) {
            throw new ProcessException("release of an RLock that the calling thread does not hold");
        }
        long count = segment.getLong(COUNT);
        if (count > 1) {
            segment.setLong(COUNT, count - 1);
            return;
        }
        free();
    }

    /** True if the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return spin.isHeldByThisProcess() && segment.getLong(THREAD) == Thread.currentThread().getId();
    }

    /** True if some thread of some process holds the lock now. */
    public boolean isLocked() {
        return spin.isHeld();
    }

    /** The id of the lock in the run record ({@code lock} of {@code lock-acquire}). */
    String id() {
        return segmentName + "@0";
    }

    /** How a take was asked for: {@link #acquire()}, {@link #tryAcquire} or {@link #acquire(Duration)} (see {@link #own}). */
    private static final int PLAIN = 0;
    private static final int TRIED = 1;
    private static final int TIMED = 2;

    /** Null when it timed out; {@code how}: {@link #PLAIN}, {@link #TRIED} or {@link #TIMED} (see {@link #own}). */
    private Held take(long nanos, Duration timeout, int how) {
        if (isHeldByCurrentThread()) {
            segment.setLong(COUNT, segment.getLong(COUNT) + 1);
            return new Held(false);
        }
        if (HeldLocksRun.ON) {
            HeldLocksRun.beforeTake();
        }
        // A wait is recorded only once the lock was found held by someone else for a while.
        SpinLock.Outcome o = nanos == 0 || !Recorder.on() ? spin.acquire(nanos)
                : spin.acquireRecorded(nanos, how == TRIED ? "RLock.tryAcquire" : "RLock.acquire", id(), timeout);
        if (o == SpinLock.Outcome.TIMED_OUT) {
            if (Recorder.on()) {
                Recorder.event(RecordEvent.LOCK_TIMEOUT, "lock", id(), "thread", Thread.currentThread().getId());
            }
            return null;
        }
        own(1, how);
        if (HeldLocksRun.ON) {
            HeldLocksRun.taken();
        }
        return new Held(o == SpinLock.Outcome.RECOVERED);
    }

    /**
     * Made the owner with {@code count} holds, just after the spin lock was taken; {@code how} {@link #TRIED} when
     * {@link #tryAcquire} took it (the record's {@code try}: its caller goes on without the lock when it times out, so
     * such a take does not wait for ever, whatever order locks are taken in), {@link #TIMED} when
     * {@link #acquire(Duration)} did (the record's {@code timed}: see {@code Lock}).
     */
    private void own(long count, int how) {
        segment.setLong(THREAD, Thread.currentThread().getId());
        segment.setLong(COUNT, count);
        long thread = Thread.currentThread().getId(); // the record's thread: see Lock.Events
        long span = !Recorder.on() ? 0
                : how == TRIED ? Recorder.begin(RecordEvent.LOCK_ACQUIRE, "lock", id(), "of", null, "try", true, "thread", thread)
                : how == TIMED ? Recorder.begin(RecordEvent.LOCK_ACQUIRE, "lock", id(), "of", null, "timed", true, "thread", thread)
                : Recorder.begin(RecordEvent.LOCK_ACQUIRE, "lock", id(), "of", null, "thread", thread);
        segment.setLong(SPAN, span);
    }

    /** Frees the lock whatever its count; the calling thread holds it. */
    private void free() {
        long span = segment.getLong(SPAN);
        segment.setLong(SPAN, 0);
        segment.setLong(COUNT, 0);
        segment.setLong(THREAD, 0);
        // Recorded while still held, so the record never shows two holders at once.
        Recorder.end(RecordEvent.LOCK_RELEASE, span, "lock", id());
        spin.release();
        if (HeldLocksRun.ON) {
            HeldLocksRun.released();
        }
    }

    /**
     * For {@link Condition#await}: frees the lock however many holds the calling thread has and
     * returns that count, for {@link #restore}.
     */
    long releaseAll() {
        long count = segment.getLong(COUNT);
        free();
        return count;
    }

    /** Takes the lock again, as long as it takes, with the holds {@link #releaseAll} returned. */
    void restore(long count) {
        if (Recorder.on()) {
            spin.acquireRecorded(-1, "RLock.acquire", id(), null);
        } else {
            spin.acquire(-1);
        }
        own(count, PLAIN);
        if (HeldLocksRun.ON) {
            HeldLocksRun.taken();
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        segment = Segment.open(Context.get().dir(), segmentName, segmentSize);
        spin = new SpinLock(segment, 0);
    }
}
