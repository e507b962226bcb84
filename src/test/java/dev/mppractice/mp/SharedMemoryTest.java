package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.secs;
import static dev.mppractice.mp.MpTesting.sendSignal;
import static dev.mppractice.mp.MpTesting.stopped;
import static dev.mppractice.mp.MpTesting.zombie;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** SEMANTICS.md 30-33: {@link Value}, {@link Array} and {@link Lock} in memory shared by real processes. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedMemoryTest {


    // --- 30 --------------------------------------------------------------------------------

    @Test
    void valuesAndArraysOfEachKindWrittenInOneProcessAreReadInAnotherAndArraysStartZeroed() {
        IntValue i = Value.ofInt(5);
        LongValue l = Value.ofLong(1L << 40);
        DoubleValue d = Value.ofDouble(0.5);
        IntArray ints = Array.ofInts(4);
        LongArray longs = Array.ofLongs(3);
        DoubleArray doubles = Array.ofDoubles(2);
        IntArray given = Array.ofInts(7, 8, 9);
        LongArray givenLongs = Array.ofLongs(-1L, Long.MAX_VALUE);
        DoubleArray givenDoubles = Array.ofDoubles(1.25, -0.0);
        assertEquals(List.of(0, 0, 0, 0), ints.toList());
        assertEquals(List.of(0L, 0L, 0L), longs.toList());
        assertEquals(List.of(0.0, 0.0), doubles.toList());

        Queue<List<Object>> seen = new Queue<>();
        Process p = new Process(() -> {
            // what the child reads: the parent's writes
            seen.put(new ArrayList<>(List.of(i.get(), l.get(), d.get(), ints.toList(), longs.toList(), doubles.toList(),
                    given.toList(), givenLongs.toList(), givenDoubles.toList(), ints.length(), given.length())));
            // what the child writes, for the parent to read
            i.set(-3);
            l.set(Long.MIN_VALUE + 1);
            d.set(Math.PI);
            for (int k = 0; k < 4; k++) {
                ints.set(k, k * k);
            }
            longs.set(2, 1L << 50);
            doubles.set(1, Math.E);
        });
        p.start();
        assertEquals(List.of(5, 1L << 40, 0.5, List.of(0, 0, 0, 0), List.of(0L, 0L, 0L), List.of(0.0, 0.0),
                List.of(7, 8, 9), List.of(-1L, Long.MAX_VALUE), List.of(1.25, -0.0), 4, 3), seen.get(secs(60)));
        joinOk(p);

        assertEquals(-3, i.get());
        assertEquals(Long.MIN_VALUE + 1, l.get());
        assertEquals(Math.PI, d.get());
        assertArrayEquals(new int[] {0, 1, 4, 9}, ints.toArray());
        assertArrayEquals(new long[] {0, 0, 1L << 50}, longs.toArray());
        assertArrayEquals(new double[] {0.0, Math.E}, doubles.toArray());
        assertEquals(4, ints.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> ints.get(4));
        assertThrows(IndexOutOfBoundsException.class, () -> longs.set(-1, 1));
    }

    @Test
    void aValuePrintsAsItsValueAsAnArrayPrintsAsItsElements() {
        assertEquals("Counter: 100", "Counter: " + Value.ofInt(100));
        assertEquals("-7", String.valueOf(Value.ofLong(-7)));
        assertEquals("2.5", Value.ofDouble(2.5).toString());
        assertEquals("[3, 6]", Array.ofInts(3, 6).toString());
    }

    @Test
    void aWriteIsSeenByARunningProcessWithoutAnyMessage() {
        IntValue ping = Value.ofInt(0);
        LongValue pong = Value.ofLong(0);
        Process p = new Process(() -> {
            // the child only looks at memory: no queue, no pipe
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (ping.get() != 42) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the parent's write was never seen");
                }
                Thread.onSpinWait();
            }
            pong.set(4242L);
        });
        p.start();
        ping.set(42);
        await("the child answers through shared memory", secs(60), () -> pong.get() == 4242L);
        joinOk(p);
    }

    // --- 31 --------------------------------------------------------------------------------

    @Test
    void fourProcessesTimesTenThousandLockedIncrementsGiveExactly40000() {
        IntValue counter = Value.ofInt(0);
        List<Process> ps = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            ps.add(new Process(() -> {
                for (int n = 0; n < 10_000; n++) {
                    try (var held = counter.getLock().acquire()) {
                        counter.set(counter.get() + 1);
                    }
                }
            }));
        }
        ps.forEach(Process::start);
        ps.forEach(MpTesting::joinOk);
        assertEquals(40_000, counter.get());
        assertFalse(counter.getLock().isLocked());
    }

    // --- 32 --------------------------------------------------------------------------------

    @Test
    void aSecondAcquireWithATimeoutFailsWhileTheLockIsHeldByAnotherProcess() {
        Lock lock = new Lock();
        IntValue holding = Value.ofInt(0);
        IntValue release = Value.ofInt(0);
        Process p = new Process(() -> {
            try (var held = lock.acquire()) {
                holding.set(1);
                MpTesting.passGate(release);
            }
            holding.set(2);
        });
        p.start();
        try {
            await("the child holds the lock", secs(60), () -> holding.get() == 1);
            assertTrue(lock.isLocked());
            long t0 = System.nanoTime();
            LockTimeoutException e = assertThrowsExactly(LockTimeoutException.class, () -> lock.acquire(ms(300)));
            long took = millisSince(t0);
            assertTrue(took >= 300 && took < 3_000, "acquire(300 ms) gave up after " + took + " ms");
            assertTrue(e.getClass().getSimpleName().contains("Timeout"));
            assertFalse(lock.tryAcquire(ms(100)));
        } finally {
            release.set(1);
        }
        // once the child lets go, the lock is taken at once
        try (var held = lock.acquire(secs(10))) {
            assertFalse(held.recoveredFromDeadOwner());
        }
        joinOk(p);
        assertEquals(2, holding.get());
    }

    @Test
    void theLockIsNotReentrantAndASecondAcquireInTheSameProcessTimesOut() {
        Lock lock = new Lock();
        try (var held = lock.acquire()) {
            assertThrowsExactly(LockTimeoutException.class, () -> lock.acquire(ms(200)));
            assertFalse(lock.tryAcquire(ms(50)));
        }
        assertFalse(lock.isLocked());
        assertTrue(lock.tryAcquire(ms(50)));
        lock.release();
    }

    @Test
    void releaseOfAnUnheldLockIsRefused() {
        Lock lock = new Lock();
        assertThrows(ProcessException.class, lock::release);
        lock.acquire();
        lock.release();
        assertThrows(ProcessException.class, lock::release, "released twice");
        assertFalse(lock.isLocked());
    }

    // --- 33 --------------------------------------------------------------------------------

    @Test
    void aLockHeldByAProcessThatDiedIsRecoveredByTheNextAcquirer() {
        IntValue counter = Value.ofInt(0);
        IntValue holding = Value.ofInt(0);
        Process p = new Process(() -> {
            counter.getLock().acquire();
            counter.set(counter.get() + 1);
            holding.set(1);
            Thread.sleep(120_000);
        });
        p.start();
        await("the child holds the lock", secs(60), () -> holding.get() == 1);
        assertFalse(counter.getLock().tryAcquire(ms(100)), "the lock is held by the live child");

        p.kill();
        long t0 = System.nanoTime();
        try (Lock.Held held = counter.getLock().acquire(secs(10))) {
            long took = millisSince(t0);
            assertTrue(took < 5_000, "the dead owner's lock was taken over after " + took + " ms");
            assertTrue(held.recoveredFromDeadOwner(), "the acquirer can tell the lock was taken from a dead owner");
            assertEquals(1, counter.get());
        }
        p.join(secs(10));
        assertEquals(-9, p.exitCode());
        try (Lock.Held again = counter.getLock().acquire(ms(500))) {
            assertFalse(again.recoveredFromDeadOwner(), "only the first acquirer after the death recovers");
        }
    }

    @Test
    void aLockWhoseHolderDiedButIsNotYetReapedIsRecoveredPromptly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.mppractice.mp.internal.LinuxPaths.proc(),
                "only /proc tells an unreaped zombie from a live process; the fallback waits until it is reaped");
        Lock lock = new Lock();
        IntValue holding = Value.ofInt(0);
        Queue<Long> holderPid = new Queue<>();
        // The holder is a grandchild: once its parent is stopped nobody reaps it, and when it is
        // killed it stays a zombie (state Z), a dead process that is still in the process table.
        Process parent = new Process(() -> {
            Process holder = new Process(() -> {
                lock.acquire();
                holding.set(1);
                Thread.sleep(120_000);
            });
            holder.start();
            holderPid.put(holder.pid());
            holder.join();
        });
        parent.start();
        long holder = holderPid.get(secs(60));
        await("the grandchild holds the lock", secs(60), () -> holding.get() == 1);
        sendSignal("STOP", parent.pid());
        try {
            // Not before every thread of the parent has stopped: its process reaper, still running on a loaded
            // machine, reaped the killed holder (the suite failed so once, on 2 busy cores).
            await("every thread of the holder's parent is stopped", secs(30), () -> stopped(parent.pid()));
            sendSignal("KILL", holder);
            await("the killed holder is an unreaped zombie", secs(10), () -> zombie(holder));
            long t0 = System.nanoTime();
            try (Lock.Held held = lock.acquire(secs(10))) {
                long took = millisSince(t0);
                assertTrue(took < 2_000, "the lock of a dead, unreaped holder was taken over after " + took + " ms");
                assertTrue(held.recoveredFromDeadOwner(), "the acquirer can tell the lock was taken from a dead owner");
            }
            assertTrue(zombie(holder), "the holder was still unreaped when its lock was taken over");
        } finally {
            sendSignal("CONT", parent.pid());
            parent.kill();
            parent.join(secs(10));
        }
    }

    @Test
    void aLockWhoseHolderDiedWhileOthersWaitedIsRecoveredByExactlyOneOfThem() {
        Lock lock = new Lock();
        IntValue holding = Value.ofInt(0);
        IntValue recovered = Value.ofInt(0);
        IntValue acquired = Value.ofInt(0);
        Process holder = new Process(() -> {
            lock.acquire();
            holding.set(1);
            Thread.sleep(120_000);
        });
        holder.start();
        await("the child holds the lock", secs(60), () -> holding.get() == 1);
        List<Process> waiters = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            waiters.add(new Process(() -> {
                try (Lock.Held held = lock.acquire(java.time.Duration.ofSeconds(30))) {
                    if (held.recoveredFromDeadOwner()) {
                        recovered.set(recovered.get() + 1);
                    }
                    acquired.set(acquired.get() + 1);
                }
            }));
        }
        waiters.forEach(Process::start);
        holder.kill();
        waiters.forEach(MpTesting::joinOk);
        assertEquals(2, acquired.get(), "both waiters got the lock in turn");
        assertEquals(1, recovered.get(), "exactly one of them took it over from the dead holder");
        holder.join(secs(10));
    }
}
