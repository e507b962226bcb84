package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.assertHolds;
import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Condition} across real processes, as CPython's test_condition, test_notify, test_notify_all, test_wait_for. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConditionTest {

    /** Children that each wait once on {@code cond}, counted in {@code waiting} before and {@code woken} after. */
    private static List<Process> waiters(int n, Condition cond, IntValue waiting, IntValue woken) {
        List<Process> ps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ps.add(new Process(() -> {
                try (var held = cond.acquire()) {
                    waiting.set(waiting.get() + 1);
                    if (!cond.await(secs(60))) throw new IllegalStateException("never signalled");
                    woken.set(woken.get() + 1);
                }
            }));
        }
        ps.forEach(Process::start);
        return ps;
    }

    /** Waits until {@code n} children are in {@code await}: they counted themselves under the lock, and the lock is free. */
    private static void awaitWaiting(Condition cond, IntValue waiting, int n) {
        await(n + " children wait", secs(60), () -> {
            try (var held = cond.acquire()) {
                return waiting.get() == n;
            }
        });
    }

    @Test
    void signalWakesOneWaiterAtATimeAndSignalAllWakesEveryOne() throws Exception {
        Condition cond = new Condition(); // [test_notify, test_notify_all]
        IntValue waiting = Value.ofInt(0);
        IntValue woken = Value.ofInt(0);
        List<Process> ps = waiters(3, cond, waiting, woken);
        awaitWaiting(cond, waiting, 3);
        try (var held = cond.acquire()) {
            cond.signal();
        }
        await("one waiter wakes", secs(30), () -> woken.get() == 1);
        assertHolds("one signal wakes one waiter: the other two stay asleep", ms(200), () -> woken.get() == 1);
        try (var held = cond.acquire()) {
            cond.signalAll();
        }
        await("the other two wake", secs(30), () -> woken.get() == 3);
        ps.forEach(MpTesting::joinOk);
    }

    @Test
    void awaitWithATimeoutReturnsFalseWithTheLockHeldAgain() {
        Condition cond = new Condition(); // [test_condition: timeout]
        try (var held = cond.acquire()) {
            long t0 = System.nanoTime();
            assertFalse(cond.await(ms(300)));
            assertTrue(millisSince(t0) >= 300);
            assertTrue(((RLock) cond.getLock()).isHeldByCurrentThread(), "the lock is held again after the wait");
        }
        assertFalse(((RLock) cond.getLock()).isLocked());
    }

    @Test
    void awaitSignalAndSignalAllRefuseACallerWithoutTheLock() {
        Condition cond = new Condition();
        assertThrows(ProcessException.class, cond::await);
        assertThrows(ProcessException.class, cond::signal);
        assertThrows(ProcessException.class, cond::signalAll);
    }

    @Test
    void awaitReleasesAnRLockHeldTwiceAndTakesBothHoldsBack() {
        RLock lock = new RLock();
        Condition cond = new Condition(lock);
        IntValue signalled = Value.ofInt(0);
        Process p = new Process(() -> {
            try (var held = cond.acquire()) { // possible only while the parent waits
                signalled.set(1);
                cond.signal();
            }
        });
        lock.acquire();
        lock.acquire();
        p.start();
        assertTrue(cond.await(secs(60)), "the child could not take the lock to signal");
        assertEquals(1, signalled.get());
        lock.release();
        assertTrue(lock.isHeldByCurrentThread(), "both holds came back");
        lock.release();
        assertFalse(lock.isLocked());
        joinOk(p);
    }

    @Test
    void awaitUntilReturnsOnceThePredicateHoldsOrFalseWhenTheTimeRunsOut() {
        Condition cond = new Condition(new Lock()); // [test_wait_for], over a plain Lock
        IntValue state = Value.ofInt(0);
        Process p = new Process(() -> {
            for (int i = 0; i < 5; i++) {
                try (var held = cond.acquire()) {
                    state.set(state.get() + 1);
                    cond.signalAll();
                }
            }
        });
        try (var held = cond.acquire()) {
            p.start();
            assertTrue(cond.awaitUntil(() -> state.get() == 5, secs(60)));
            assertEquals(5, state.get());
            long t0 = System.nanoTime();
            assertFalse(cond.awaitUntil(() -> state.get() == 6, ms(300)));
            assertTrue(millisSince(t0) >= 300);
        }
        joinOk(p);
    }

    @Test
    void aKilledHolderOfTheLockDoesNotKeepTheWaiterWaiting() {
        Condition cond = new Condition();
        IntValue signalled = Value.ofInt(0);
        Process p = new Process(() -> {
            cond.acquire();
            cond.signal();
            signalled.set(1);
            MpTesting.holdUntilKilled(); // holding the lock: the waiter cannot take it back
        });
        try (var held = cond.acquire()) {
            p.start();
            long[] killedAt = {0};
            Thread killer = new Thread(() -> {
                await("the child signalled", secs(60), () -> signalled.get() == 1);
                killedAt[0] = System.nanoTime();
                p.kill(); // SIGKILL while it holds the condition's lock
            });
            killer.start();
            assertTrue(cond.await(secs(60)), "not signalled");
            assertTrue(killedAt[0] != 0 && millisSince(killedAt[0]) < 5_000, "the lock came back late, or before the kill");
            assertTrue(((RLock) cond.getLock()).isHeldByCurrentThread());
        }
        p.join(secs(10));
        assertEquals(-9, p.exitCode());
    }

    @Test
    void aSignalIsNotLostOnAWaiterThatWasKilled() {
        Condition cond = new Condition();
        IntValue waiting = Value.ofInt(0);
        IntValue woken = Value.ofInt(0);
        List<Process> first = waiters(1, cond, waiting, woken);
        awaitWaiting(cond, waiting, 1);
        first.get(0).kill();
        first.get(0).join(secs(10));
        List<Process> second = waiters(1, cond, waiting, woken);
        awaitWaiting(cond, waiting, 2);
        try (var held = cond.acquire()) {
            cond.signal(); // the oldest waiter is dead: the signal goes to the live one
        }
        await("the live waiter wakes", secs(30), () -> woken.get() == 1);
        second.forEach(MpTesting::joinOk);
    }
}
