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

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RLock} across real processes, as CPython's test_rlock, and its holder's death. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RLockTest {

    @Test
    void theHoldingThreadAcquiresAgainAndTheLockIsFreeOnlyAfterAsManyReleases() {
        RLock lock = new RLock(); // [test_rlock]
        lock.acquire();
        lock.acquire();
        try (var third = lock.acquire(ms(100))) {
            assertTrue(lock.isHeldByCurrentThread());
        }
        lock.release();
        assertTrue(lock.isLocked(), "one hold is left");
        assertTrue(lock.isHeldByCurrentThread());
        lock.release();
        assertFalse(lock.isLocked());
        assertThrows(ProcessException.class, lock::release, "released more often than acquired");
    }

    @Test
    void anotherThreadOfTheSameProcessIsExcludedAndCannotRelease() throws Exception {
        RLock lock = new RLock();
        try (var held = lock.acquire()) {
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> lock.tryAcquire(ms(200)));
            assertFalse(other.get(), "another thread took a lock this thread holds");
            CompletableFuture<Throwable> release = CompletableFuture.supplyAsync(() -> {
                try {
                    lock.release();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertTrue(release.get() instanceof ProcessException, "a thread that does not hold it released it");
            assertTrue(lock.isHeldByCurrentThread());
        }
        CompletableFuture<Boolean> after = CompletableFuture.supplyAsync(() -> {
            boolean took = lock.tryAcquire(ms(2_000));
            if (took) lock.release();
            return took;
        });
        assertTrue(after.get(), "once released, another thread takes it");
    }

    @Test
    void aLockHeldTwiceByAChildExcludesTheParentUntilTheChildReleasesBoth() {
        RLock lock = new RLock();
        IntValue step = Value.ofInt(0);
        IntValue go = Value.ofInt(0);
        Process p = new Process(() -> {
            try (var outer = lock.acquire(); var inner = lock.acquire()) {
                step.set(1);
                MpTesting.passGate(go);
                inner.close();
                step.set(2); // one hold left: still locked
                MpTesting.passGate(go);
                while (go.get() < 2) Thread.onSpinWait();
            }
        });
        p.start();
        await("the child holds the lock twice", secs(60), () -> step.get() == 1);
        long t0 = System.nanoTime();
        assertThrowsExactly(LockTimeoutException.class, () -> lock.acquire(ms(300)));
        assertTrue(millisSince(t0) >= 300);
        go.set(1);
        await("the child released once", secs(60), () -> step.get() == 2);
        assertFalse(lock.tryAcquire(ms(200)), "one release of two freed the lock");
        go.set(2);
        try (var held = lock.acquire(secs(30))) {
            assertFalse(held.recoveredFromDeadOwner());
        }
        joinOk(p);
    }

    @Test
    void anRLockHeldByAKilledProcessIsTakenOverByTheNextAcquirer() {
        RLock lock = new RLock();
        IntValue holding = Value.ofInt(0);
        Process p = new Process(() -> {
            lock.acquire();
            lock.acquire();
            holding.set(1);
            MpTesting.holdUntilKilled();
        });
        p.start();
        await("the child holds the lock", secs(60), () -> holding.get() == 1);
        assertFalse(lock.tryAcquire(ms(100)));
        p.kill(); // SIGKILL while it holds the lock twice
        long t0 = System.nanoTime();
        try (var held = lock.acquire(secs(10))) {
            assertTrue(millisSince(t0) < 5_000, "taken over after " + millisSince(t0) + " ms");
            assertTrue(held.recoveredFromDeadOwner());
            assertTrue(lock.isHeldByCurrentThread());
        }
        assertFalse(lock.isLocked(), "the dead owner's two holds are not carried over: one release frees it");
        p.join(secs(10));
        assertEquals(-9, p.exitCode());
    }
}
