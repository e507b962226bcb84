package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.hasFrame;
import static dev.mppractice.mp.MpTesting.liveChildren;
import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.passGate;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SEMANTICS.md 8-18: {@link Pool} on real worker JVMs. One two-worker pool serves the tests that
 * leave it as they found it; the tests that close, terminate or kill workers have their own.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PoolTest {
    private static Pool pool;
    private static Set<Long> workers;

    @BeforeAll
    static void startPool() {
        pool = new Pool(2);
        assertEquals(2, pool.size());
        workers = workerPids(pool);
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    /**
     * The pids of a pool's workers: one task per worker, each waiting until all have arrived,
     * so that every worker must take one.
     */
    static Set<Long> workerPids(Pool p) {
        int n = p.size();
        IntValue arrived = Value.ofInt(0);
        List<Long> pids = p.map(x -> {
            try (var held = arrived.getLock().acquire()) {
                arrived.set(arrived.get() + 1);
            }
            MpTesting.await("every worker took a task", secs(60), () -> arrived.get() >= n);
            return Multiprocessing.currentPid();
        }, IntStream.range(0, n).boxed().collect(Collectors.toList()), 1);
        Set<Long> set = new TreeSet<>(pids);
        assertEquals(n, set.size(), "one task per worker: " + pids);
        return set;
    }

    /** The shared pool still has exactly the workers it started with, and they work. */
    private static void assertNoWorkerLost() {
        assertTrue(workers.stream().noneMatch(MpTesting::gone), "a worker of the pool died: " + workers);
        assertEquals(workers, workerPids(pool), "the pool's worker processes changed");
    }

    // --- 8 ---------------------------------------------------------------------------------

    @Test
    void mapKeepsInputOrderWithAndWithoutChunksize() {
        List<Integer> input = IntStream.range(0, 60).boxed().collect(Collectors.toList());
        List<Integer> squares = input.stream().map(x -> x * x).collect(Collectors.toList());
        // uneven task times, so that completion order differs from input order
        Fn1<Integer, Integer> slowSquare = x -> {
            Thread.sleep((x * 7) % 5 * 3L);
            return x * x;
        };
        assertEquals(squares, pool.map(slowSquare, input));
        assertEquals(squares, pool.map(slowSquare, input, 1));
        assertEquals(squares, pool.map(slowSquare, input, 7));
        assertEquals(squares, pool.map(slowSquare, input, 1000));
        assertEquals(List.of("a!", "b!"), pool.map(s -> s + "!", new TreeSet<>(Set.of("b", "a"))), "any Iterable");
    }

    @Test
    void mapOfAnEmptyInputReturnsAnEmptyListAtOnce() {
        long t0 = System.nanoTime();
        List<Integer> out = pool.map(x -> x * 2, List.<Integer>of());
        List<Integer> chunked = pool.map(x -> x * 2, List.<Integer>of(), 5);
        assertEquals(List.of(), out);
        assertEquals(List.of(), chunked);
        assertTrue(millisSince(t0) < 1_000, millisSince(t0) + " ms");
    }

    // --- 9 ---------------------------------------------------------------------------------

    @Test
    void starmapUnpacksArgumentTuples() {
        List<Integer> products = pool.starmap((Integer a, Integer b) -> a * b,
                List.of(Args.of(2, 3), Args.of(4, 5), Args.of(6, 7)));
        assertEquals(List.of(6, 20, 42), products);

        List<String> joined = pool.starmap((String a, Integer b, Character c) -> a + b + c,
                List.of(Args.of("x", 1, 'a'), Args.of("y", 2, 'b')));
        assertEquals(List.of("x1a", "y2b"), joined);
    }

    // --- 10 --------------------------------------------------------------------------------

    @Test
    void applyAsyncReportsReadyAndSuccessfulWhichFailsBeforeReady() {
        IntValue gate = Value.ofInt(0);
        AsyncResult<Integer> r = pool.applyAsync(() -> {
            passGate(gate);
            return 42;
        });
        try {
            assertFalse(r.ready());
            assertThrows(ProcessException.class, r::successful, "successful() before the result is ready");
        } finally {
            gate.set(1);
        }
        assertEquals(42, r.get(secs(30)));
        assertTrue(r.ready());
        assertTrue(r.successful());

        AsyncResult<Integer> withArg = pool.applyAsync((Integer x) -> x * 2, 21);
        assertEquals(42, withArg.get(secs(30)));

        AsyncResult<Integer> failing = pool.applyAsync(() -> {
            throw new IllegalStateException("no result");
        });
        failing.waitFor(secs(30));
        assertTrue(failing.ready());
        assertFalse(failing.successful());
    }

    // --- 11 --------------------------------------------------------------------------------

    @Test
    void getWithTimeoutTimesOutTheTaskKeepsRunningAndALaterGetSucceeds() {
        IntValue gate = Value.ofInt(0);
        IntValue finished = Value.ofInt(0);
        AsyncResult<String> r = pool.applyAsync(() -> {
            passGate(gate);
            finished.set(1);
            return "late but fine";
        });
        long t0 = System.nanoTime();
        ResultTimeoutException e;
        try {
            e = assertThrowsExactly(ResultTimeoutException.class, () -> r.get(ms(300)));
        } finally {
            gate.set(1);
        }
        long took = millisSince(t0);
        assertTrue(e.getClass().getSimpleName().contains("Timeout"));
        assertTrue(took >= 300 && took < 5_000, "get(300 ms) gave up after " + took + " ms");

        assertEquals("late but fine", r.get(secs(30)));
        assertEquals(1, finished.get(), "the task ran on after the timeout");
        assertTrue(r.successful());
        assertNoWorkerLost();
    }

    @Test
    void mapAsyncIsMapWithATimeoutThatLosesNothing() {
        IntValue gate = Value.ofInt(0);
        AsyncResult<List<Integer>> r = pool.mapAsync(x -> {
            passGate(gate);
            return x * 10;
        }, List.of(1, 2, 3));
        long t0 = System.nanoTime();
        try {
            assertThrowsExactly(ResultTimeoutException.class, () -> r.get(ms(300)));
        } finally {
            gate.set(1);
        }
        long took = millisSince(t0);
        assertTrue(took >= 300 && took < 5_000, "get(300 ms) gave up after " + took + " ms");
        assertEquals(List.of(10, 20, 30), r.get(secs(30)));
        assertTrue(r.successful());
        assertNoWorkerLost();
    }

    // --- 12 --------------------------------------------------------------------------------

    static Object failWith(String message) {
        throw new IllegalArgumentException(message);
    }

    /** An exception class of the program itself, rebuilt in the caller. */
    public static class TaskFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TaskFailed(String message) {
            super(message);
        }
    }

    @Test
    void anExceptionInATaskComesBackWithItsClassMessageAndTheWorkersStackTrace() {
        AsyncResult<Object> r = pool.applyAsync(() -> failWith("bad input 42"));
        IllegalArgumentException e = assertThrowsExactly(IllegalArgumentException.class, () -> r.get(secs(30)));
        assertEquals("bad input 42", e.getMessage());
        assertNotNull(e.getCause(), "the worker's stack trace is attached as the cause");
        assertTrue(hasFrame(e.getCause(), PoolTest.class, "failWith"),
                "the cause carries the worker's stack trace, with failWith in it");
        assertFalse(r.successful());

        // the same through map, imap and a class of the program's own
        IllegalArgumentException inMap = assertThrowsExactly(IllegalArgumentException.class,
                () -> pool.map(x -> x == 3 ? failWith("bad item " + x) : x, List.of(1, 2, 3, 4)));
        assertEquals("bad item 3", inMap.getMessage());
        assertTrue(hasFrame(inMap.getCause(), PoolTest.class, "failWith"));

        Iterator<Object> it = pool.imap(x -> x == 2 ? failWith("bad imap item " + x) : x, List.of(1, 2, 3)).iterator();
        assertEquals(1, it.next());
        IllegalArgumentException inImap = assertThrowsExactly(IllegalArgumentException.class, it::next);
        assertEquals("bad imap item 2", inImap.getMessage());

        TaskFailed own = assertThrowsExactly(TaskFailed.class, () -> pool.applyAsync(() -> {
            throw new TaskFailed("the program's own exception");
        }).get(secs(30)));
        assertEquals("the program's own exception", own.getMessage());
        assertNoWorkerLost();
    }

    @Test
    void aCheckedExceptionInATaskComesBackWrappedInAProcessExceptionWhoseCauseItIs() {
        ProcessException e = assertThrows(ProcessException.class, () -> pool.applyAsync(() -> {
            throw new IOException("disk full");
        }).get(secs(30)));
        IOException cause = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("disk full", cause.getMessage());
    }

    // --- 13 --------------------------------------------------------------------------------

    @Test
    void imapYieldsResultsInInputOrderEachAsSoonAsItIsReady() {
        IntValue gate = Value.ofInt(0);
        Fn1<Integer, Integer> fn = x -> {
            if (x == 1) {
                passGate(gate);
            }
            return x * 10;
        };
        Iterator<Integer> it = pool.imap(fn, List.of(0, 1, 2, 3, 4, 5)).iterator();
        List<Integer> got = new ArrayList<>();
        try {
            got.add(it.next()); // while item 1 is still held at the gate
            assertEquals(0, gate.get());
        } finally {
            gate.set(1);
        }
        it.forEachRemaining(got::add);
        assertEquals(List.of(0, 10, 20, 30, 40, 50), got);

        List<Integer> chunked = new ArrayList<>();
        pool.imap(x -> x + 1, IntStream.range(0, 25).boxed().collect(Collectors.toList()), 4).forEach(chunked::add);
        assertEquals(IntStream.range(1, 26).boxed().collect(Collectors.toList()), chunked);
    }

    @Test
    void imapUnorderedYieldsEveryResultAsTheyComplete() {
        IntValue gate = Value.ofInt(0);
        Fn1<Integer, Integer> fn = x -> {
            if (x == 0) {
                passGate(gate);
            }
            return x * 10;
        };
        Iterator<Integer> it = pool.imapUnordered(fn, List.of(0, 1, 2, 3, 4, 5)).iterator();
        Set<Integer> beforeGate = new HashSet<>();
        try {
            // one worker is held by item 0; the other finishes items 1-5, which come out first
            for (int i = 0; i < 5; i++) {
                beforeGate.add(it.next());
            }
            assertEquals(0, gate.get());
        } finally {
            gate.set(1);
        }
        assertEquals(Set.of(10, 20, 30, 40, 50), beforeGate);
        assertTrue(it.hasNext());
        assertEquals(0, it.next());
        assertFalse(it.hasNext());

        List<Integer> chunked = new ArrayList<>();
        pool.imapUnordered(x -> x + 1, IntStream.range(0, 25).boxed().collect(Collectors.toList()), 4).forEach(chunked::add);
        assertEquals(IntStream.range(1, 26).boxed().collect(Collectors.toSet()), new HashSet<>(chunked));
        assertEquals(25, chunked.size());
    }

    /**
     * The work an {@code imap} was given is submitted when the call returns, as in CPython: a pool closed and joined at
     * once still runs it, and its results are there to iterate (a learner probe's exercise 8 program was refused with
     * "the pool is closed": the call's feeder had not handed the work over yet).
     */
    @ParameterizedTest(name = "ordered: {0}")
    @ValueSource(booleans = {true, false})
    void anImapsWorkRunsWhenThePoolIsClosedAndJoinedBeforeItsResultsAreTaken(boolean ordered) {
        for (int round = 0; round < 5; round++) {
            List<Integer> input = IntStream.range(0, 40).boxed().collect(Collectors.toList());
            Iterable<Integer> results;
            try (Pool own = new Pool(2)) {
                results = ordered ? own.imap(x -> x * 3, input) : own.imapUnordered(x -> x * 3, input);
                own.close();
                own.join();
            }
            List<Integer> got = new ArrayList<>();
            results.forEach(got::add);
            if (!ordered) got.sort(null);
            assertEquals(input.stream().map(x -> x * 3).collect(Collectors.toList()), got, "round " + round);
        }
    }

    // --- 14 --------------------------------------------------------------------------------

    /** 0, 1, 2, then the iterator itself throws. */
    private static Iterable<Integer> inputThatBreaksAfter3() {
        return () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (i == 3) {
                    throw new IllegalStateException("the input broke at 3");
                }
                return i++;
            }
        };
    }

    @Test
    void anExceptionThrownByTheInputIterableReachesTheCallerAndThePoolStillWorks() {
        IllegalStateException inMap = assertThrowsExactly(IllegalStateException.class,
                () -> pool.map(x -> x * 2, inputThatBreaksAfter3()));
        assertEquals("the input broke at 3", inMap.getMessage());

        // imap: the results before the failing position, in order, then the exception
        Iterator<Integer> it = pool.imap(x -> x * 2, inputThatBreaksAfter3()).iterator();
        assertEquals(0, it.next());
        assertEquals(2, it.next());
        assertEquals(4, it.next());
        IllegalStateException inImap = assertThrowsExactly(IllegalStateException.class, it::next);
        assertEquals("the input broke at 3", inImap.getMessage());

        // imapUnordered: the exception comes at some point, among results of the input before it (as CPython's)
        Iterator<Integer> unordered = pool.imapUnordered(x -> x * 2, inputThatBreaksAfter3()).iterator();
        Set<Integer> got = new HashSet<>();
        IllegalStateException inUnordered = assertThrowsExactly(IllegalStateException.class, () -> {
            for (int i = 0; i < 4; i++) {
                assertTrue(got.add(unordered.next()));
            }
        });
        assertEquals("the input broke at 3", inUnordered.getMessage());
        assertTrue(Set.of(0, 2, 4).containsAll(got), got.toString());
        assertNoWorkerLost();
    }

    // --- 15 --------------------------------------------------------------------------------

    /** Cannot be serialized. */
    static final class Opaque {
        final int n;

        Opaque(int n) {
            this.n = n;
        }
    }

    @Test
    void anArgumentThatCannotBeSerializedFailsTheCallAtOnceNamingTheClassAndNoWorkerIsLost() {
        long t0 = System.nanoTime();
        SerializationFailedException e = assertThrows(SerializationFailedException.class,
                () -> pool.map((Opaque o) -> o.n, List.of(new Opaque(1), new Opaque(2))));
        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());

        SerializationFailedException async = assertThrows(SerializationFailedException.class,
                () -> pool.applyAsync((Opaque o) -> o.n, new Opaque(3)));
        assertTrue(async.getMessage().contains(Opaque.class.getName()), async.getMessage());

        Opaque captured = new Opaque(4);
        SerializationFailedException capture = assertThrows(SerializationFailedException.class,
                () -> pool.applyAsync(() -> captured.n));
        assertTrue(capture.getMessage().contains(Opaque.class.getName()), capture.getMessage());

        assertTrue(millisSince(t0) < 2_000, "failing took " + millisSince(t0) + " ms");
        assertNoWorkerLost();
    }

    @Test
    void aResultThatCannotBeSerializedFailsThatCallNamingTheClassAndNoWorkerIsLost() {
        AsyncResult<Opaque> r = pool.applyAsync(() -> new Opaque(5));
        SerializationFailedException e = assertThrows(SerializationFailedException.class, () -> r.get(secs(30)));
        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());

        SerializationFailedException inMap = assertThrows(SerializationFailedException.class,
                () -> pool.map(x -> x == 2 ? new Opaque(x) : x, List.of(1, 2, 3)));
        assertTrue(inMap.getMessage().contains(Opaque.class.getName()), inMap.getMessage());
        assertNoWorkerLost();
    }

    // --- 16 --------------------------------------------------------------------------------

    @Test
    void terminateWithThousandsOfQueuedTasksReturnsPromptlyAndFailsThem() {
        Pool own = new Pool(2);
        Set<Long> ownWorkers = workerPids(own);
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            results.add(own.applyAsync((Integer x) -> {
                Thread.sleep(50);
                return x;
            }, i));
        }
        long t0 = System.nanoTime();
        own.terminate();
        long took = millisSince(t0);
        assertTrue(took < 10_000, "terminate() took " + took + " ms");

        long failed = 0;
        for (AsyncResult<Integer> r : results) {
            r.waitFor(secs(5));
            assertTrue(r.ready(), "a result never became ready after terminate()");
            if (!r.successful()) {
                assertThrows(ProcessException.class, () -> r.get(secs(1)));
                failed++;
            }
        }
        assertTrue(failed > 2_900, failed + " of 3000 tasks failed");
        assertTrue(millisSince(t0) < 20_000, "terminate and collecting took " + millisSince(t0) + " ms");
        await("the terminated pool's workers are gone", secs(10), () -> ownWorkers.stream().allMatch(MpTesting::gone));
        own.close(); // after terminate: nothing left to do, returns
    }

    /**
     * An imap's work that its feeder hands over after the pool was terminated fails, when iterated, with what terminated
     * the pool and where, at the program's line that iterates: exercise 8's program that called terminate() right after
     * imapUnordered was told "the pool is closed: submit work before close() or terminate()", with no line of its own, as
     * if it had submitted the work late (a tester's program).
     */
    @Test
    void imapWorkHandedOverAfterATerminateSaysWhereThePoolWasTerminated() throws Exception {
        Pool own = new Pool(1);
        java.util.concurrent.CountDownLatch terminated = new java.util.concurrent.CountDownLatch(1);
        Iterable<Integer> afterTheTerminate = () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                try {
                    terminated.await();   // the feeder hands the first item over only once the pool is terminated
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return next < 2;
            }

            @Override
            public Integer next() {
                return next++;
            }
        };
        Iterable<Integer> results = own.imapUnordered((Integer x) -> x, afterTheTerminate);
        dev.mppractice.recordcaller.Caller.call(() -> {
            own.terminate();
            return null;
        });
        terminated.countDown();
        ClosedException e = assertThrows(ClosedException.class, () -> {
            for (int r : results) {
                assertEquals(0, r, "no result comes");
            }
        });
        assertEquals("the pool was terminated at " + dev.mppractice.recordcaller.Caller.SITE + " before this work was handed to"
                + " its workers: terminate() stops the workers and drops the work not done; to let it finish, call close() and"
                + " then join()", e.getMessage());
        assertTrue(java.util.Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName().startsWith("lambda$imapWork")),
                "thrown where the program iterates");
    }

    @Test
    void closeWaitsForTheSubmittedWorkThenStopsTheWorkers() {
        IntArray done = Array.ofInts(6);
        List<AsyncResult<Integer>> results = new ArrayList<>();
        try (Pool own = new Pool(2)) {
            Set<Long> ownWorkers = workerPids(own);
            for (int i = 0; i < 6; i++) {
                results.add(own.applyAsync((Integer x) -> {
                    Thread.sleep(200);
                    done.set(x, 1);
                    return x;
                }, i));
            }
            own.close();

            for (int i = 0; i < 6; i++) {
                assertTrue(results.get(i).ready(), "task " + i + " not done when close() returned");
                assertEquals(i, results.get(i).get(ms(0)));
            }
            assertEquals(List.of(1, 1, 1, 1, 1, 1), done.toList());
            assertTrue(ownWorkers.stream().allMatch(MpTesting::gone), "close() returned before the workers stopped");
            assertThrows(ProcessException.class, () -> own.applyAsync(() -> 1), "submitting after close()");
        }
    }

    // --- 17 --------------------------------------------------------------------------------

    @Test
    void aPoolOfZeroOrNegativeSizeIsRefused() {
        Set<Long> before = liveChildren();
        assertThrows(ProcessException.class, () -> new Pool(0));
        assertThrows(ProcessException.class, () -> new Pool(-1));
        assertThrows(ProcessException.class, () -> new Pool(Integer.MIN_VALUE));
        assertEquals(before, liveChildren(), "no worker was started");
    }

    // --- 18 --------------------------------------------------------------------------------

    /** Runs in a worker: says which worker holds task {@code task} (in shared memory, at once), then waits at the gate. */
    private static int holdTask(int task, LongArray holders, IntValue gate) {
        holders.set(task, Multiprocessing.currentPid());
        passGate(gate);
        return 1;
    }

    @Test
    void workerKilledMidTaskFailsItsTaskWithPidAndExitCodeAndIsReplaced() {
        assertWorkerDeathFailsItsTask("kill", -9);
    }

    @Test
    void workerCallingSystemExitMidTaskFailsItsTaskWithPidAndExitCodeAndIsReplaced() {
        assertWorkerDeathFailsItsTask("exit", 3);
    }

    @Test
    void workerHaltingMidTaskFailsItsTaskWithPidAndExitCodeAndIsReplaced() {
        assertWorkerDeathFailsItsTask("halt", 5);
    }

    /**
     * Two tasks held by the two workers of a pool; the worker of the second dies ({@code how}).
     * Its task fails, naming its pid and exit code; the other task is unharmed; the pool has
     * two working workers again.
     */
    private static void assertWorkerDeathFailsItsTask(String how, int expectedCode) {
        try (Pool own = new Pool(2)) {
            LongArray holders = Array.ofLongs(2);
            IntValue gate = Value.ofInt(0);
            AsyncResult<Integer> survivor = own.applyAsync(() -> holdTask(0, holders, gate));
            AsyncResult<Integer> doomed = switch (how) {
                case "exit" -> own.applyAsync(() -> {
                    holders.set(1, Multiprocessing.currentPid());
                    System.exit(3);
                    return 0;
                });
                case "halt" -> own.applyAsync(() -> {
                    holders.set(1, Multiprocessing.currentPid());
                    Runtime.getRuntime().halt(5);
                    return 0;
                });
                default -> own.applyAsync(() -> holdTask(1, holders, gate));
            };
            await("both tasks are running", secs(60), () -> holders.get(0) != 0 && holders.get(1) != 0);
            long victim = holders.get(1);
            assertTrue(victim != holders.get(0), "the two tasks ran on different workers");
            long t0 = System.nanoTime();
            if (how.equals("kill")) {
                ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            }
            WorkerDiedException e;
            try {
                e = assertThrowsExactly(WorkerDiedException.class, () -> doomed.get(secs(20)));
            } finally {
                gate.set(1);
            }
            long took = millisSince(t0);
            assertTrue(took < 10_000, "the task failed " + took + " ms after its worker died");
            assertTrue(e.getMessage().matches("(?s).*\\b" + victim + "\\b.*"),
                    "the message names the pid " + victim + ": " + e.getMessage());
            assertTrue(e.getMessage().matches("(?s).*(?<![\\d-])" + expectedCode + "\\b.*"),
                    "the message names the exit code " + expectedCode + ": " + e.getMessage());
            assertTrue(MpTesting.gone(victim));
            assertFalse(doomed.successful());

            assertEquals(1, survivor.get(secs(20)), "the other worker's task is unharmed");
            Set<Long> now = workerPids(own);
            assertFalse(now.contains(victim), "the dead worker " + victim + " is still counted: " + now);
        }
    }

    @Test
    void anIdleWorkerThatDiedIsReplacedBeforeItIsGivenWork() {
        try (Pool own = new Pool(1)) {
            long worker = own.applyAsync(Multiprocessing::currentPid).get(secs(60));
            // a few times over: work handed out just after an idle worker died must not be failed
            for (int round = 0; round < 3; round++) {
                MpTesting.Seen seen = MpTesting.see(worker);
                ProcessHandle.of(worker).orElseThrow().destroyForcibly();
                await("the idle worker is dead", secs(10), () -> !seen.alive());
                long t0 = System.nanoTime();
                long dead = worker;
                worker = own.applyAsync(Multiprocessing::currentPid).get(secs(30));
                assertTrue(worker != dead, "a new worker ran the task");
                assertTrue(millisSince(t0) < 20_000, millisSince(t0) + " ms");
            }
        }
    }

    @Test
    void aTaskThatRunsOutOfMemoryFailsWithoutHangingAndThePoolStillWorks() {
        AsyncResult<Integer> r = pool.applyAsync(() -> new long[Integer.MAX_VALUE - 8].length);
        Throwable e = assertThrows(Throwable.class, () -> r.get(secs(60)));
        assertTrue(e instanceof ProcessException || e instanceof OutOfMemoryError, e.toString());
        assertTrue(MpTesting.chain(e).stream().anyMatch(t -> String.valueOf(t.getMessage()).contains("OutOfMemoryError")
                || t instanceof OutOfMemoryError), "the failure names the OutOfMemoryError: " + e);
        assertNoWorkerLost();
    }

    @Test
    void aMapWhoseWorkerDiesFailsWithTheWorkersPidAndExitCodeInsteadOfHanging() {
        try (Pool own = new Pool(1)) {
            long worker = own.applyAsync(Multiprocessing::currentPid).get(secs(60));
            long t0 = System.nanoTime();
            WorkerDiedException e = assertThrowsExactly(WorkerDiedException.class, () -> own.map(x -> {
                if (x == 2) {
                    System.exit(4);
                }
                return x;
            }, List.of(0, 1, 2, 3)));
            assertTrue(millisSince(t0) < 15_000, millisSince(t0) + " ms");
            assertTrue(e.getMessage().matches("(?s).*\\b" + worker + "\\b.*"), e.getMessage());
            assertTrue(e.getMessage().matches("(?s).*(?<![\\d-])4\\b.*"), e.getMessage());
            assertEquals(List.of(0, 1, 2, 3), own.map(x -> x, List.of(0, 1, 2, 3)), "the replaced worker works");

            // imap: the result owed by the dead worker fails at its position, the others come
            Iterator<Integer> it = own.imap(x -> {
                if (x == 1) {
                    Runtime.getRuntime().halt(6);
                }
                return x * 10;
            }, List.of(0, 1, 2)).iterator();
            assertEquals(0, it.next());
            WorkerDiedException inImap = assertThrowsExactly(WorkerDiedException.class, it::next);
            assertTrue(inImap.getMessage().matches("(?s).*(?<![\\d-])6\\b.*"), inImap.getMessage());
            assertEquals(20, it.next());
            assertFalse(it.hasNext());
        }
    }

    // --- work goes to whoever is free ----------------------------------------------------------

    /**
     * Short tasks are handed to a worker ahead of time (the next waits in the worker while it runs
     * one), but never kept from a worker that is free: here the task after a long one can only end
     * the long one if it runs on the other worker. Were it kept behind the long one, the long one
     * would give up after 30 s and the map would fail.
     */
    @Test
    void aTaskHandedAheadBehindALongOneGoesToTheWorkerThatBecomesFree() throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mp-pool-steal");
        try (Pool own = new Pool(2)) {
            List<Integer> input = IntStream.range(0, 400).boxed().collect(Collectors.toList());
            for (int round = 0; round < 3; round++) {
                String marker = dir.resolve("round-" + round).toString();
                int longOne = 100 + 100 * round;
                Fn1<Integer, Integer> f = x -> {
                    if (x == longOne) {
                        MpTesting.await("task " + (longOne + 1) + " ran (it must not wait behind " + longOne + ")", secs(30),
                                () -> java.nio.file.Files.exists(java.nio.file.Path.of(marker)));
                    } else if (x == longOne + 1) {
                        java.nio.file.Files.createFile(java.nio.file.Path.of(marker));
                    }
                    return x;
                };
                assertEquals(input, own.map(f, input, 1), "round " + round);
            }
        } finally {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : files.toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
            java.nio.file.Files.delete(dir);
        }
    }

    /**
     * A task handed to a worker that holds nothing, while nothing else is queued, goes alone: the
     * pool hands that worker nothing more before its answer, so the worker's thread that read it
     * runs it and goes on reading, and its second thread is not woken (a wake-up per round trip).
     * Sequential round trips therefore all run on one thread of the worker; when the two threads
     * took turns, they alternated.
     */
    @Test
    void sequentialRoundTripsRunOnTheThreadThatReadThemWithoutWakingTheWorkersOther() {
        try (Pool own = new Pool(1)) {
            Set<String> threads = new TreeSet<>();
            for (int i = 0; i < 20; i++) {
                threads.add(own.applyAsync((Integer x) -> Thread.currentThread().getName(), i).get());
            }
            assertEquals(1, threads.size(), "the worker threads that ran 20 sequential round trips: " + threads);
        }
    }

    /**
     * With every worker free, a task goes to the one that became free last: its slot thread and its
     * worker are the ones still awake. Sequential round trips on a pool of two therefore stay with
     * one worker; when the free slot that had waited longest took the task, they alternated (790
     * changes of worker in 1,000 round trips), and each round trip woke a worker that had gone to
     * sleep (a third slower). The bound leaves room for a slot thread that is descheduled just as
     * it becomes free, when the other one rightly takes the task.
     */
    @Test
    void sequentialRoundTripsStayWithTheWorkerThatBecameFreeLast() {
        try (Pool own = new Pool(2)) {
            workerPids(own); // both workers up, and both free
            long last = -1;
            int changes = 0;
            for (int i = 0; i < 200; i++) {
                long pid = own.applyAsync((Integer x) -> Multiprocessing.currentPid(), i).get();
                if (last != -1 && pid != last) {
                    changes++;
                }
                last = pid;
            }
            assertTrue(changes <= 50, "changes of worker in 200 sequential round trips: " + changes);
        }
    }

    /**
     * A long task that went alone to a worker (nothing was queued then) holds only that worker: the
     * map submitted while it runs, of the same short function, all goes to the other worker (its
     * last task ends the long one, which would otherwise give up after 30 s and fail).
     */
    @Test
    void workQueuedWhileATaskRunsAloneGoesToTheOtherWorker() throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mp-pool-alone");
        String marker = dir.resolve("map-done").toString();
        try (Pool own = new Pool(2)) {
            List<Integer> input = IntStream.range(0, 400).boxed().collect(Collectors.toList());
            Fn1<Integer, Integer> f = x -> {
                if (x < 0) {
                    MpTesting.await("the map's last task ran (it must not wait behind this one)", secs(30),
                            () -> java.nio.file.Files.exists(java.nio.file.Path.of(marker)));
                } else if (x == 399) {
                    java.nio.file.Files.createFile(java.nio.file.Path.of(marker));
                }
                return x;
            };
            assertEquals(input.subList(0, 10), own.map(f, input.subList(0, 10), 1), "both workers know f, and that it is short");
            AsyncResult<Integer> longOne = own.applyAsync(f, -1);
            assertEquals(input, own.map(f, input, 1));
            assertEquals(-1, longOne.get());
        } finally {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(marker));
            java.nio.file.Files.delete(dir);
        }
    }

    /**
     * A worker that dies while tasks wait in it for their turn: the task it ran fails with its exit
     * code, the tasks waiting behind it go to the other worker (none is lost, none fails), and the
     * pool goes on with a new worker.
     */
    @Test
    void tasksWaitingInAWorkerThatDiesGoToAnotherWorkerAndOnlyTheRunningOneFails() {
        try (Pool own = new Pool(2)) {
            List<Integer> input = IntStream.range(0, 600).boxed().collect(Collectors.toList());
            for (int doomed : List.of(150, 450)) {
                Iterator<Integer> it = own.imap(x -> {
                    if (x == doomed) {
                        Runtime.getRuntime().halt(7);
                    }
                    return x * 2;
                }, input, 1).iterator();
                for (int i : input) {
                    if (i == doomed) {
                        WorkerDiedException e = assertThrowsExactly(WorkerDiedException.class, it::next);
                        assertTrue(e.getMessage().matches("(?s).*(?<![\\d-])7\\b.*"), e.getMessage());
                    } else {
                        assertEquals(i * 2, it.next(), "result " + i);
                    }
                }
                assertFalse(it.hasNext());
            }
            assertEquals(input, own.map(x -> x, input, 1), "the pool goes on with a new worker");
        }
    }

    /**
     * Answers are matched to chunks by their order: a worker's two threads (one reading, one
     * running) must never let one answer overtake another. Tasks of uneven, short lengths make a
     * chunk handed ahead arrive at any moment of the end of another (a race that put result 163 at
     * place 169 once in a full run, and about one map in fifteen of this test).
     */
    @Test
    void resultsKeepTheirPlacesWhenShortTasksOfUnevenLengthsAreHandedAhead() {
        List<Integer> input = IntStream.range(0, 2000).boxed().collect(Collectors.toList());
        for (int round = 0; round < 25; round++) {
            List<Integer> out = pool.map(x -> {
                long end = System.nanoTime() + (x * 7919L % 300) * 1000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return x;
            }, input, 1);
            assertEquals(input, out, "round " + round);
        }
        assertNoWorkerLost();
    }
}
