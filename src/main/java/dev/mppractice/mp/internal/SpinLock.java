package dev.mppractice.mp.internal;

import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock in shared memory that excludes across processes (and across threads of one process):
 * a word holding the owner's pid, taken by compare-and-set, and a second word holding the
 * owner's start time, so that a waiter can tell a dead owner from a live one (pids are reused)
 * and take the lock over instead of waiting forever.
 */
public final class SpinLock {
    private static final long ME = ProcessHandle.current().pid();
    private static final long MY_START = startOf(ProcessHandle.current());
    private static final long CHECK_OWNER_NANOS = 20_000_000L;

    private final Segment segment;
    private final int offset;

    public SpinLock(Segment segment, int offset) {
        this.segment = segment;
        this.offset = offset;
    }

    /** The outcome of an acquire: whether it was taken, and whether it was taken from a dead owner. */
    public enum Outcome { TAKEN, RECOVERED, TIMED_OUT }

    /** Takes the lock, waiting at most {@code timeoutNanos} (negative: no limit). */
    public Outcome acquire(long timeoutNanos) {
        if (segment.casLong(offset, 0L, ME)) {
            segment.setLongRelease(offset + 8, MY_START);
            return Outcome.TAKEN;
        }
        long start = System.nanoTime();
        long nextOwnerCheck = start + CHECK_OWNER_NANOS;
        for (int spins = 1; ; spins++) {
            if (spins < 64) {
                Thread.onSpinWait();
            } else if (spins < 128) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(1_000_000L, 1_000L << Math.min(10, (spins - 128) / 8)));
            }
            if (segment.getLong(offset) == 0L && segment.casLong(offset, 0L, ME)) {
                segment.setLongRelease(offset + 8, MY_START);
                return Outcome.TAKEN;
            }
            long now = System.nanoTime();
            if (now >= nextOwnerCheck) {
                nextOwnerCheck = now + CHECK_OWNER_NANOS;
                long owner = segment.getLong(offset);
                long ownerStart = segment.getLong(offset + 8);
                if (owner != 0L && owner != ME && !alive(owner, ownerStart) && segment.casLong(offset, owner, ME)) {
                    segment.setLongRelease(offset + 8, MY_START);
                    return Outcome.RECOVERED;
                }
            }
            if (timeoutNanos >= 0 && now - start >= timeoutNanos) {
                return Outcome.TIMED_OUT;
            }
        }
    }

    /** Releases the lock; false if it was not held. */
    public boolean release() {
        long owner = segment.getLong(offset);
        if (owner == 0L) {
            return false;
        }
        segment.setLong(offset + 8, 0L);
        return segment.casLong(offset, owner, 0L);
    }

    public boolean isHeld() {
        return segment.getLong(offset) != 0L;
    }

    private static boolean alive(long pid, long start) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        return start == 0L || startOf(h.get()) == start;
    }

    private static long startOf(ProcessHandle h) {
        return h.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }
}
