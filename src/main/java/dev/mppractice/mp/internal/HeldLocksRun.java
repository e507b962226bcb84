package dev.mppractice.mp.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The checker's run with held locks: with {@value #PROPERTY}{@code =MILLIS} (passed on to every child JVM), the
 * first take of a {@code Lock}, {@code RLock} or {@code ManagedLock} in each process holds it that long before the
 * take returns, as a process the machine paused just after its take would. Two processes that take two locks then
 * meet: each holds its first lock while the other comes for it, so takes in opposite orders deadlock (or time out,
 * and a mover that backs off is seen to do so), and a mover that goes on without a lock its take did not get is seen
 * writing without it. A run whose processes never met (they seldom do, without a pause) showed neither. Unset (every
 * other run): nothing changes.
 */
public final class HeldLocksRun {
    /** The system property that turns the run on: how many milliseconds each process's first take holds its lock. */
    public static final String PROPERTY = "mp.holdFirstLock";
    private static final long MILLIS = Long.getLong(PROPERTY, 0);
    /** True in a run with held locks. */
    public static final boolean ON = MILLIS > 0;
    private static final AtomicBoolean TAKEN = new AtomicBoolean();

    private HeldLocksRun() {
    }

    /**
     * After a take of a lock, in a run with held locks: waits, holding it, if it is this process's first (an interrupt
     * ends the wait and is kept for the caller to see).
     */
    public static void afterTake() {
        if (TAKEN.getAndSet(true)) return;
        try {
            Thread.sleep(MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
