package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.passGate;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rest of CPython's {@code Pool} on real worker JVMs: {@code initializer} and
 * {@code maxtasksperchild} (test_pool_initializer, test_pool_worker_lifetime), {@code apply},
 * {@code starmap_async} and the callbacks of {@code apply_async} (test_async), including the faults:
 * a worker dying mid-task under recycling, a worker killed while it is being recycled, an
 * initializer that throws.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PoolLifetimeTest {
    /** Set by the initializer in each worker: the pid of the worker that ran it. */
    static volatile long initializedIn;

    /** Runs in a worker, as the pool's initializer: counts itself and leaves its mark. */
    private static void init(IntValue inits) {
        try (var held = inits.getLock().acquire()) {
            inits.set(inits.get() + 1);
        }
        initializedIn = Multiprocessing.currentPid();
    }

    /** Runs in a worker: its pid, after checking that the initializer ran in this very worker. */
    private static long initializedPid(int ignored) {
        if (initializedIn != Multiprocessing.currentPid()) {
            throw new IllegalStateException("the initializer did not run in this worker");
        }
        return Multiprocessing.currentPid();
    }

    @Test
    void initializerRunsOnceInEachWorkerBeforeItsFirstTask() {
        IntValue inits = Value.ofInt(0);
        try (Pool pool = Pool.builder().processes(2).initializer(() -> init(inits)).build()) {
            List<Long> pids = pool.map(PoolLifetimeTest::initializedPid, IntStream.range(0, 12).boxed().toList(), 1);
            assertEquals(12, pids.size());
            assertTrue(new TreeSet<>(pids).size() <= 2, "two workers: " + pids);
        }
        assertEquals(2, inits.get(), "one initializer run per worker");
    }

    @Test
    void aReplacementWorkerRunsTheInitializerToo() {
        IntValue inits = Value.ofInt(0);
        try (Pool pool = Pool.builder().processes(1).initializer(() -> init(inits)).build()) {
            long first = pool.apply(PoolLifetimeTest::initializedPid, 0);
            WorkerDiedException e = assertThrowsExactly(WorkerDiedException.class, () -> pool.apply(x -> {
                Runtime.getRuntime().halt(7);
                return 0L;
            }, 0));
            assertTrue(e.getMessage().contains(Long.toString(first)), e.getMessage());
            long second = pool.apply(PoolLifetimeTest::initializedPid, 0);
            assertNotEquals(first, second, "a new worker replaced the dead one");
        }
        assertEquals(2, inits.get(), "the replacement ran the initializer");
    }

    @Test
    void afterMaxTasksPerChildTasksAWorkerIsReplacedByAFreshInitializedOne() {
        IntValue inits = Value.ofInt(0);
        List<Long> pids;
        try (Pool pool = Pool.builder().processes(2).initializer(() -> init(inits)).maxTasksPerChild(2).build()) {
            List<AsyncResult<Long>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.applyAsync(PoolLifetimeTest::initializedPid, i));
            }
            pids = new ArrayList<>();
            for (AsyncResult<Long> r : results) {
                pids.add(r.get(secs(120)));
            }
        }
        Map<Long, Integer> perWorker = new HashMap<>();
        pids.forEach(p -> perWorker.merge(p, 1, Integer::sum));
        assertTrue(perWorker.values().stream().allMatch(n -> n <= 2), "no worker ran more than 2 tasks: " + perWorker);
        assertTrue(perWorker.size() >= 5, "10 tasks, 2 per worker: at least 5 workers: " + perWorker);
        // Each worker ran it once, fresh ones included; the last two retired workers' successors ran it
        // too, though no task was left for them.
        assertTrue(inits.get() >= perWorker.size() && inits.get() <= perWorker.size() + 2,
                inits.get() + " initializer runs for " + perWorker.size() + " workers that ran tasks");
    }

    @Test
    void aChunkOfMapCountsAsOneTaskOfAWorker() {
        try (Pool pool = Pool.builder().processes(1).maxTasksPerChild(2).build()) {
            List<Long> pids = pool.map(x -> Multiprocessing.currentPid(), IntStream.range(0, 8).boxed().toList(), 2);
            // chunks of 2 items, 2 chunks per worker: items 0-3 in one worker, 4-7 in the next
            assertEquals(2, new TreeSet<>(pids).size(), pids.toString());
            assertEquals(pids.get(0), pids.get(3));
            assertNotEquals(pids.get(3), pids.get(4));
        }
    }

    @Test
    void aWorkerDyingMidTaskUnderRecyclingFailsExactlyItsTask() {
        try (Pool pool = Pool.builder().processes(2).maxTasksPerChild(1).build()) {
            List<AsyncResult<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                results.add(pool.applyAsync(() -> {
                    if (n == 3) {
                        Runtime.getRuntime().halt(9);
                    }
                    return n * 10;
                }));
            }
            for (int i = 0; i < 6; i++) {
                AsyncResult<Integer> r = results.get(i);
                if (i == 3) {
                    assertThrowsExactly(WorkerDiedException.class, () -> r.get(secs(120)));
                } else {
                    assertEquals(i * 10, r.get(secs(120)), "task " + i);
                }
            }
            assertEquals(42, (int) pool.apply((Integer x) -> x, 42), "the pool works on");
        }
    }

    @Test
    void aWorkerKilledWhileItIsRecycledFailsNothing() {
        List<Long> killed = new CopyOnWriteArrayList<>();
        try (Pool pool = Pool.builder().processes(2).maxTasksPerChild(1).build()) {
            List<AsyncResult<Long>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                // Each worker answers one task and is then retired: the callback kills it as that happens.
                results.add(pool.applyAsync(x -> Multiprocessing.currentPid(), i, pid -> {
                    killed.add(pid);
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }, null));
            }
            Set<Long> pids = new TreeSet<>();
            for (AsyncResult<Long> r : results) {
                pids.add(r.get(secs(120)));
            }
            assertEquals(6, pids.size(), "one fresh worker per task: " + pids);
            assertEquals(6, killed.size());
            assertEquals(7, (int) pool.apply((Integer x) -> x + 1, 6), "the pool works on");
        }
    }

    @Test
    void anInitializerThatThrowsFailsTheCallsNamingItsException() {
        try (Pool pool = Pool.builder().processes(1).initializer(() -> {
            throw new IllegalStateException("no table to load");
        }).build()) {
            ProcessException e = assertThrowsExactly(ProcessException.class, () -> pool.apply(x -> x, 1));
            assertTrue(e.getMessage().contains("initializer"), e.getMessage());
            assertTrue(e.getMessage().contains("IllegalStateException: no table to load"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            // and at once from then on, without hanging
            assertThrowsExactly(ProcessException.class, () -> pool.applyAsync(x -> x, 2).get(secs(30)));
        }
    }

    @Test
    void builderRefusesWhatCPythonRefuses() {
        assertThrows(ProcessException.class, () -> Pool.builder().processes(0));
        assertThrows(ProcessException.class, () -> Pool.builder().maxTasksPerChild(0));
        Object notSerializable = new Object();
        SerializationFailedException e = assertThrows(SerializationFailedException.class,
                () -> Pool.builder().initializer(() -> notSerializable.hashCode()).build());
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void applyBlocksForTheValueAndRethrowsTheTasksException() {
        try (Pool pool = new Pool(1)) {
            assertEquals(49, (int) pool.apply((Integer x) -> x * x, 7));
            assertEquals("hi", pool.apply(() -> "hi"));
            IllegalArgumentException e = assertThrowsExactly(IllegalArgumentException.class,
                    () -> pool.apply(x -> {
                        throw new IllegalArgumentException("bad " + x);
                    }, 3));
            assertEquals("bad 3", e.getMessage());

            AsyncResult<List<Integer>> star = pool.starmapAsync((Integer a, Integer b) -> a * b,
                    List.of(Args.of(2, 3), Args.of(4, 5), Args.of(6, 7)));
            assertEquals(List.of(6, 20, 42), star.get(secs(60)));
            AsyncResult<List<String>> star3 = pool.starmapAsync((String a, Integer b, String c) -> a + b + c,
                    List.of(Args.of("a", 1, "b"), Args.of("c", 2, "d")));
            assertEquals(List.of("a1b", "c2d"), star3.get(secs(60)));
        }
    }

    @Test
    void callbacksRunInTheOwnersProcessOnALibraryThreadBeforeGetReturns() {
        long me = Multiprocessing.currentPid();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (Pool pool = new Pool(2)) {
            AsyncResult<Integer> ok = pool.applyAsync(x -> x + 1, 41,
                    v -> seen.add("value " + v + " in " + Multiprocessing.currentPid() + " on " + Thread.currentThread().getName()),
                    e -> seen.add("error " + e));
            AsyncResult<Integer> bad = pool.applyAsync(x -> {
                throw new UnsupportedOperationException("no " + x);
            }, 7, v -> seen.add("value " + v), e -> seen.add("error " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            assertEquals(42, ok.get(secs(60)));
            assertThrowsExactly(UnsupportedOperationException.class, () -> bad.get(secs(60)));
            // get() returned: both callbacks have run
            assertEquals(2, seen.size(), seen.toString());
            String value = seen.stream().filter(s -> s.startsWith("value")).findFirst().orElseThrow();
            assertTrue(value.startsWith("value 42 in " + me + " on mp-pool-"), value);
            assertTrue(seen.contains("error UnsupportedOperationException: no 7"), seen.toString());
        }
    }

    @Test
    void anExceptionInACallbackIsReportedAndThePoolGoesOn() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Pool pool = new Pool(1)) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            AsyncResult<Integer> r = pool.applyAsync(x -> x, 5, v -> {
                throw new IllegalStateException("callback broke on " + v);
            }, null);
            assertEquals(5, r.get(secs(60)), "the task's own outcome");
            assertEquals(6, (int) pool.apply((Integer x) -> x + 1, 5));
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("onResult callback"), text);
        assertTrue(text.contains("IllegalStateException: callback broke on 5"), text);
    }

    @Test
    void closeWaitsForTheCallbacks() {
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        try (Pool pool = new Pool(2)) {
            for (int i = 0; i < 8; i++) {
                pool.applyAsync(x -> x * 2, i, got::add, null);
            }
        }
        assertEquals(IntStream.range(0, 8).map(i -> i * 2).boxed().collect(Collectors.toSet()), new TreeSet<>(got));
    }

    // --- Multiprocessing: active_children, parent_process -------------------------------------

    @Test
    void activeChildrenListsTheLiveChildrenAndDropsThoseThatEnded() {
        IntValue gate = Value.ofInt(0);
        Process a = new Process(() -> passGate(gate));
        Process b = new Process(() -> passGate(gate));
        a.start();
        b.start();
        try {
            List<Process> live = Multiprocessing.activeChildren();
            assertTrue(live.indexOf(a) >= 0 && live.indexOf(b) > live.indexOf(a), "a and b, in start order: " + live);
        } finally {
            gate.set(1);
        }
        a.join();
        b.join();
        List<Process> after = Multiprocessing.activeChildren();
        assertFalse(after.contains(a) || after.contains(b), after.toString());
    }

    @Test
    void activeChildrenIncludesPoolWorkersAsHandles() {
        try (Pool pool = new Pool(2)) {
            Set<Long> workers = PoolTest.workerPids(pool);
            List<Process> live = Multiprocessing.activeChildren();
            Set<Long> handles = live.stream().filter(p -> p.getName().startsWith("PoolWorker-"))
                    .map(Process::pid).collect(Collectors.toSet());
            assertTrue(handles.containsAll(workers), handles + " holds " + workers);
            Process handle = live.stream().filter(p -> workers.contains(p.pid())).findFirst().orElseThrow();
            assertThrows(ProcessException.class, handle::start, "a handle cannot be started");
            assertTrue(handle.isAlive());
            assertNotNull(handle.pid());
        }
    }

    @Test
    void parentPidIsNullInTheMainProcessAndTheParentsPidInAChild() throws Exception {
        assertEquals(null, Multiprocessing.parentPid());
        Queue<Long> q = new Queue<>();
        Process p = new Process(() -> q.put(Multiprocessing.parentPid()));
        p.start();
        assertEquals(Multiprocessing.currentPid(), q.get(secs(60)));
        p.join();
    }
}
