package dev.mppractice.mp;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.HeldLocksRun;
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
 * next acquirer notices within about 20 ms that the owner process is gone (ended, whether or not
 * its parent has reaped it yet), takes the lock over, and can tell from
 * {@link Held#recoveredFromDeadOwner()}; the data the lock guarded may be half-updated.
 *
 * <p>A lock travels to the processes whose tasks capture it; a {@link Held} does not.
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
    private transient String id;
    /** The run record's events of this lock for the thread that used it last here (see {@link #threadEvents}). */
    private transient Events events;
    /** Every thread's events of this lock in this process, made at its first use; guarded by {@code this}. */
    private transient java.util.Map<Thread, Events> byThread;
    /**
     * The thread that took the lock through this object and has not released it, or null: what the
     * run record's {@code locked} on a write asks first ({@link #isHeldByThisProcess}), since reading the
     * shared lock word costs a child's interpreter about a microsecond, once per recorded write. Set and
     * cleared by that thread, and trusted only by it.
     */
    private transient Thread holder;
    /**
     * Set once any lock of this process is released by a thread that did not take it through the same
     * object (another thread, or another copy of the lock): then {@link #holder} may be out of date,
     * and the shared word alone says who holds a lock. Set before the word is cleared.
     */
    private static volatile boolean releasedByAnother;
    /** How many times this process took the lock through this object, in a recorded run: names a hold. */
    private transient long holds;
    /** {@link #currentHold} when this process does not hold the lock. */
    static final long NOT_HELD = -1;
    /** {@link #currentHold} when this process holds the lock through another copy of it: one hold, unnamed. */
    private static final long HELD_ELSEWHERE = -2;

    /** A new, unlocked lock. */
    public Lock() {
        this(Context.get());
    }

    private Lock(Context ctx) {
        this(Segment.create(ctx.dir(), ctx.newId(), 0), 0, null);
    }

    Lock(Segment segment, int offset, String guards) {
        this.segmentName = segment.name();
        this.segmentSize = segment.size();
        this.offset = offset;
        this.guards = guards;
        this.spin = new SpinLock(segment, offset);
    }

    /** Proof of holding the lock; {@link #close()} releases it, so it fits try-with-resources. */
    @CannotTravel(value = "a Lock.Held", instead = "pass the Lock and acquire it in the child")
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
        Events e = events();
        boolean recorded = e.acquire.recorded();
        if (recorded && (e.thread != Thread.currentThread() || e.acquire.on())) {
            return held(take(-1, null, "Lock.acquire"), PLAIN);
        }
        // The path of a loop that takes the lock thousands of times, kept to a few calls (a child's first few
        // thousand acquires run in the interpreter, which pays for each one): not recorded, or this thread's acquires
        // of this lock are spent for good, and then only a wait is recorded, and a hold still numbered (a value's
        // locked write tells a read in its hold).
        SpinLock.Outcome o = recorded ? spin.acquireRecorded(-1, "Lock.acquire", id(), null) : spin.acquire(-1);
        holder = Thread.currentThread();
        holds++;
        return new Held(o == SpinLock.Outcome.RECOVERED);
    }

    /**
     * Takes the lock; a wait is recorded only once it is found held by someone else for a while, as {@code call} (the
     * method the program called, which a learner finds on the line the record names).
     */
    private SpinLock.Outcome take(long nanos, Duration timeout, String call) {
        if (HeldLocksRun.ON) {
            HeldLocksRun.beforeTake();
        }
        if (nanos == 0 || !events().acquire.recorded()) {
            return spin.acquire(nanos);
        }
        return spin.acquireRecorded(nanos, call, id(), timeout);
    }

    /**
     * Takes the lock, waiting at most {@code timeout}.
     *
     * @throws LockTimeoutException if it stayed held by someone else for the whole timeout
     */
    public Held acquire(Duration timeout) {
        Recorder.timeoutGiven("Lock.acquire", timeout);
        SpinLock.Outcome o = take(Math.max(0, timeout.toNanos()), timeout, "Lock.acquire");
        if (o == SpinLock.Outcome.TIMED_OUT) {
            timedOut();
            throw new LockTimeoutException("the lock stayed held for " + Durations.human(timeout));
        }
        return held(o, TIMED);
    }

    /** Takes the lock if it can within {@code timeout}; true if it did. Release with {@link #release()}. */
    public boolean tryAcquire(Duration timeout) {
        Recorder.timeoutGiven("Lock.tryAcquire", timeout);
        SpinLock.Outcome o = take(Math.max(0, timeout.toNanos()), timeout, "Lock.tryAcquire");
        if (o == SpinLock.Outcome.TIMED_OUT) {
            timedOut();
            return false;
        }
        held(o, TRIED);
        return true;
    }

    /** Records that a timed take of the calling thread gave up (the record's {@code lock-timeout}). */
    private void timedOut() {
        if (events().acquire.recorded()) {
            Recorder.event(RecordEvent.LOCK_TIMEOUT, "lock", id(), "thread", Thread.currentThread().getId());
        }
    }

    /**
     * Releases the lock.
     *
     * @throws ProcessException if the lock is not held
     */
    public void release() {
        long held = span;
        span = 0;
        if (holder != Thread.currentThread()) {
            releasedByAnother = true;
        }
        holder = null;
        // Recorded while still held, so the record never shows two holders at once.
        if (held != 0) {
            events.release.end(held);
        }
        if (!spin.release()) {
            throw new ProcessException("release of a lock that is not held");
        }
        if (HeldLocksRun.ON) {
            HeldLocksRun.released();
        }
    }

    /** True if this process holds the lock now; for the run record's {@code locked} on writes. */
    boolean isHeldByThisProcess() {
        return holder == Thread.currentThread() && !releasedByAnother || spin.isHeldByThisProcess();
    }

    /**
     * For the run record, in a recorded run: a number that names the calling thread's current hold of the lock, the same
     * from its acquire to its release ({@link #NOT_HELD} when this process does not hold it), so that a value's read and
     * write can be told to be in one hold (the record's {@code read} on a write).
     */
    long currentHold() {
        if (holder == Thread.currentThread() && !releasedByAnother) {
            return holds;
        }
        return spin.isHeldByThisProcess() ? HELD_ELSEWHERE : NOT_HELD;
    }

    /** The lock's id in the run record, made once (a recorded loop names it at every acquire and release). */
    private String id() {
        String i = id;
        if (i == null) {
            i = segmentName + "@" + offset;
            id = i;
        }
        return i;
    }

    /** True if some process holds the lock now. */
    public boolean isLocked() {
        return spin.isHeld();
    }

    /** How a take was asked for: {@link #acquire()}, {@link #tryAcquire} or {@link #acquire(Duration)}. */
    private static final int PLAIN = 0;
    private static final int TRIED = 1;
    private static final int TIMED = 2;

    /**
     * {@code how}: {@link #TRIED} for a take by {@link #tryAcquire}, whose caller goes on without the lock when it
     * times out (the record's {@code try}): such a take does not wait for ever, whatever order locks are taken in;
     * {@link #TIMED} for one by {@link #acquire(Duration)}, which throws when it times out (the record's {@code timed}:
     * a caller that catches that and backs off cannot deadlock either, which the checker tells from a
     * {@code lock-timeout} its thread went on after).
     */
    private Held held(SpinLock.Outcome o, int how) {
        holder = Thread.currentThread();
        holds++;
        Events e = threadEvents();
        span = (how == TRIED ? e.acquireTried : how == TIMED ? e.acquireTimed : e.acquire).begin();
        if (HeldLocksRun.ON) {
            HeldLocksRun.taken();
        }
        return new Held(o == SpinLock.Outcome.RECOVERED);
    }

    /**
     * This lock's events for one thread of this process (an acquire, one by {@code tryAcquire}, one with a timeout, a
     * release; final fields: a thread that sees them sees all), made at that thread's first use here: a recorded loop
     * takes a lock thousands of times, and its lines are formatted once. An acquire names its thread (the record's {@code thread}), so that
     * a rule tells two threads' holds apart: one holding a lock while another takes a second is no order of the two.
     */
    private record Events(Thread thread, Recorder.Fixed acquire, Recorder.Fixed acquireTried, Recorder.Fixed acquireTimed,
            Recorder.Fixed release) {
    }

    /** The events of whichever thread used the lock last: for whether this process is recorded, and for a release. */
    private Events events() {
        Events e = events;
        return e != null ? e : threadEvents();
    }

    /** The calling thread's events, made at its first use of the lock here. */
    private Events threadEvents() {
        Thread t = Thread.currentThread();
        Events e = events;
        if (e != null && e.thread == t) {
            return e;
        }
        synchronized (this) {
            if (byThread == null) {
                byThread = new java.util.WeakHashMap<>();
            }
            e = byThread.computeIfAbsent(t, k -> new Events(k,
                    Recorder.fixed(RecordEvent.LOCK_ACQUIRE, "lock", id(), "of", guards, "thread", k.getId()),
                    Recorder.fixed(RecordEvent.LOCK_ACQUIRE, "lock", id(), "of", guards, "try", true, "thread", k.getId()),
                    Recorder.fixed(RecordEvent.LOCK_ACQUIRE, "lock", id(), "of", guards, "timed", true, "thread", k.getId()),
                    Recorder.fixed(RecordEvent.LOCK_RELEASE, "lock", id())));
        }
        events = e;
        return e;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        spin = new SpinLock(Segment.open(Context.get().dir(), segmentName, segmentSize).checkSpan("a lock", offset, 8, 8), offset);
    }
}
