package dev.mppractice.mp;

import static dev.mppractice.mp.internal.Segment.DATA;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.Pause;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.Segment;
import dev.mppractice.mp.internal.SpinLock;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared by processes (Python's {@code multiprocessing.Condition}): a process
 * holding the condition's lock waits in {@link #await()} until another process changes the shared
 * state and calls {@link #signal()} or {@link #signalAll()}.
 *
 * <pre>{@code
 * Condition changed = new Condition();         // with a lock of its own (an RLock)
 * // a consumer, in one process:
 * try (var held = changed.acquire()) {
 *     while (count.get() == 0) {
 *         changed.await();                     // lets go of the lock while it waits
 *     }
 *     take();
 *     changed.signalAll();
 * }
 * // a producer, in another:
 * try (var held = changed.acquire()) {
 *     put();
 *     changed.signalAll();
 * }
 * }</pre>
 *
 * <p>{@code await} releases the lock (however many times an {@link RLock} is held), blocks until it
 * is signalled (or its timeout runs out), and takes the lock again before it returns, so the caller
 * holds the lock on both sides. As everywhere, a waiter may find the state not yet as it wants it:
 * wait in a loop on the state, or use {@link #awaitUntil(BooleanSupplier, Duration)}. Waiters are
 * woken oldest first. {@code await}, {@code signal} and {@code signalAll} need the lock held by the
 * caller ({@link ProcessException} otherwise).
 *
 * <p>Several conditions may share one lock ({@code new Condition(lock)}): "not full" and "not empty"
 * of one buffer. A holder of the lock that dies does not leave the others waiting: the lock is taken
 * over as {@link RLock} and {@link Lock} say; a signal never goes to a waiter whose process has
 * ended. Waiters notice a signal within about a millisecond. At most 64 threads wait at once.
 *
 * <p>A condition travels to the processes whose tasks capture it (with its lock); a {@link Held}
 * does not.
 */
public final class Condition implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The next waiter's ticket: waiters are woken in the order they began to wait. */
    private static final int NEXT_TICKET = DATA;
    /** The waiters' table: entries of (owner word, ticket, state); owner 0 is a free entry. */
    private static final int TABLE = DATA + 64;
    private static final int SLOTS = 64;
    private static final int SLOT_BYTES = 24;
    private static final long WAITING = 1;
    private static final long NOTIFIED = 2;

    /** Exactly one of the two is set. */
    private final RLock rlock;
    private final Lock lock;
    private final String segmentName;
    private final int segmentSize;
    private transient Segment segment;
    private transient SpinLock guard;

    /** A condition with a new {@link RLock} of its own. */
    public Condition() {
        this(new RLock(), null);
    }

    /** A condition over {@code lock} (which other conditions may share). */
    public Condition(RLock lock) {
        this(requireLock(lock), null);
    }

    /** A condition over a non-reentrant {@code lock} (which other conditions may share). */
    public Condition(Lock lock) {
        this(null, requireLock(lock));
    }

    private Condition(RLock rlock, Lock lock) {
        this.rlock = rlock;
        this.lock = lock;
        Context ctx = Context.get();
        segment = Segment.create(ctx.dir(), ctx.newId(), TABLE - DATA + SLOTS * SLOT_BYTES);
        segmentName = segment.name();
        segmentSize = segment.size();
        guard = new SpinLock(segment, 0);
    }

    private static <T> T requireLock(T lock) {
        if (lock == null) {
            throw new NullPointerException("a Condition needs a lock");
        }
        return lock;
    }

    /** Proof of holding the condition's lock (once); {@link #close()} releases it. */
    @CannotTravel(value = "a Condition.Held", instead = "pass the Condition and acquire it in the child")
    public final class Held implements AutoCloseable {
        private boolean released;

        private Held() {
        }

        /** Releases the lock (once; a second close does nothing). */
        @Override
        public void close() {
            if (!released) {
                released = true;
                release();
            }
        }
    }

    /** Takes the condition's lock, as long as it takes (its {@link RLock} again, when the thread holds it). */
    public Held acquire() {
        if (rlock != null) {
            rlock.acquire();
        } else {
            lock.acquire();
        }
        return new Held();
    }

    /**
     * Takes the condition's lock, waiting at most {@code timeout}.
     *
     * @throws LockTimeoutException if it stayed held for the whole timeout
     */
    public Held acquire(Duration timeout) {
        Recorder.timeoutGiven("Condition.acquire", timeout);
        if (rlock != null) {
            rlock.acquire(timeout);
        } else {
            lock.acquire(timeout);
        }
        return new Held();
    }

    /**
     * Releases the condition's lock (one hold of an {@link RLock}).
     *
     * @throws ProcessException if the caller does not hold it
     */
    public void release() {
        if (rlock != null) {
            rlock.release();
        } else {
            lock.release();
        }
    }

    /** The condition's lock: an {@link RLock} or a {@link Lock}. */
    public Object getLock() {
        return rlock != null ? rlock : lock;
    }

    /**
     * Waits until signalled, as long as it takes. The caller must hold the lock; it is released
     * while waiting and held again when this returns.
     *
     * @throws ProcessException if the caller does not hold the lock
     */
    public void await() {
        await(null);
    }

    /**
     * Waits until signalled or until {@code timeout} has passed (null: no limit). The caller must
     * hold the lock; it is released while waiting and held again when this returns, even after a
     * timeout (taking it again may take longer than the timeout).
     *
     * @return false if the time ran out before a signal, true otherwise
     * @throws ProcessException if the caller does not hold the lock
     */
    public boolean await(Duration timeout) {
        Recorder.timeoutGiven("Condition.await", timeout);
        requireHeld("await on");
        int slot = enqueue();
        boolean notified;
        try (Recorder.Wait w = Recorder.waiting("Condition.await", "condition", segmentName, timeout)) {
            long holds = rlock != null ? rlock.releaseAll() : releasePlain();
            try {
                notified = waitForSignal(slot, new Pause(timeout));
            } finally {
                if (rlock != null) {
                    rlock.restore(holds);
                } else {
                    lock.acquire();
                }
            }
            if (!notified) w.outcome("timeout");
        }
        if (Recorder.on()) {
            Recorder.event(RecordEvent.CONDITION_WAIT, "condition", segmentName, "notified", notified);
        }
        return notified;
    }

    /**
     * Waits until {@code predicate} is true (Python's {@code wait_for}): checks it, and while it is
     * false waits for a signal and checks again, for at most {@code timeout} in all (null: no limit).
     * The predicate runs in this process with the lock held.
     *
     * @return the predicate's last value: false only when the time ran out
     * @throws ProcessException if the caller does not hold the lock
     */
    public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) {
        Recorder.timeoutGiven("Condition.awaitUntil", timeout);
        long deadline = timeout == null ? 0 : System.nanoTime() + Math.max(0, timeout.toNanos());
        boolean result = predicate.getAsBoolean();
        while (!result) {
            Duration left = null;
            if (timeout != null) {
                long nanos = deadline - System.nanoTime();
                if (nanos <= 0) {
                    break;
                }
                left = Duration.ofNanos(nanos);
            }
            await(left);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** As {@link #awaitUntil(BooleanSupplier, Duration)} without a time limit. */
    public void awaitUntil(BooleanSupplier predicate) {
        awaitUntil(predicate, null);
    }

    /**
     * Wakes the longest-waiting waiter, if any (Python's {@code notify}).
     *
     * @throws ProcessException if the caller does not hold the lock
     */
    public void signal() {
        wake(1, false);
    }

    /**
     * Wakes every waiter (Python's {@code notify_all}).
     *
     * @throws ProcessException if the caller does not hold the lock
     */
    public void signalAll() {
        wake(Integer.MAX_VALUE, true);
    }

    private void wake(int n, boolean all) {
        requireHeld(all ? "signalAll on" : "signal on");
        int woken = 0;
        guard.acquire(-1);
        try {
            while (woken < n) {
                int oldest = -1;
                for (int i = 0; i < SLOTS; i++) {
                    if (owner(i) != 0 && state(i) == WAITING && (oldest < 0 || ticket(i) < ticket(oldest))) {
                        oldest = i;
                    }
                }
                if (oldest < 0) {
                    break;
                }
                if (SpinLock.ownerGone(owner(oldest))) {
                    segment.setLong(slotAt(oldest), 0); // a dead waiter: the signal goes to the next
                    continue;
                }
                segment.setLong(slotAt(oldest) + 16, NOTIFIED);
                woken++;
            }
        } finally {
            guard.release();
        }
        if (Recorder.on()) {
            Recorder.event(RecordEvent.CONDITION_SIGNAL, "condition", segmentName, "all", all, "woken", woken);
        }
    }

    /** Enters this thread in the waiters' table, while it still holds the lock: no signal after this is lost. */
    private int enqueue() {
        guard.acquire(-1);
        try {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < SLOTS; i++) {
                    if (owner(i) == 0) {
                        long ticket = segment.getLong(NEXT_TICKET);
                        segment.setLong(NEXT_TICKET, ticket + 1);
                        segment.setLong(slotAt(i) + 8, ticket);
                        segment.setLong(slotAt(i) + 16, WAITING);
                        // the owner last: an entry is in use only once its owner is written
                        segment.setLong(slotAt(i), SpinLock.self());
                        return i;
                    }
                }
                for (int i = 0; i < SLOTS; i++) {
                    if (SpinLock.ownerGone(owner(i))) segment.setLong(slotAt(i), 0);
                }
            }
        } finally {
            guard.release();
        }
        throw new ProcessException("more than " + SLOTS + " threads wait on one Condition");
    }

    /** True if signalled; false if the time ran out first. Leaves the table either way. */
    private boolean waitForSignal(int slot, Pause pause) {
        try {
            while (state(slot) != NOTIFIED) {
                if (pause.expired()) {
                    guard.acquire(-1);
                    try {
                        // a signal that came just now still counts: it was meant for this waiter
                        return state(slot) == NOTIFIED;
                    } finally {
                        segment.setLong(slotAt(slot), 0);
                        guard.release();
                    }
                }
                pause.pause("a condition's signal");
            }
            segment.setLong(slotAt(slot), 0);
            return true;
        } catch (RuntimeException e) {
            guard.acquire(-1);
            segment.setLong(slotAt(slot), 0);
            guard.release();
            throw e;
        }
    }

    private long releasePlain() {
        lock.release();
        return 1;
    }

    private void requireHeld(String what) {
        boolean held = rlock != null ? rlock.isHeldByCurrentThread() : lock.isHeldByThisProcess();
        if (!held) {
            throw new ProcessException(what + " a Condition whose lock the caller does not hold: take it first with "
                    + "`try (var held = condition.acquire()) { ... }`");
        }
    }

    private long owner(int slot) {
        return segment.getLong(slotAt(slot));
    }

    private long ticket(int slot) {
        return segment.getLong(slotAt(slot) + 8);
    }

    private long state(int slot) {
        return segment.getLong(slotAt(slot) + 16);
    }

    private static int slotAt(int slot) {
        return TABLE + slot * SLOT_BYTES;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if ((rlock == null) == (lock == null)) {
            throw new java.io.InvalidObjectException("a Condition needs exactly one lock");
        }
        segment = Segment.open(Context.get().dir(), segmentName, segmentSize);
        guard = new SpinLock(segment, 0);
    }
}
