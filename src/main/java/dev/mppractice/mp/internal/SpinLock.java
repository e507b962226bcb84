package dev.mppractice.mp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock in shared memory that excludes across processes (and across threads of one process):
 * one word, taken by compare-and-set, that names its owner by pid and start time, so that a
 * waiter can tell a dead owner from a live one (pids are reused) and take the lock over instead of
 * waiting forever. The word is {@code pid << 41 | (start time in ms mod 2^41)}: pids fit in 22 bits
 * on Linux, and 2^41 ms is 69 years.
 */
public final class SpinLock {
    private static final int START_BITS = 41;
    private static final long START_MASK = (1L << START_BITS) - 1;
    private static final long ME = owner(ProcessHandle.current().pid(), startOf(ProcessHandle.current()));
    private static final long CHECK_OWNER_NANOS = 20_000_000L;
    private static final int SPIN = Integer.getInteger("mp.lockSpins", 64);
    private static final int BACKOFF_SHIFT = Integer.getInteger("mp.lockBackoff", 0);
    /** Whether this system has Linux's {@code /proc}, where a zombie can be told from a live process. */
    private static final boolean PROC = LinuxPaths.proc();

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
        return tryTake() ? Outcome.TAKEN : waitToTake(timeoutNanos, null, null, null);
    }

    /**
     * Takes the lock if it is free: one compare-and-set, in a method of its own as small as the callers' fast paths, so
     * that a new JVM compiles them soon and cheaply. The waiting loop, many times larger once the shared word's accesses
     * are compiled into it, was the largest compile of a child's first locked loop; it is now compiled only where a
     * program waits often.
     */
    private boolean tryTake() {
        return segment.casLong(offset, 0L, ME);
    }

    /**
     * As {@link #acquire(long)}, in a recorded run: a wait is registered with the run record as
     * {@code call} on {@code obj} (see {@link Recorder#waiting}) once the lock was found held by
     * someone else for {@link Recorder#QUIET_WAIT_NANOS}, with the instant it began; a shorter wait
     * registers nothing. {@code limit} is the caller's timeout as it gave it (null: none).
     */
    public Outcome acquireRecorded(long timeoutNanos, String call, String obj, java.time.Duration limit) {
        return tryTake() ? Outcome.TAKEN : waitToTake(timeoutNanos, call, obj, limit);
    }

    /**
     * The one waiting loop of both, once {@link #tryTake()} found the lock held: a recorded wait is registered in the
     * loop, which goes on as it was (the same spins, yields and parks), so that recording a run does not change how
     * its processes take turns. (Waiting first for the quiet part and then starting over spun again from the
     * beginning after each millisecond of a wait: two children taking a lock in turns, recorded, did 0.9 times the
     * increments of two that were not.)
     */
    private Outcome waitToTake(long timeoutNanos, String call, String obj, java.time.Duration limit) {
        long start = System.nanoTime();
        long nextOwnerCheck = start + CHECK_OWNER_NANOS;
        Recorder.Wait wait = null;
        try {
            for (int spins = 1; ; spins++) {
                if (spins < SPIN) {
                    // Exponential backoff: a waiter that reads the lock word less often leaves the
                    // holder's cache line alone, and the holder gets through more work per turn.
                    for (int i = 1 << Math.min(spins, BACKOFF_SHIFT); i > 0; i--) {
                        Thread.onSpinWait();
                    }
                } else if (spins < SPIN + 64) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(Math.min(1_000_000L, 1_000L << Math.min(10, (spins - SPIN - 64) / 8)));
                }
                long now = System.nanoTime();
                // Registered before the take and the timeout are tried: a waiter descheduled past its timeout (or
                // past the holder's release) on a busy machine waited that long all the same, and said nothing of it.
                if (call != null && wait == null && now - start >= Recorder.QUIET_WAIT_NANOS) {
                    long owner = segment.getLong(offset);
                    wait = Recorder.waitingSince(call, "lock", obj, limit, start, owner == 0L ? -1 : pidOf(owner));
                }
                if (segment.getLong(offset) == 0L && tryTake()) {
                    return Outcome.TAKEN;
                }
                if (now >= nextOwnerCheck) {
                    nextOwnerCheck = now + CHECK_OWNER_NANOS;
                    long owner = segment.getLong(offset);
                    if (owner != 0L && owner != ME && !alive(owner) && segment.casLong(offset, owner, ME)) {
                        return Outcome.RECOVERED;
                    }
                }
                if (timeoutNanos >= 0 && now - start >= timeoutNanos) {
                    if (wait != null) {
                        wait.outcome("timeout");
                    }
                    return Outcome.TIMED_OUT;
                }
            }
        } finally {
            if (wait != null) {
                wait.close();
            }
        }
    }

    /**
     * Releases the lock; false if it was not held. One atomic swap rather than a read and a write:
     * a child's first few thousand releases run in the interpreter, where each access to the
     * shared word costs about a microsecond.
     */
    public boolean release() {
        return segment.swapLong(offset, 0L) != 0L;
    }

    public boolean isHeld() {
        return segment.getLong(offset) != 0L;
    }

    /** True if this process holds the lock now (any of its threads). */
    public boolean isHeldByThisProcess() {
        return segment.getLong(offset) == ME;
    }

    /**
     * The word that names this process as an owner (pid and start time), as a lock word it holds
     * reads: for structures that record their holders in shared memory as this lock does.
     */
    public static long self() {
        return ME;
    }

    /**
     * True if {@code owner} (a word as {@link #self()} gives) names a process that has ended,
     * reaped or not; false for 0, for this process, and for a live one.
     */
    public static boolean ownerGone(long owner) {
        return owner != 0L && owner != ME && !alive(owner);
    }

    /** The pid an owner word names. */
    private static long pidOf(long owner) {
        return owner >>> START_BITS;
    }

    private static long owner(long pid, long startMillis) {
        return pid << START_BITS | (startMillis & START_MASK);
    }

    /**
     * True while the process named by {@code owner} runs. A process that died is dead whether or
     * not its parent has reaped it yet: {@link ProcessHandle} still reports an unreaped zombie as
     * alive, so on Linux its state in {@code /proc} decides.
     */
    private static boolean alive(long owner) {
        Optional<ProcessHandle> h = ProcessHandle.of(pidOf(owner));
        return h.isPresent() && h.get().isAlive() && owner(h.get().pid(), startOf(h.get())) == owner
                && !ended(h.get().pid());
    }

    /**
     * True if {@code /proc} says that {@code pid} has ended: a zombie ({@code Z}), dying ({@code X}),
     * or no longer there. False where there is no {@code /proc} to ask (not Linux).
     */
    static boolean ended(long pid) {
        if (!PROC) {
            return false;
        }
        ProcStat stat = ProcStat.of(pid);
        return stat == null || stat.ended(); // no reading: the process is gone
    }

    static long startOf(ProcessHandle h) {
        return h.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }
}
