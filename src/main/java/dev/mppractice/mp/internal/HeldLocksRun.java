package dev.mppractice.mp.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The checker's run with held locks: with {@value #PROPERTY}{@code =MILLIS} (passed on to every child JVM), the first
 * time a thread of a process takes a {@code Lock}, {@code RLock} or {@code ManagedLock} while it holds another, it waits
 * that long first, holding the one it has, as a thread the machine paused there would. Two processes that take two
 * locks then meet: each holds its first lock while the other comes for it, so takes in opposite orders deadlock (or
 * time out, and a mover that backs off is seen to do so), and a mover that goes on without a lock its take did not
 * get is seen writing without it. A run whose processes never met (they seldom do, without a pause) showed neither.
 * (A pause at a process's first take of any lock would fall on a lock taken alone, a start gate's, and the processes
 * would still not meet.) Unset (every other run): nothing changes.
 */
public final class HeldLocksRun {
    /** The system property that turns the run on: how many milliseconds the pause lasts. */
    public static final String PROPERTY = "mp.holdFirstLock";
    private static final long MILLIS = Long.getLong(PROPERTY, 0);
    /** True in a run with held locks. */
    public static final boolean ON = MILLIS > 0;
    private static final AtomicBoolean PAUSED = new AtomicBoolean();
    /** How many locks the thread holds now (a lock's first hold, not an RLock's holds again). */
    private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);

    private HeldLocksRun() {
    }

    /**
     * Before a take of a lock, in a run with held locks: waits if the thread holds another lock and no thread of this
     * process has waited so yet (an interrupt ends the wait and is kept for the take to see).
     */
    public static void beforeTake() {
        if (HELD.get()[0] == 0 || PAUSED.getAndSet(true)) return;
        try {
            Thread.sleep(MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a take that made the thread a lock's holder. */
    public static void taken() {
        HELD.get()[0]++;
    }

    /** After the thread let a lock go (its last hold of it). */
    public static void released() {
        int[] held = HELD.get();
        if (held[0] > 0) held[0]--;
    }
}
