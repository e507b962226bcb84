package dev.mppractice.mp;

import static dev.mppractice.mp.internal.Segment.DATA;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.Pause;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.Segment;
import dev.mppractice.mp.internal.SpinLock;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A counter of permits shared by processes (Python's {@code multiprocessing.Semaphore}): at most
 * as many holders at once as it has permits, for a resource that only a few may use together.
 *
 * <pre>{@code
 * Semaphore connections = new Semaphore(2);
 * // in each of many processes:
 * try (var permit = connections.acquire()) {
 *     download(file);                      // at most 2 processes here at once
 * }
 * }</pre>
 *
 * <p>{@link #acquire()} blocks while no permit is free; {@link #release()} gives one back. As in
 * Python, a plain semaphore does not limit releases: a {@code release()} with no permit out adds a
 * permit ({@link BoundedSemaphore} refuses that instead).
 *
 * <p><b>Permits of the dead come back.</b> The semaphore records, in shared memory, which process
 * holds each permit it gave out. A process that dies while holding permits (killed, crashed: its
 * task threw, it called {@code System.exit}) gives them back: a waiter notices within about 20 ms, so
 * a dead holder never leaves the others waiting forever (CPython's semaphore loses the permit). A
 * process whose task returned keeps what it took, as in Python: the count stays down, so a semaphore
 * can count items handed from process to process. {@code release()} gives back a permit of the
 * calling process; from a process that holds none it gives back one held by another process (a
 * hand-off: one process acquires, another releases). At most 64 processes are recorded as holders
 * at once; permits held beyond that are counted but not given back on death.
 *
 * <p>A semaphore travels to the processes whose tasks capture it; a {@link Permit} does not. Blocking
 * calls wake within about a millisecond of a release.
 */
public class Semaphore implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Permits in existence: the initial count plus the releases that found no permit out. */
    private static final int TOTAL = DATA;
    /** The initial count. */
    private static final int INITIAL = DATA + 8;
    /** Permits held by processes that did not fit in the holders' table. */
    private static final int UNOWNED = DATA + 16;
    /** The holders' table: {@link #SLOTS} entries of (owner word, permits held); owner 0 is a free entry. */
    private static final int TABLE = DATA + 64;
    private static final int SLOTS = 64;
    private static final int SLOT_BYTES = 16;
    /** This process's open {@code semaphore-acquire} spans, per semaphore. */
    private static final Map<String, Deque<Long>> SPANS = new ConcurrentHashMap<>();

    private final String segmentName;
    private final int segmentSize;
    private transient Segment segment;
    /** Guards the permits' entries; package-private for a test that holds it, as a release in progress does. */
    transient SpinLock guard;
    /** This semaphore's acquire event in this process (see {@link Recorder#fixed}); made at its first acquire here. */
    private transient Recorder.Fixed acquireEvent;

    /**
     * A semaphore with {@code permits} free permits.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore's initial count must be 0 or more, not " + permits);
        }
        Context ctx = Context.get();
        segment = Segment.create(ctx.dir(), ctx.newId(), TABLE - DATA + SLOTS * SLOT_BYTES);
        segmentName = segment.name();
        segmentSize = segment.size();
        guard = new SpinLock(segment, 0);
        segment.setLong(TOTAL, permits);
        segment.setLong(INITIAL, permits);
        ctx.atCleanExit(this::keepWhatThisProcessTook);
    }

    /**
     * At a clean end of this process (its task returned): the permits it still holds stay taken, as
     * in Python (the count goes down for good), instead of being given back as a dead holder's are.
     */
    private void keepWhatThisProcessTook() {
        guard.acquire(-1);
        try {
            int slot = slotOf(SpinLock.self());
            if (slot >= 0) {
                // the total first: a process killed between the two writes leaves the permits still owned
                segment.setLong(TOTAL, segment.getLong(TOTAL) - count(slot));
                segment.setLong(slotAt(slot), 0);
            }
        } finally {
            guard.release();
        }
    }

    /** One permit held; {@link #close()} gives it back, so it fits try-with-resources. */
    @CannotTravel(value = "a Semaphore.Permit", instead = "pass the Semaphore and acquire it in the child")
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() {
        }

        /** Gives the permit back (once; a second close does nothing). */
        @Override
        public void close() {
            if (!released) {
                released = true;
                release();
            }
        }
    }

    /** Takes a permit, blocking as long as none is free. */
    public Permit acquire() {
        take(null);
        return new Permit();
    }

    /**
     * Takes a permit, blocking at most {@code timeout}.
     *
     * @throws SemaphoreTimeoutException if no permit was free for the whole timeout
     */
    public Permit acquire(Duration timeout) {
        Recorder.timeoutGiven("Semaphore.acquire", timeout);
        if (!take(timeout)) {
            throw new SemaphoreTimeoutException("no permit of the semaphore was free for " + Durations.human(timeout));
        }
        return new Permit();
    }

    /** Takes a permit if one is free now; true if it did (give it back with {@link #release()}). Never blocks. */
    public boolean tryAcquire() {
        return take(Duration.ZERO);
    }

    /** Takes a permit if one is free within {@code timeout}; true if it did. */
    public boolean tryAcquire(Duration timeout) {
        Recorder.timeoutGiven("Semaphore.tryAcquire", timeout);
        return take(timeout);
    }

    /**
     * Gives a permit back: one this process holds, else (a hand-off) one held by another process,
     * else, with no permit out at all, adds a permit.
     *
     * @throws SemaphoreReleaseException from a {@link BoundedSemaphore} when no permit is out
     */
    public void release() {
        guard.acquire(-1);
        try {
            int mine = slotOf(SpinLock.self());
            int slot = mine;
            for (int i = 0; i < SLOTS && slot < 0; i++) {
                if (owner(i) != 0 && count(i) > 0) slot = i;
            }
            boolean unowned = slot < 0 && segment.getLong(UNOWNED) > 0;
            if (slot < 0 && !unowned) {
                releaseWithNoneOut();
                if (Recorder.on()) Recorder.event(RecordEvent.SEMAPHORE_RELEASE, "semaphore", segmentName, "added", true);
                return;
            }
            if (mine >= 0) {
                // Recorded before the permit is free, so the record never shows more holders than permits.
                Deque<Long> spans = SPANS.get(segmentName);
                Long span = spans == null ? null : spans.pollLast();
                if (span != null) Recorder.end(RecordEvent.SEMAPHORE_RELEASE, span, "semaphore", segmentName);
            } else if (Recorder.on()) {
                Recorder.event(RecordEvent.SEMAPHORE_RELEASE, "semaphore", segmentName, "handoff", true);
            }
            if (unowned) {
                segment.setLong(UNOWNED, segment.getLong(UNOWNED) - 1);
            } else if (count(slot) <= 1) {
                segment.setLong(slotAt(slot), 0);
            } else {
                segment.setLong(slotAt(slot) + 8, count(slot) - 1);
            }
        } finally {
            guard.release();
        }
    }

    /** What a release does when no permit is out: a plain semaphore adds one; called under the guard, it may throw. */
    void releaseWithNoneOut() {
        segment.setLong(TOTAL, segment.getLong(TOTAL) + 1);
    }

    /** The initial count. */
    long initial() {
        return segment.getLong(INITIAL);
    }

    /** How many permits are free now (permits of processes that have ended count as free). */
    public int availablePermits() {
        guard.acquire(-1);
        try {
            giveBackPermitsOfTheDead();
            return (int) free();
        } finally {
            guard.release();
        }
    }

    /** Takes a permit within {@code timeout} (null: no limit); false if it did not. */
    private boolean take(Duration timeout) {
        boolean got = takeOrWait(timeout);
        if (!got && Recorder.on()) {
            // the record's after-give-up: what the process does next, without the permit, is told from it
            Recorder.event(RecordEvent.SEMAPHORE_TIMEOUT, "semaphore", segmentName);
        }
        return got;
    }

    private boolean takeOrWait(Duration timeout) {
        if (tryTake(false)) {
            return true;
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            // A take that does not wait does not wait for the guard either, and looks for permits of dead holders only
            // every OWNER_CHECK_MILLIS: a loop of tryAcquire() took the guard at each try, and the holders, whose release
            // needs it, waited behind the loop (exercise 18's spinning downloaders kept the two holding the permits from
            // giving them back for the whole 30 s of the run).
            return sweepDue() && tryTake(true, false);
        }
        Pause pause = new Pause(timeout);
        try (Recorder.Wait w = Recorder.waiting("Semaphore.acquire", "semaphore", segmentName, timeout)) {
            while (true) {
                if (tryTake(pause.ownerCheckDue())) {
                    return true;
                }
                if (pause.expired()) {
                    w.outcome("timeout");
                    return false;
                }
                pause.pause("a semaphore's permit");
            }
        }
    }

    /** When this process's next take that does not wait may look for permits of dead holders ({@link #sweepDue}). */
    private transient long nextSweep;
    private transient boolean swept;

    /** True for this process's first take that does not wait, then about every {@link Pause#OWNER_CHECK_MILLIS} ms. */
    private boolean sweepDue() {
        long now = System.nanoTime();
        if (swept && now - nextSweep < 0) {
            return false;
        }
        swept = true;
        nextSweep = now + Pause.OWNER_CHECK_MILLIS * 1_000_000L;
        return true;
    }

    /** One attempt; with {@code sweep}, permits of processes that have ended are given back first. */
    private boolean tryTake(boolean sweep) {
        return tryTake(sweep, true);
    }

    /** As {@link #tryTake(boolean)}; without {@code waitForGuard}, false at once when the guard is held. */
    private boolean tryTake(boolean sweep, boolean waitForGuard) {
        // Read without the guard first: a hint whether taking the guard is worth it.
        if (!sweep && free() <= 0) {
            return false;
        }
        if (waitForGuard) {
            guard.acquire(-1);
        } else if (guard.acquire(0) == SpinLock.Outcome.TIMED_OUT) {
            return false;
        }
        try {
            if (sweep) {
                giveBackPermitsOfTheDead();
            }
            if (free() <= 0) {
                return false;
            }
            long me = SpinLock.self();
            int slot = slotOf(me);
            if (slot >= 0) {
                segment.setLong(slotAt(slot) + 8, count(slot) + 1);
            } else {
                slot = slotOf(0);
                if (slot < 0) {
                    giveBackPermitsOfTheDead();
                    slot = slotOf(0);
                }
                if (slot >= 0) {
                    // the count first: an entry is in use only once its owner is written
                    segment.setLong(slotAt(slot) + 8, 1);
                    segment.setLong(slotAt(slot), me);
                } else {
                    segment.setLong(UNOWNED, segment.getLong(UNOWNED) + 1);
                }
            }
        } finally {
            guard.release();
        }
        Recorder.Fixed acquired = acquireEvent;
        if (acquired == null) {
            // formatted once per semaphore and process; its first few are written past their kind's budget
            acquired = Recorder.fixed(RecordEvent.SEMAPHORE_ACQUIRE, "semaphore", segmentName);
            acquireEvent = acquired;
        }
        if (acquired.recorded()) {
            long span = acquired.begin();
            SPANS.computeIfAbsent(segmentName, k -> new ConcurrentLinkedDeque<>()).addLast(span);
        }
        return true;
    }

    /** Frees the entries of holders that have ended: their permits are free again. Under the guard. */
    private void giveBackPermitsOfTheDead() {
        for (int i = 0; i < SLOTS; i++) {
            long owner = owner(i);
            if (SpinLock.ownerGone(owner)) {
                segment.setLong(slotAt(i), 0);
            }
        }
    }

    /** Free permits: every state change is one write, so a holder killed mid-change leaves this consistent. */
    private long free() {
        long held = segment.getLong(UNOWNED);
        for (int i = 0; i < SLOTS; i++) {
            if (owner(i) != 0) held += count(i);
        }
        return segment.getLong(TOTAL) - held;
    }

    private int slotOf(long owner) {
        for (int i = 0; i < SLOTS; i++) {
            if (owner(i) == owner) return i;
        }
        return -1;
    }

    private long owner(int slot) {
        return segment.getLong(slotAt(slot));
    }

    private long count(int slot) {
        return segment.getLong(slotAt(slot) + 8);
    }

    private static int slotAt(int slot) {
        return TABLE + slot * SLOT_BYTES;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + availablePermits() + " of " + initial() + " free)";
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Context ctx = Context.get();
        segment = Segment.open(ctx.dir(), segmentName, segmentSize);
        guard = new SpinLock(segment, 0);
        ctx.atCleanExit(this::keepWhatThisProcessTook);
    }
}
