package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.secs;
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

/** {@link Semaphore} and {@link BoundedSemaphore} across real processes, as CPython's tests, and a holder's death. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {

    @Test
    void permitsAreCountedAndAPlainSemaphoreGainsOneOnAReleaseWithNoneOut() {
        Semaphore sem = new Semaphore(2); // [test_semaphore]
        assertEquals(2, sem.availablePermits());
        assertTrue(sem.tryAcquire());
        assertEquals(1, sem.availablePermits());
        try (var permit = sem.acquire()) {
            assertEquals(0, sem.availablePermits());
            assertFalse(sem.tryAcquire());
        }
        assertEquals(1, sem.availablePermits());
        sem.release();
        assertEquals(2, sem.availablePermits());
        sem.release(); // as in Python: a plain semaphore is not bounded
        assertEquals(3, sem.availablePermits());
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    }

    @Test
    void aBoundedSemaphoreRefusesAReleaseAboveItsInitialCount() {
        BoundedSemaphore sem = new BoundedSemaphore(2); // [test_bounded_semaphore]
        sem.acquire();
        sem.release();
        SemaphoreReleaseException e = assertThrowsExactly(SemaphoreReleaseException.class, sem::release);
        assertTrue(e.getClass().getSimpleName().contains("Semaphore"));
        assertTrue(e instanceof ProcessException);
        assertEquals(2, sem.availablePermits(), "the refused release changed nothing");
    }

    @Test
    void anAcquireWithATimeoutGivesUpAfterTheTimeoutWhileAnotherProcessHoldsThePermits() {
        Semaphore sem = new Semaphore(1);
        IntValue holding = Value.ofInt(0);
        IntValue go = Value.ofInt(0);
        Process p = new Process(() -> {
            try (var permit = sem.acquire()) {
                holding.set(1);
                MpTesting.passGate(go);
            }
        });
        p.start();
        try {
            await("the child holds the permit", secs(60), () -> holding.get() == 1);
            long t0 = System.nanoTime();
            SemaphoreTimeoutException e = assertThrowsExactly(SemaphoreTimeoutException.class, () -> sem.acquire(ms(300)));
            long took = millisSince(t0);
            assertTrue(took >= 300 && took < 3_000, "acquire(300 ms) gave up after " + took + " ms");
            assertTrue(e.getClass().getSimpleName().contains("Timeout"));
            assertFalse(sem.tryAcquire(ms(50)));
        } finally {
            go.set(1);
        }
        try (var permit = sem.acquire(secs(30))) {
            assertEquals(0, sem.availablePermits());
        }
        joinOk(p);
    }

    @Test
    void neverMoreHoldersAtOnceThanPermitsAcrossFourProcesses() {
        Semaphore sem = new Semaphore(2);
        IntValue inside = Value.ofInt(0);
        IntValue most = Value.ofInt(0);
        IntValue entries = Value.ofInt(0);
        List<Process> ps = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            ps.add(new Process(() -> {
                for (int n = 0; n < 25; n++) {
                    try (var permit = sem.acquire()) {
                        try (var held = inside.getLock().acquire()) {
                            inside.set(inside.get() + 1);
                            most.set(Math.max(most.get(), inside.get()));
                            entries.set(entries.get() + 1);
                        }
                        Thread.sleep(1);
                        try (var held = inside.getLock().acquire()) {
                            inside.set(inside.get() - 1);
                        }
                    }
                }
            }));
        }
        ps.forEach(Process::start);
        ps.forEach(MpTesting::joinOk);
        assertEquals(100, entries.get());
        assertTrue(most.get() <= 2, most.get() + " processes held a permit of 2 at once");
        assertEquals(2, sem.availablePermits());
    }

    @Test
    void aReleaseInOneProcessLetsAnAcquireInAnotherGoOnAndATakerThatEndsCleanlyKeepsIt() {
        Semaphore items = new Semaphore(0); // a hand-off: one acquires, another releases
        IntValue got = Value.ofInt(0);
        Process p = new Process(() -> {
            items.acquire();
            got.set(1);
        });
        p.start();
        items.release();
        await("the child took the permit", secs(60), () -> got.get() == 1);
        joinOk(p);
        // As in Python: a taker whose task returned keeps what it took, so the semaphore can count items
        // handed over; only a holder that died gives its permits back.
        assertEquals(0, items.availablePermits(), "the child's task returned: the item it took stays taken");
        items.release();
        assertEquals(1, items.availablePermits(), "and the count still works");
    }

    @Test
    void permitsHeldByAKilledProcessAreGivenBackToTheOthers() {
        Semaphore sem = new BoundedSemaphore(2);
        IntValue holding = Value.ofInt(0);
        Process p = new Process(() -> {
            sem.acquire();
            sem.acquire();
            holding.set(1);
            MpTesting.holdUntilKilled();
        });
        p.start();
        await("the child holds both permits", secs(60), () -> holding.get() == 1);
        assertFalse(sem.tryAcquire(ms(100)));
        p.kill(); // SIGKILL with both permits held
        long t0 = System.nanoTime();
        try (var first = sem.acquire(secs(10)); var second = sem.acquire(secs(10))) {
            assertTrue(millisSince(t0) < 5_000, "the dead holder's permits came back after " + millisSince(t0) + " ms");
            assertEquals(0, sem.availablePermits());
        }
        assertEquals(2, sem.availablePermits(), "no permit lost, none made up");
        p.join(secs(10));
        assertEquals(-9, p.exitCode());
    }

    /**
     * A take that does not wait never waits for the semaphore's guard: a loop of {@code tryAcquire()} took the guard at
     * each failed try (to give back permits of dead holders), and the holders, whose {@code release()} needs it, waited
     * behind it: exercise 18's downloaders spinning on {@code tryAcquire()} kept the two that held the permits from giving
     * them back for the run's whole 30 s. With the guard held here (as a release in progress holds it), every try comes
     * back at once; and a killed holder's permit is still found, by a try once the guard is free.
     */
    @Test
    void aTryThatDoesNotWaitNeverWaitsForTheGuardAndStillFindsADeadHoldersPermit() throws Exception {
        Semaphore sem = new Semaphore(1);
        IntValue holding = Value.ofInt(0);
        Process p = new Process(() -> {
            sem.acquire();
            holding.set(1);
            MpTesting.holdUntilKilled();
        });
        p.start();
        await("the child holds the permit", secs(60), () -> holding.get() == 1);
        sem.guard.acquire(-1);
        try {
            var tries = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                long t0 = System.nanoTime();
                int refused = 0;
                while (millisSince(t0) < 200) {
                    if (!sem.tryAcquire()) refused++;
                }
                return refused;
            });
            assertTrue(tries.get(10, java.util.concurrent.TimeUnit.SECONDS) > 0, "every try came back, none waited for the guard");
        } finally {
            sem.guard.release();
        }
        p.kill();
        p.join(secs(10));
        await("the dead holder's permit is taken by a try", secs(10), sem::tryAcquire);
        sem.release();
    }
}
