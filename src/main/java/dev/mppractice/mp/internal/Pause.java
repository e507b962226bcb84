package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiting side of the synchronisation objects that live in shared memory (semaphores,
 * conditions, barriers): nothing wakes a process across the process boundary, so a waiter looks
 * again after a pause that grows from 10 µs to 1 ms, and every {@link #OWNER_CHECK_MILLIS} ms it
 * looks whether the processes it waits on are still alive.
 */
public final class Pause {
    /** How often a waiter asks whether the processes it depends on still run. */
    public static final long OWNER_CHECK_MILLIS = 20;

    private final long start = System.nanoTime();
    private final long timeoutNanos;
    private long pause = 10_000;
    private long nextOwnerCheck = start + OWNER_CHECK_MILLIS * 1_000_000L;

    /** A wait of at most {@code timeout}; null waits as long as it takes. */
    public Pause(Duration timeout) {
        this.timeoutNanos = timeout == null ? -1 : Math.max(0, timeout.toNanos());
    }

    /** True once the wait's time is up (never for a wait without a timeout). */
    public boolean expired() {
        return timeoutNanos >= 0 && System.nanoTime() - start >= timeoutNanos;
    }

    /**
     * Parks a little (never past the deadline).
     *
     * @throws ProcessException if the thread was interrupted (its interrupt flag stays set)
     */
    public void pause(String what) {
        long left = timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - start);
        if (left > 0) {
            LockSupport.parkNanos(Math.min(left, pause));
            pause = Math.min(1_000_000, pause * 2);
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new ProcessException("interrupted while waiting for " + what);
        }
    }

    /** True about every {@link #OWNER_CHECK_MILLIS} ms: time to look for dead owners. */
    public boolean ownerCheckDue() {
        long now = System.nanoTime();
        if (now - nextOwnerCheck < 0) {
            return false;
        }
        nextOwnerCheck = now + OWNER_CHECK_MILLIS * 1_000_000L;
        return true;
    }
}
