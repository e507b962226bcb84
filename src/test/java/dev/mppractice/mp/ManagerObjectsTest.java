package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A manager's namespace, queue, lock, event and value, used from children and pool workers
 * (CPython: test_namespace, and the manager variants of test_value, test_lock, test_event,
 * test_queue), and what a dead holder or a dead manager does to them.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManagerObjectsTest {
    private static Manager manager;
    private static Pool pool;

    @BeforeAll
    static void start() {
        manager = Manager.start();
        pool = new Pool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        MpTesting.closeAll(pool, manager);
    }


    @Test
    void aNamespaceIsSetAndReadByTheParentAChildAndPoolWorkers() {
        Namespace ns = manager.namespace();
        assertEquals(List.of(), ns.names());
        ns.set("name", "Bob");
        ns.set("job", "Builder");
        ns.set("nothing", null);
        Process p = new Process(() -> {
            ns.set("seen", ns.<String>get("name") + " the " + ns.get("job"));
            ns.remove("job");
        });
        p.start();
        joinOk(p);
        pool.map(k -> {
            ns.set("w" + k, k);
            return null;
        }, List.of(1, 2));

        assertEquals("Bob the Builder", ns.get("seen"));
        assertNull(ns.get("nothing"));
        assertEquals(List.of("name", "nothing", "seen", "w1", "w2"), ns.names().stream().sorted().toList());
        NoSuchElementException e = assertThrowsExactly(NoSuchElementException.class, () -> ns.get("job"));
        assertTrue(e.getMessage().contains("no name \"job\""), e.getMessage());
    }

    @Test
    void poolWorkersIncrementAManagedValueUnderAManagedLockWithoutLosingAnUpdate() {
        ManagedValue<Integer> total = manager.value(0);
        ManagedLock lock = manager.lock();
        pool.map(k -> {
            for (int i = 0; i < 25; i++) {
                try (var held = lock.acquire()) {
                    total.set(total.get() + 1);
                }
            }
            return null;
        }, List.of(0, 1, 2, 3), 1);
        assertEquals(100, total.get());
        assertFalse(lock.isLocked());

        ManagedValue<List<String>> any = manager.value(List.of("a"));
        Process p = new Process(() -> any.set(List.of("a", "b")));
        p.start();
        joinOk(p);
        assertEquals(List.of("a", "b"), any.get());
    }

    @Test
    void aHeldManagedLockTimesOutOtherAcquirersAndAnUnheldOneCannotBeReleased() {
        ManagedLock lock = manager.lock();
        assertThrowsExactly(ProcessException.class, lock::release);
        Queue<String> said = new Queue<>();
        try (var held = lock.acquire()) {
            assertFalse(held.recoveredFromDeadOwner());
            assertTrue(lock.isLocked());
            Process p = new Process(() -> {
                long t0 = System.nanoTime();
                try {
                    lock.acquire(ms(300));
                    said.put("acquired");
                } catch (LockTimeoutException e) {
                    said.put("timed out after " + (millisSince(t0) >= 300 ? "300 ms or more" : millisSince(t0) + " ms"));
                }
                said.put(lock.tryAcquire(ms(0)) ? "tried and took" : "tried and failed");
            });
            p.start();
            assertEquals("timed out after 300 ms or more", said.get(secs(60)));
            assertEquals("tried and failed", said.get(secs(10)));
            joinOk(p);
        }
        assertFalse(lock.isLocked());
    }

    @Test
    void aManagedEventReleasesAWaitingChild() {
        ManagedEvent go = manager.event();
        assertFalse(go.isSet());
        long t0 = System.nanoTime();
        assertFalse(go.await(ms(200)));
        assertTrue(millisSince(t0) >= 200);
        Queue<String> said = new Queue<>();
        Process p = new Process(() -> {
            said.put("waiting");
            said.put(go.await(secs(60)) ? "released" : "timed out");
        });
        p.start();
        assertEquals("waiting", said.get(secs(60)));
        go.set();
        assertEquals("released", said.get(secs(10)));
        joinOk(p);
        assertTrue(go.isSet());
        go.clear();
        assertFalse(go.isSet());
    }

    @Test
    void aManagedQueuePassesItemsInOrderAndAnEmptyGetWaitsItsTimeout() {
        ManagedQueue<Integer> q = manager.queue();
        long t0 = System.nanoTime();
        assertThrowsExactly(EmptyQueueException.class, () -> q.get(ms(300)));
        long took = millisSince(t0);
        assertTrue(took >= 300 && took < 5_000, took + " ms");
        assertThrowsExactly(EmptyQueueException.class, q::getNowait);

        Process p = new Process(() -> {
            for (int i = 0; i < 20; i++) {
                q.put(i);
            }
        });
        p.start();
        for (int i = 0; i < 20; i++) {
            assertEquals(i, q.get(secs(60)));
        }
        joinOk(p);
        assertTrue(q.isEmpty());
        pool.map(k -> {
            q.put(k);
            return null;
        }, List.of(5, 6));
        assertEquals(2, q.qsize());
    }

    // --- faults ------------------------------------------------------------------------------

    @Test
    void aManagedLockWhoseHolderWasKilledIsTakenOverByTheNextAcquirer() {
        ManagedLock lock = manager.lock();
        Queue<String> said = new Queue<>();
        Process holder = new Process(() -> {
            lock.acquire();
            said.put("holding");
            MpTesting.holdUntilKilled();
        }, "holder");
        holder.start();
        assertEquals("holding", said.get(secs(60)));
        assertThrowsExactly(LockTimeoutException.class, () -> lock.acquire(ms(100)));
        holder.kill();
        long t0 = System.nanoTime();
        try (var held = lock.acquire(secs(10))) {
            assertTrue(held.recoveredFromDeadOwner());
        }
        assertTrue(millisSince(t0) < 5_000, millisSince(t0) + " ms");
        holder.join(secs(10));
        try (var held = lock.acquire(ms(100))) {
            assertFalse(held.recoveredFromDeadOwner());
        }
    }

    @Test
    void aConsumerKilledWhileWaitingOnAManagedQueueTakesNoItemWithIt() {
        ManagedQueue<String> q = manager.queue();
        ManagedEvent waiting = manager.event();
        Process consumer = new Process(() -> {
            waiting.set();
            q.get();
        });
        consumer.start();
        assertTrue(waiting.await(secs(60)));
        consumer.kill();
        consumer.join(secs(10));
        q.put("for the living");
        assertEquals("for the living", q.get(secs(10)));
    }

    @Test
    void whenTheManagerIsKilledAWaitingCallAndLaterCallsFailSayingSo() throws Exception {
        Manager own = Manager.start();
        try {
            ManagedQueue<String> q = own.queue();
            ManagedEvent ready = own.event();
            Namespace ns = own.namespace();
            Queue<String> said = new Queue<>();
            Process waiter = new Process(() -> {
                try {
                    ready.set(); // the manager may be killed before this call has its answer
                    q.get();
                    said.put("got an item");
                } catch (ClosedException e) {
                    said.put("ClosedException: " + e.getMessage());
                }
            });
            waiter.start();
            assertTrue(ready.await(secs(60)));
            MpTesting.Seen process = MpTesting.see(own.pid());
            ProcessHandle.of(own.pid()).orElseThrow().destroyForcibly();
            await("the manager's process is gone", secs(10), () -> !process.alive());
            String outcome = said.get(secs(10));
            assertTrue(outcome.startsWith("ClosedException: the manager (pid " + own.pid() + ") has ended"), outcome);
            joinOk(waiter);
            ClosedException e = assertThrowsExactly(ClosedException.class, () -> ns.set("k", 1));
            assertTrue(e.getMessage().contains("has ended, and with it this namespace"), e.getMessage());
        } finally {
            own.close();
        }
    }
}
