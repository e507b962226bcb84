package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.passGate;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.recordcaller.Caller;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ProcessPoolExecutor} on real worker JVMs, after CPython's test_concurrent_futures
 * (test_submit, test_map, test_shutdown, test_cancel, test_killed_child) and
 * {@link java.util.concurrent.ExecutorService}'s contract. One two-worker executor serves the tests
 * that leave it as they found it; those that shut down, cancel running tasks or kill workers have
 * their own.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessPoolExecutorTest {
    private static ProcessPoolExecutor shared;

    @BeforeAll
    static void start() {
        shared = new ProcessPoolExecutor(2);
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
    }

    /** A Callable that can travel: a class of the program's that is also Serializable. */
    static final class Square implements Callable<Integer>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int n;

        Square(int n) {
            this.n = n;
        }

        @Override
        public Integer call() {
            return n * n;
        }
    }

    @Test
    void submitRunsTheLambdaInAWorkerAndCompletesACompletableFuture() throws Exception {
        long me = Multiprocessing.currentPid();
        CompletableFuture<Long> pid = shared.submit(Multiprocessing::currentPid);
        assertNotEquals(me, pid.get(60, TimeUnit.SECONDS));
        CompletableFuture<Integer> a = shared.submit(() -> 20);
        CompletableFuture<Integer> b = shared.submit(() -> 22);
        assertEquals(42, a.thenCombine(b, Integer::sum).get(60, TimeUnit.SECONDS));
        assertEquals(49, shared.submit(new Square(7)).get());
        assertNull(shared.submit((Runnable & Serializable) () -> { }).get());
        assertEquals("done", shared.submit((Runnable & Serializable) () -> { }, "done").get());
    }

    @Test
    void aThrowingTaskFailsItsFutureWithTheSameClassAndMessage() {
        CompletableFuture<Integer> f = shared.submit(() -> {
            throw new IllegalStateException("no luck");
        });
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("no luck", e.getCause().getMessage());
        assertTrue(f.isCompletedExceptionally());

        CompletableFuture<String> checked = shared.submit(() -> {
            throw new IOException("disk gone");
        });
        ExecutionException c = assertThrows(ExecutionException.class, checked::get);
        assertInstanceOf(IOException.class, c.getCause(), "a checked exception arrives as itself");
        assertEquals("disk gone", c.getCause().getMessage());

        String handled = shared.<String>submit(() -> {
            throw new IllegalArgumentException("bad");
        }).exceptionally(t -> "handled " + t.getClass().getSimpleName()).join();
        assertTrue(handled.startsWith("handled "), handled);
    }

    @Test
    void aTaskThatCannotTravelFailsAtSubmitNamingItsClass() {
        Callable<Integer> plain = () -> 1;
        SerializationFailedException e = assertThrows(SerializationFailedException.class, () -> shared.submit(plain));
        assertTrue(e.getMessage().contains(ProcessPoolExecutorTest.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("Callable"), e.getMessage());
        Runnable r = () -> { };
        assertThrows(SerializationFailedException.class, () -> shared.execute(r));
        Object notSerializable = new Object();
        SerializationFailedException captured = assertThrows(SerializationFailedException.class,
                () -> shared.submit(() -> notSerializable.hashCode()));
        assertTrue(captured.getMessage().contains("java.lang.Object"), captured.getMessage());
    }

    /**
     * The two ways a learner's lambda reaches the executor as a JDK task, each told what happened: a lambda given to
     * submit through a variable declared ExecutorService is a Callable (it was told "pass the lambda straight to
     * submit", which it had done); CompletableFuture.supplyAsync(..., executor) hands it a task of the JDK's own (it was
     * told that a CompletableFuture was captured "in the lambda", which the learner's lambda had not).
     */
    @Test
    void aJdkTaskIsToldHowItCameToBeOne() {
        java.util.concurrent.ExecutorService asService = shared;
        SerializationFailedException callable = assertThrows(SerializationFailedException.class, () -> asService.submit(() -> 1));
        assertTrue(callable.getMessage().contains("declared as an ExecutorService"), callable.getMessage());
        SerializationFailedException async = assertThrows(SerializationFailedException.class,
                () -> java.util.concurrent.CompletableFuture.supplyAsync(() -> 1, shared));
        assertTrue(async.getMessage().contains("CompletableFuture.supplyAsync"), async.getMessage());
        assertTrue(async.getMessage().contains("executor.submit(() -> ...)"), async.getMessage());
    }

    @Test
    void mapReturnsTheResultsInInputOrder() {
        List<Integer> items = IntStream.range(0, 20).boxed().toList();
        assertEquals(items.stream().map(i -> i * i).toList(), shared.map(x -> x * x, items));
        assertEquals(List.of(), shared.map(x -> x, List.<Integer>of()));
        ArithmeticException e = assertThrowsExactly(ArithmeticException.class,
                () -> shared.map(x -> 10 / x, List.of(5, 2, 0, 1)));
        assertEquals("/ by zero", e.getMessage());
    }

    @Test
    void invokeAllWaitsForEveryTaskAndInvokeAnyReturnsASuccess() throws Exception {
        List<Fn0<Integer>> tasks = List.of(() -> 1, () -> {
            throw new IllegalStateException("two");
        }, () -> 3);
        List<Future<Integer>> all = shared.invokeAll(tasks);
        assertTrue(all.stream().allMatch(Future::isDone));
        assertEquals(1, all.get(0).get());
        assertThrows(ExecutionException.class, () -> all.get(1).get());
        assertEquals(3, all.get(2).get());

        int any = shared.invokeAny(List.<Fn0<Integer>>of(() -> {
            throw new IllegalStateException("one");
        }, () -> 2));
        assertEquals(2, any);
        ExecutionException none = assertThrows(ExecutionException.class, () -> shared.invokeAny(List.<Fn0<Integer>>of(() -> {
            throw new IllegalStateException("nope");
        })));
        assertInstanceOf(IllegalStateException.class, none.getCause());
    }

    @Test
    void aQueuedTaskCancelledNeverRuns() throws Exception {
        try (ProcessPoolExecutor one = new ProcessPoolExecutor(1)) {
            IntValue gate = Value.ofInt(0);
            IntValue ran = Value.ofInt(0);
            CompletableFuture<Integer> first = one.submit(() -> {
                passGate(gate);
                return 1;
            });
            CompletableFuture<Integer> second = one.submit(() -> {
                ran.set(1);
                return 2;
            });
            assertTrue(second.cancel(false));
            assertTrue(second.isCancelled());
            assertFalse(second.cancel(false), "a second cancel changes nothing");
            assertThrows(CancellationException.class, second::get);
            gate.set(1);
            assertEquals(1, first.get(60, TimeUnit.SECONDS));
            assertFalse(first.cancel(true), "a finished task cannot be cancelled");
            assertEquals(3, one.submit(() -> 3).get(60, TimeUnit.SECONDS));
            assertEquals(0, ran.get(), "the cancelled task never ran");
        }
    }

    /**
     * A stage attached to a future (thenAccept, not its async form) runs where the future is completed: it ran on the
     * thread that feeds the future's worker its tasks and hands back their results, so that while a slow stage ran, the
     * worker's next task's result waited (exercise 24's timeline showed a worker idle for each 1.5 s callback). Futures
     * are completed on threads of the executor's own.
     */
    @Test
    void aSlowStageOnAFutureDoesNotHoldUpTheWorkersNextResult() throws Exception {
        try (ProcessPoolExecutor one = new ProcessPoolExecutor(1)) {
            IntValue gate = Value.ofInt(0);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch stageRunning = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<Integer> first = one.submit(() -> {
                passGate(gate);
                return 1;
            });
            CompletableFuture<Void> slowStage = first.thenAccept(v -> {
                stageRunning.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletableFuture<Integer> second = one.submit(() -> 2);
            gate.set(1);
            try {
                assertTrue(stageRunning.await(60, TimeUnit.SECONDS), "the stage ran");
                assertEquals(2, second.get(60, TimeUnit.SECONDS), "the next task's result came back while the stage ran");
                assertFalse(slowStage.isDone());
            } finally {
                release.countDown();
            }
            slowStage.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * A stage that waits for another future of the same worker ({@code first.thenApply(v -> v + second.join())}): the
     * stage ran on the thread that would have handed back the other future's result, so both waited for ever, and so did
     * the executor's close.
     */
    @Test
    void aStageThatWaitsForAnotherFutureOfTheSameWorkerGetsIt() throws Exception {
        try (ProcessPoolExecutor one = new ProcessPoolExecutor(1)) {
            IntValue gate = Value.ofInt(0);
            CompletableFuture<Integer> first = one.submit(() -> {
                passGate(gate);
                return 1;
            });
            CompletableFuture<Integer> second = one.submit(() -> 2);
            CompletableFuture<Integer> sum = first.thenApply(v -> v + second.join());
            gate.set(1);
            assertEquals(3, sum.get(60, TimeUnit.SECONDS));
        }
    }

    /** Two tasks, each held by its own worker of {@code executor} at a gate, returning 0 and 1. */
    private record Held(CompletableFuture<Integer> other, CompletableFuture<Integer> doomed, long victim, IntValue gate) {
        static Held inBothWorkers(ProcessPoolExecutor executor) {
            LongArray holders = Array.ofLongs(2);
            IntValue gate = Value.ofInt(0);
            List<CompletableFuture<Integer>> tasks = IntStream.range(0, 2).mapToObj(i -> executor.submit(() -> {
                holders.set(i, Multiprocessing.currentPid());
                passGate(gate);
                return i;
            })).toList();
            await("both tasks run", secs(60), () -> holders.get(0) != 0 && holders.get(1) != 0);
            assertNotEquals(holders.get(0), holders.get(1), "the two tasks run in different workers");
            return new Held(tasks.get(0), tasks.get(1), holders.get(1), gate);
        }
    }

    @Test
    void cancellingARunningTaskWithInterruptStopsItsWorkerAndOnlyThat() throws Exception {
        try (ProcessPoolExecutor two = new ProcessPoolExecutor(2)) {
            Held held = Held.inBothWorkers(two);
            CompletableFuture<Integer> other = held.other();
            CompletableFuture<Integer> doomed = held.doomed();
            IntValue gate = held.gate();
            long victim = held.victim();
            assertTrue(doomed.cancel(true));
            assertTrue(doomed.isCancelled());
            await("the worker running it is gone", secs(30), () -> MpTesting.gone(victim));
            gate.set(1);
            assertEquals(0, other.get(60, TimeUnit.SECONDS), "the other worker's task is unharmed");
            long next = two.submit(Multiprocessing::currentPid).get(60, TimeUnit.SECONDS);
            assertNotEquals(victim, next);
        }
    }

    @Test
    void aWorkerThatDiesFailsTheFutureOfItsTaskAndIsReplaced() throws Exception {
        try (ProcessPoolExecutor two = new ProcessPoolExecutor(2)) {
            Held held = Held.inBothWorkers(two);
            CompletableFuture<Integer> survivor = held.other();
            CompletableFuture<Integer> doomed = held.doomed();
            IntValue gate = held.gate();
            long victim = held.victim();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            ExecutionException e = assertThrows(ExecutionException.class, () -> doomed.get(30, TimeUnit.SECONDS));
            gate.set(1);
            assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains(Long.toString(victim)), e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains("-9"), e.getCause().getMessage());
            assertEquals(0, survivor.get(60, TimeUnit.SECONDS), "unlike BrokenProcessPool, the others carry on");
            assertEquals(List.of(2, 4, 6), two.map(x -> x * 2, List.of(1, 2, 3)));
        }
    }

    @Test
    void shutdownFinishesWhatWasSubmittedAndRefusesMore() throws Exception {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(2);
        List<CompletableFuture<Integer>> fs = IntStream.range(0, 6).mapToObj(i -> ex.submit(() -> {
            Thread.sleep(50);
            return i;
        })).toList();
        ex.shutdown();
        assertTrue(ex.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
        assertTrue(ex.awaitTermination(120, TimeUnit.SECONDS));
        assertTrue(ex.isTerminated());
        for (int i = 0; i < 6; i++) {
            assertEquals(i, fs.get(i).getNow(-1), "task " + i + " finished before termination");
        }
        ex.close(); // idempotent
    }

    @Test
    void closeWaitsForTheSubmittedTasks() {
        CompletableFuture<Integer> f;
        try (ProcessPoolExecutor ex = new ProcessPoolExecutor(1)) {
            f = ex.submit(() -> {
                Thread.sleep(300);
                return 5;
            });
        }
        assertTrue(f.isDone());
        assertEquals(5, f.join());
    }

    @Test
    void shutdownNowCancelsWhatIsUnfinishedAndReturnsWhatNeverStarted() throws Exception {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(1);
        IntValue gate = Value.ofInt(0);
        IntValue started = Value.ofInt(0);
        CompletableFuture<Integer> running = ex.submit(() -> {
            started.set(1);
            passGate(gate);
            return 1;
        });
        CompletableFuture<Integer> queued = ex.submit(() -> 2);
        await("the first task runs", secs(60), () -> started.get() == 1);
        List<Runnable> never = ex.shutdownNow();
        assertEquals(1, never.size());
        assertTrue(running.isCancelled());
        assertTrue(queued.isCancelled());
        // The worker killed under the cancelled task fails its chunk; that changes nothing in the future, and is not
        // handed to a completion thread, which would still be running as shutdownNow() returned and make isTerminated()
        // false for a moment (CI, 2026-12-05).
        assertEquals(0, ex.completionThreadsMade(), "threads made to complete futures");
        assertTrue(ex.isTerminated());
        assertTrue(ex.awaitTermination(1, TimeUnit.SECONDS));
    }

    /**
     * A get of a future that shutdownNow or cancel cancelled says which and where: the JDK's exception has no message,
     * and its stack is the cancel's, so a learner who called {@code shutdownNow()} too early was told that the library
     * refused that line, with nothing more (a tester's program, exercise 24).
     */
    @Test
    void theGetOfACancelledFutureSaysWhatCancelledItAndWhere() throws Exception {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(1);
        IntValue gate = Value.ofInt(0);
        CompletableFuture<Integer> running = ex.submit(() -> {
            passGate(gate);
            return 1;
        });
        CompletableFuture<Integer> queued = ex.submit(() -> 2);
        Caller.call(ex::shutdownNow);   // the program's line, as a call site names it
        String told = "its task was cancelled by shutdownNow() at " + Caller.SITE + ", before it ended";
        assertEquals(told, assertThrows(CancellationException.class, queued::get).getMessage());
        assertEquals(told, assertThrows(CancellationException.class, running::join).getMessage());
        assertEquals(told, assertThrows(CancellationException.class, () -> running.get(1, TimeUnit.SECONDS)).getMessage());
        assertTrue(queued.isCancelled());

        try (ProcessPoolExecutor one = new ProcessPoolExecutor(1)) {
            CompletableFuture<Integer> first = one.submit(() -> {
                passGate(gate);
                return 1;
            });
            CompletableFuture<Integer> second = one.submit(() -> 2);
            Caller.call(() -> second.cancel(false));
            assertEquals("its task was cancelled by cancel(false) at " + Caller.SITE + ", before it ended",
                    assertThrows(CancellationException.class, second::get).getMessage());
            gate.set(1);
            assertEquals(1, first.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void getWithATimeoutTimesOutAndTheTaskCarriesOn() throws Exception {
        IntValue gate = Value.ofInt(0);
        CompletableFuture<Integer> f = shared.submit(() -> {
            passGate(gate);
            return 9;
        });
        assertThrows(TimeoutException.class, () -> f.get(100, TimeUnit.MILLISECONDS));
        gate.set(1);
        assertEquals(9, f.get(60, TimeUnit.SECONDS));
    }
}
