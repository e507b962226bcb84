package dev.mppractice.mp;

import static dev.mppractice.mp.internal.Segment.DATA;

import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.Pause;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.SlowedRun;
import dev.mppractice.mp.internal.Segment;
import dev.mppractice.mp.internal.SpinLock;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;

/**
 * A meeting point for a fixed number of parties in any processes (Python's
 * {@code multiprocessing.Barrier}): each party that calls {@link #await()} blocks until the last
 * one arrives, then all go on together, and the barrier is ready for the next round.
 *
 * <pre>{@code
 * Barrier phaseDone = new Barrier(3);
 * // in each of 3 worker processes:
 * for (int phase = 0; phase < phases; phase++) {
 *     computeMyPart(phase);
 *     phaseDone.await();            // nobody starts phase + 1 before all finished phase
 * }
 * }</pre>
 *
 * <p>{@link #await()} returns the caller's arrival index, 0 for the first to arrive to
 * {@code parties - 1} for the last (which does not block): pick one party for a job done once per
 * round.
 *
 * <p>A barrier can <em>break</em>, and then every waiting party, and every later {@code await},
 * throws a {@link BarrierBrokenException} until {@link #reset()}: by {@link #abort()}, by
 * {@link #reset()} while parties wait, by a party whose {@link #await(Duration)} timed out (it gets
 * a {@link BarrierTimeoutException}), and, unlike CPython, by a waiting party that dies: the others
 * notice within about 20 ms instead of waiting forever for a round that cannot complete. A party
 * that dies before it arrives cannot be told from one that is late (the barrier counts arrivals,
 * it does not know its parties in advance): give {@code await} a timeout where that matters.
 *
 * <p>A barrier travels to the processes whose tasks capture it. Waiting parties wake within about a
 * millisecond of the last arrival. At most 64 parties.
 */
public final class Barrier implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Most parties: the table holds this round's waiters and last round's that have not left yet. */
    public static final int MAX_PARTIES = 64;

    /** Parties arrived in this round. */
    private static final int ARRIVED = DATA;
    /** 1 while broken. */
    private static final int BROKEN = DATA + 8;
    /** The rounds completed (for the run record). */
    private static final int ROUND = DATA + 16;
    /** 1 + the latest round in which a party waits with a timeout (for the checker's run with a late arrival). */
    private static final int TIMED_ROUND = DATA + 24;
    /** The waiters' table: entries of (owner word, state); owner 0 is a free entry. */
    private static final int TABLE = DATA + 64;
    private static final int SLOTS = 2 * MAX_PARTIES;
    private static final int SLOT_BYTES = 16;
    private static final long WAITING = 1;
    private static final long PASSED = 2;
    private static final long BROKE = 3;

    private final int parties;
    private final String segmentName;
    private final int segmentSize;
    private transient Segment segment;
    private transient SpinLock guard;

    /**
     * A barrier for {@code parties} parties.
     *
     * @throws IllegalArgumentException unless 1 &lt;= {@code parties} &lt;= {@link #MAX_PARTIES}
     */
    public Barrier(int parties) {
        if (parties < 1 || parties > MAX_PARTIES) {
            throw new IllegalArgumentException("a barrier needs 1 to " + MAX_PARTIES + " parties, not " + parties);
        }
        this.parties = parties;
        Context ctx = Context.get();
        segment = Segment.create(ctx.dir(), ctx.newId(), TABLE - DATA + SLOTS * SLOT_BYTES);
        segmentName = segment.name();
        segmentSize = segment.size();
        guard = new SpinLock(segment, 0);
    }

    /**
     * Waits until every party has arrived, as long as it takes.
     *
     * @return the arrival index: 0 for the first party to arrive, {@code parties - 1} for the last
     * @throws BarrierBrokenException if the barrier is broken, or breaks while the caller waits
     */
    public int await() {
        return await(null);
    }

    /**
     * Waits at most {@code timeout} until every party has arrived (null: as long as it takes).
     *
     * @return the arrival index: 0 for the first party to arrive, {@code parties - 1} for the last
     * @throws BarrierTimeoutException if the time ran out first; the barrier is then broken for the others
     * @throws BarrierBrokenException  if the barrier is broken, or breaks while the caller waits
     */
    public int await(Duration timeout) {
        Recorder.timeoutGiven("Barrier.await", timeout);
        int index;
        int slot = -1;
        long round;
        boolean late;
        do {
            late = false;
            guard.acquire(-1);
            try {
                round = segment.getLong(ROUND);
                if (segment.getLong(BROKEN) != 0) {
                    throw broken(-1, round, "the barrier is broken");
                }
                index = (int) segment.getLong(ARRIVED);
                if (index == parties - 1 && SlowedRun.arrivesLate(segment.getLong(TIMED_ROUND) == round + 1)) {
                    late = true;   // the checker's run with a late arrival: the others wait for this one longer
                } else if (index == parties - 1) {
                    trip();
                } else {
                    slot = claimSlot();
                    segment.setLong(ARRIVED, index + 1);
                    if (timeout != null && timeout.compareTo(Duration.ZERO) > 0) {
                        segment.setLong(TIMED_ROUND, round + 1);
                    }
                }
            } finally {
                guard.release();
            }
            if (late) {
                SlowedRun.arriveLate();
            }
        } while (late);
        if (slot < 0) {
            record(index, round, "passed");
            return index;
        }
        long state;
        Pause pause = new Pause(timeout);
        try (Recorder.Wait w = Recorder.waiting("Barrier.await", "barrier", segmentName, timeout)) {
            while ((state = state(slot)) == WAITING) {
                if (pause.ownerCheckDue()) {
                    breakIfAWaiterDied();
                } else if (pause.expired()) {
                    guard.acquire(-1);
                    try {
                        if (state(slot) == WAITING) {
                            breakBarrier();
                            segment.setLong(slotAt(slot), 0);
                            w.outcome("timeout");
                            record(index, round, "timeout");
                            throw new BarrierTimeoutException("not every party of the barrier arrived within "
                                    + Durations.human(timeout) + " (" + (index + 1) + " of " + parties
                                    + " had); the barrier is now broken");
                        }
                    } finally {
                        guard.release();
                    }
                } else {
                    pause.pause("the other parties of a barrier");
                }
            }
            segment.setLong(slotAt(slot), 0);
            if (state == BROKE) {
                w.outcome("error");
                throw broken(index, round, "the barrier broke while this party waited");
            }
        }
        record(index, round, "passed");
        return index;
    }

    /**
     * Breaks the barrier: the parties waiting now, and every later {@code await}, throw a
     * {@link BarrierBrokenException} until {@link #reset()}. Python's {@code abort()}.
     */
    public void abort() {
        guard.acquire(-1);
        try {
            breakBarrier();
        } finally {
            guard.release();
        }
    }

    /**
     * Returns the barrier to its first state, unbroken and empty; parties waiting now throw a
     * {@link BarrierBrokenException}.
     */
    public void reset() {
        guard.acquire(-1);
        try {
            breakBarrier();
            segment.setLong(BROKEN, 0);
        } finally {
            guard.release();
        }
    }

    /** True while the barrier is broken. */
    public boolean isBroken() {
        return segment.getLong(BROKEN) != 0;
    }

    /** How many parties the barrier waits for. */
    public int getParties() {
        return parties;
    }

    /** How many parties wait at the barrier now (Python's {@code n_waiting}). */
    public int getNumberWaiting() {
        return (int) segment.getLong(ARRIVED);
    }

    /** The last party arrived: every waiter passes, and the next round begins. Under the guard. */
    private void trip() {
        for (int i = 0; i < SLOTS; i++) {
            if (segment.getLong(slotAt(i)) != 0 && state(i) == WAITING) {
                segment.setLong(slotAt(i) + 8, PASSED);
            }
        }
        segment.setLong(ARRIVED, 0);
        segment.setLong(ROUND, segment.getLong(ROUND) + 1);
    }

    /** Every waiter gets the exception; later arrivals too, until a reset. Under the guard. */
    private void breakBarrier() {
        segment.setLong(BROKEN, 1);
        for (int i = 0; i < SLOTS; i++) {
            if (segment.getLong(slotAt(i)) != 0 && state(i) == WAITING) {
                segment.setLong(slotAt(i) + 8, BROKE);
            }
        }
        segment.setLong(ARRIVED, 0);
    }

    /** A waiting party whose process has ended will never go on: the round cannot complete. */
    private void breakIfAWaiterDied() {
        guard.acquire(-1);
        try {
            boolean dead = false;
            for (int i = 0; i < SLOTS; i++) {
                long owner = segment.getLong(slotAt(i));
                if (SpinLock.ownerGone(owner)) {
                    dead |= state(i) == WAITING;
                    segment.setLong(slotAt(i), 0);
                }
            }
            if (dead) {
                breakBarrier();
            }
        } finally {
            guard.release();
        }
    }

    /** A free entry of the table for this waiter. Under the guard. */
    private int claimSlot() {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < SLOTS; i++) {
                if (segment.getLong(slotAt(i)) == 0) {
                    // the state first: an entry is in use only once its owner is written
                    segment.setLong(slotAt(i) + 8, WAITING);
                    segment.setLong(slotAt(i), SpinLock.self());
                    return i;
                }
            }
            for (int i = 0; i < SLOTS; i++) {
                if (SpinLock.ownerGone(segment.getLong(slotAt(i)))) segment.setLong(slotAt(i), 0);
            }
        }
        throw new ProcessException("more than " + SLOTS + " parties wait at a barrier of " + parties);
    }

    private long state(int slot) {
        return segment.getLong(slotAt(slot) + 8);
    }

    private static int slotAt(int slot) {
        return TABLE + slot * SLOT_BYTES;
    }

    private BarrierBrokenException broken(int index, long round, String why) {
        record(index, round, "broken");
        return new BarrierBrokenException(why + " (a barrier of " + parties + " parties)");
    }

    /** {@code round}: how many rounds the barrier had completed when this party arrived. */
    private void record(int index, long round, String outcome) {
        if (Recorder.on()) {
            Recorder.event(RecordEvent.BARRIER_WAIT, "barrier", segmentName, "index", index, "outcome", outcome,
                    "round", round);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (parties < 1 || parties > MAX_PARTIES) {
            throw new java.io.InvalidObjectException("a barrier of " + parties + " parties");
        }
        segment = Segment.open(Context.get().dir(), segmentName, segmentSize);
        guard = new SpinLock(segment, 0);
    }
}
