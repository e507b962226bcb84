package dev.mppractice.mp;

import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.Codec;
import dev.mppractice.mp.internal.PoolCore;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.RemoteFailure;
import dev.mppractice.mp.internal.WorkerTasks;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ExecutorService} whose tasks run in a fixed set of worker processes, each its own JVM
 * (Python's {@code concurrent.futures.ProcessPoolExecutor}, in Java's shape).
 *
 * <pre>{@code
 * try (ProcessPoolExecutor executor = new ProcessPoolExecutor(4)) {
 *     CompletableFuture<Long> a = executor.submit(() -> countPrimes(0, 1_000_000));
 *     CompletableFuture<Long> b = executor.submit(() -> countPrimes(1_000_000, 2_000_000));
 *     System.out.println(a.thenCombine(b, Long::sum).join());
 * }
 * }</pre>
 *
 * <p><b>Tasks travel.</b> A task is serialized on the calling thread, when it is submitted, and
 * run in a worker. {@link #submit(Fn0)} takes a lambda as an {@link Fn0}, which is serializable;
 * {@code submit(() -> 42)} and {@code submit(() -> { throw new X(); })} pick it without a cast. A
 * {@link Callable} or {@link Runnable} given through a variable of that type is a lambda Java
 * cannot serialize: {@code submit} refuses it at once with a {@link SerializationFailedException}
 * naming its class, as it refuses a task that captures something that cannot travel.
 *
 * <p><b>Futures.</b> Every {@code submit} returns a {@link CompletableFuture}, completed on a thread
 * of the executor's own in this process: with the task's value, or exceptionally with the exception the
 * task threw, rebuilt here with the same class and message (checked ones too, so that
 * {@link Future#get()} throws an {@link ExecutionException} whose cause is, say, the task's
 * {@code IOException}), the worker's stack trace attached as its cause. Stages built on it
 * ({@code thenApply}, {@code thenCombine}, ...) run in this process: a stage attached before the future
 * completes runs on that thread (one attached after runs at once, on the caller's), not on the thread
 * that feeds the workers, so a slow stage holds up no worker; the threads are started as stages need
 * them and end once idle. {@link #close()} and {@link #awaitTermination} wait for the stages running
 * on them too, as a thread pool's wait for the stages its workers run. {@link CompletableFuture#get()}
 * and {@link CompletableFuture#join()} on these futures are recorded as waits in the run record.
 *
 * <p><b>A worker that dies</b> ({@code System.exit}, a signal, running out of memory) fails the
 * future of the task it was running with a {@link WorkerDiedException} naming its pid and exit
 * code; the executor starts a new worker and the other tasks carry on (CPython's executor breaks
 * instead, failing every pending future with {@code BrokenProcessPool}).
 *
 * <p><b>Cancelling.</b> {@code cancel} of a task still queued removes it: it never runs.
 * {@code cancel(true)} of a task a worker is running kills that worker (the only way to stop code
 * in another JVM; a fresh worker takes its place, and the other workers' tasks are untouched);
 * {@code cancel(false)} leaves it to finish and drops its result. Either way the future is
 * cancelled at once. (CPython's {@code Future.cancel} cannot stop a running task and returns
 * {@code False}.) A {@code get} or {@code join} of a future cancelled by {@code cancel},
 * {@link #shutdownNow()} or a timed {@code invokeAll} throws a {@code CancellationException} that
 * says which of them cancelled it, and at which line of the program.
 *
 * <p><b>Shutting down.</b> {@link #shutdown()} takes no more tasks and lets the submitted ones
 * finish; {@link #awaitTermination} waits for that; {@link #close()} does both (Java 19's
 * {@code ExecutorService.close()}, written here for Java 17: it waits as long as it takes, and if
 * interrupted while waiting, calls {@link #shutdownNow()} and waits on); {@link #shutdownNow()}
 * cancels every unfinished future, kills the workers, and returns the tasks that never started. A
 * task submitted after shutdown is refused with a {@link RejectedExecutionException}, as
 * {@code ExecutorService} says.
 *
 * <p>An executor stays in the process that made it: a task that captures one is refused at
 * submission ("create it in the child"), and so are its futures' handles.
 */
@CannotTravel(value = "a ProcessPoolExecutor", instead = "create it in the child")
public class ProcessPoolExecutor implements ExecutorService, AutoCloseable {
    private final PoolCore core;
    /** Futures of the tasks submitted and not yet done: what {@link #shutdownNow()} cancels. */
    private final Set<TaskFuture<?>> unfinished = ConcurrentHashMap.newKeySet();
    /**
     * The threads that complete the futures, and so run the stages attached to them: as many as
     * stages run at once, each ending after a while idle. Null until the first future completes.
     * Guarded by this.
     */
    private java.util.concurrent.ThreadPoolExecutor completions;
    private final AtomicInteger completionThreads = new AtomicInteger();

    /** An executor with one worker per processor ({@link Multiprocessing#cpuCount()}). */
    public ProcessPoolExecutor() {
        this(Multiprocessing.cpuCount());
    }

    /**
     * An executor with {@code workers} worker processes, started now.
     *
     * @throws ProcessException if {@code workers} is less than 1, or this program is ending
     */
    public ProcessPoolExecutor(int workers) {
        if (workers < 1) {
            throw new ProcessException("a ProcessPoolExecutor needs at least 1 worker, not " + workers);
        }
        core = new PoolCore(Context.get(), workers);
    }

    /**
     * Runs {@code task} in a worker.
     *
     * @return a future completed with the task's value, or with what it threw
     * @throws SerializationFailedException if the task, or what it captures, cannot be sent to
     *     another process (the message names the class)
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    public <R> CompletableFuture<R> submit(Fn0<R> task) {
        return submitTask("submit", task, WorkerTasks.CALL, null, null);
    }

    /**
     * Runs {@code task} in a worker, if it can travel: it must be {@link Serializable} (a class of
     * yours that implements both, or an {@link Fn0}).
     *
     * @throws SerializationFailedException if it is not serializable (a lambda written for
     *     {@code Callable}), naming its class, or captures something that is not
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return submitTask("submit", travelling(task, "Callable"), WorkerTasks.CALL, null, null);
    }

    /**
     * Runs {@code task} in a worker, if it can travel (see {@link #submit(Callable)}); the future
     * completes with null.
     */
    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return submitTask("submit", travelling(task, "Runnable"), WorkerTasks.RUN, null, null);
    }

    /**
     * Runs {@code task} in a worker, if it can travel (see {@link #submit(Callable)}); the future
     * completes with {@code result}, which stays in this process.
     */
    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        return submitTask("submit", travelling(task, "Runnable"), WorkerTasks.RUN, null, result);
    }

    /**
     * Runs {@code command} in a worker, if it can travel (see {@link #submit(Callable)}). If it
     * throws, or its worker dies, the exception is printed on this process's standard error, as an
     * uncaught exception of a thread pool's worker would be.
     */
    @Override
    public void execute(Runnable command) {
        submit(command).whenComplete((v, e) -> {
            if (e != null && !(e instanceof CancellationException)) {
                System.err.println("mp: a task given to ProcessPoolExecutor.execute failed:");
                e.printStackTrace();
            }
        });
    }

    /**
     * Applies {@code fn} to each item in the workers, one task per item, and returns the results in
     * input order (Python's {@code executor.map}, collected into a list). Blocks until all are done.
     *
     * @throws RuntimeException what the first failing task (in input order) threw: the same class
     *     with the same message when unchecked, a {@link ProcessException} wrapping a checked one;
     *     the tasks not yet started are then cancelled
     * @throws WorkerDiedException if the worker running an item died
     * @throws SerializationFailedException if {@code fn} or an item cannot be sent to a worker
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    public <T, R> List<R> map(Fn1<T, R> fn, Iterable<T> items) {
        List<Object> args = new ArrayList<>();
        items.forEach(args::add);
        Recorder.event(RecordEvent.POOL_CALL, "pool", core.id(), "call", "map", "tasks", args.size(), "workers", core.size());
        byte[] fnBytes = Codec.encodeFunction(fn, "the function");
        List<TaskFuture<R>> futures = new ArrayList<>();
        try {
            for (Object arg : args) {
                TaskFuture<R> f = enqueue("map", fnBytes, WorkerTasks.APPLY, arg, null);
                @SuppressWarnings("unchecked")
                T item = (T) arg;
                f.original = (Callable<R>) () -> fn.apply(item);
                f.doneRecorded = true; // the map's own pool-done says it, once
                f.internal = true; // nothing else sees it: completed at once
                futures.add(f);
            }
            List<R> out = new ArrayList<>(futures.size());
            for (TaskFuture<R> f : futures) {
                out.add(f.await("ProcessPoolExecutor.map", null));
            }
            Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", "map");
            return out;
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(e); // no timeout was given
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessException("interrupted while waiting for map", e);
        } finally {
            for (TaskFuture<R> f : futures) {
                f.cancel(false);
            }
        }
    }

    /**
     * Runs every task and waits until all are done, well or not (each future says which).
     *
     * @throws SerializationFailedException if a task cannot travel; those already submitted are cancelled
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> futures = submitAll(tasks);
        for (Future<T> f : futures) {
            try {
                f.get();
            } catch (ExecutionException | CancellationException e) {
                // its future says so
            }
        }
        Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", "invokeAll");
        return futures;
    }

    /**
     * Runs every task and waits until all are done or the time is up; those not done by then are
     * cancelled ({@code cancel(true)}: the workers running them are replaced).
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Recorder.timeoutGiven("ProcessPoolExecutor.invokeAll", unit.toNanos(timeout));
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> futures = submitAll(tasks);
        for (Future<T> f : futures) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException e) {
                // its future says so
            } catch (TimeoutException e) {
                break;
            }
        }
        String by = cancelledBy("invokeAll, whose time ran out,");
        for (Future<T> f : futures) {
            ((TaskFuture<T>) f).cancel(true, by);
        }
        return futures;
    }

    /**
     * Runs the tasks and returns the value of the first to succeed; the others are then cancelled
     * ({@code cancel(true)}).
     *
     * @throws ExecutionException if every task failed: its cause is the last failure
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return any(tasks, Long.MAX_VALUE);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e); // no timeout was given
        }
    }

    /** As {@link #invokeAny(Collection)}, waiting at most the given time. */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Recorder.timeoutGiven("ProcessPoolExecutor.invokeAny", unit.toNanos(timeout));
        return any(tasks, System.nanoTime() + unit.toNanos(timeout));
    }

    private <T> T any(Collection<? extends Callable<T>> tasks, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        List<Future<T>> futures = submitAll(tasks);
        CompletableFuture<T> first = new CompletableFuture<>();
        AtomicInteger failures = new AtomicInteger();
        for (Future<T> f : futures) {
            ((CompletableFuture<T>) f).whenComplete((v, e) -> {
                if (e == null) {
                    first.complete(v);
                } else if (failures.incrementAndGet() == futures.size()) {
                    first.completeExceptionally(e);
                }
            });
        }
        try (Recorder.Wait w = first.isDone() ? null : Recorder.waiting("ProcessPoolExecutor.invokeAny", "pool", core.id())) {
            return deadline == Long.MAX_VALUE ? first.get()
                    : first.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            for (Future<T> f : futures) {
                f.cancel(true);
            }
        }
    }

    /** What cancels a future, as its get will say: {@code how}, and the program's line that called it. */
    private static String cancelledBy(String how) {
        String at = Recorder.callSite();
        return at == null ? how : how + " at " + at;
    }

    private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> t : tasks) {
                futures.add(submit(t));
            }
        } catch (RuntimeException e) {
            for (Future<T> f : futures) {
                f.cancel(true);
            }
            throw e;
        }
        return futures;
    }

    /** Takes no more tasks; those submitted run to the end, then the workers stop. Returns at once. */
    @Override
    public void shutdown() {
        core.shutdown();
    }

    /**
     * Cancels every unfinished future, kills the workers and waits for them to end.
     *
     * @return the tasks that never started, each as a {@code Runnable} that would run it in this
     *     process (their futures stay cancelled)
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<TaskFuture<?>> victims = new ArrayList<>(unfinished);
        String by = cancelledBy("shutdownNow()");
        for (TaskFuture<?> f : victims) {
            f.cancelHere(by);
        }
        List<Runnable> neverRan = new ArrayList<>();
        core.terminate(chunk -> neverRan.add(((TaskSink<?>) chunk.sink()).future.asRunnable()));
        return neverRan;
    }

    @Override
    public boolean isShutdown() {
        return core.isShutdown();
    }

    /** True once shut down, every worker has ended and no future's stage is running on the executor's threads. */
    @Override
    public boolean isTerminated() {
        java.util.concurrent.ThreadPoolExecutor c;
        synchronized (this) {
            c = completions;
        }
        return core.isTerminated() && (c == null || c.getActiveCount() == 0);
    }

    /**
     * Waits at most the given time for the workers to end after a shutdown, and for the stages the
     * last futures' completions run; true if they have.
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Recorder.timeoutGiven("ProcessPoolExecutor.awaitTermination", unit.toNanos(timeout));
        boolean terminated;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        try (Recorder.Wait w = Recorder.waiting("ProcessPoolExecutor.awaitTermination", "pool", core.id(),
                java.time.Duration.ofNanos(unit.toNanos(timeout)))) {
            terminated = core.awaitTermination(unit.toNanos(timeout)) && finishCompletions(deadline);
            if (!terminated) {
                w.outcome("timeout");
            }
        }
        if (terminated) {
            Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", "awaitTermination");
        }
        return terminated;
    }

    /**
     * Shuts down and waits for the submitted tasks to finish and the workers to end, as long as it
     * takes (Java 19's {@code ExecutorService.close()}). If interrupted while waiting, it calls
     * {@link #shutdownNow()}, waits on, and returns with the interrupt status set. Idempotent.
     */
    @Override
    public void close() {
        boolean terminated = isTerminated();
        if (terminated) {
            return;
        }
        shutdown();
        boolean interrupted = false;
        // A wait on the executor while its tasks finish, as a future's get is one.
        try (Recorder.Wait w = Recorder.waiting("ProcessPoolExecutor.close", "pool", core.id())) {
            while (!terminated) {
                try {
                    terminated = core.awaitTermination(TimeUnit.DAYS.toNanos(1))
                            && finishCompletions(System.nanoTime() + TimeUnit.DAYS.toNanos(1));
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        shutdownNow();
                        interrupted = true;
                    }
                }
            }
            core.join();
        }
        Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", "close");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The number of worker processes. */
    public int size() {
        return core.size();
    }

    // ---------------------------------------------------------------------------------------

    private <R> TaskFuture<R> submitTask(String call, Object task, int kind, Object arg, Object runResult) {
        byte[] fnBytes = Codec.encodeFunction(task, "the task");
        Recorder.event(RecordEvent.POOL_CALL, "pool", core.id(), "call", call, "tasks", 1, "workers", core.size());
        TaskFuture<R> f = enqueue(call, fnBytes, kind, arg, runResult);
        f.original = task;
        return f;
    }

    private <R> TaskFuture<R> enqueue(String call, byte[] fnBytes, int kind, Object arg, Object runResult) {
        ArrayList<Object> args = new ArrayList<>(1);
        args.add(arg);
        byte[] argBytes = Codec.encode(args, "a task argument");
        TaskFuture<R> future = new TaskFuture<>(kind == WorkerTasks.RUN ? runResult : null);
        PoolCore.Chunk chunk = new PoolCore.Chunk(call, fnBytes, kind, argBytes, 1, new TaskSink<>(future));
        future.chunk = chunk;
        unfinished.add(future);
        future.whenComplete((v, e) -> unfinished.remove(future));
        try {
            core.submit(List.of(chunk));
        } catch (ClosedException e) {
            unfinished.remove(future);
            throw new RejectedExecutionException("the executor is shut down: submit tasks before shutdown() or close()", e);
        }
        return future;
    }

    /** A Callable or Runnable that can travel, or a refusal naming its class. */
    private static <T> T travelling(T task, String type) {
        if (task == null) {
            throw new NullPointerException("the task is null");
        }
        String name = task.getClass().getName();
        if (name.startsWith(CompletableFuture.class.getName() + "$")) {
            // serializable as a ForkJoinTask, but it holds the future it completes, which is not
            throw new SerializationFailedException("cannot send the task to another process: " + name + " is a task of"
                    + " the JDK's own, which CompletableFuture.supplyAsync (or runAsync) gives the executor, and it holds the"
                    + " future it completes, which cannot travel. Submit the work itself: executor.submit(() -> ...) returns"
                    + " a CompletableFuture already.");
        }
        if (!(task instanceof Serializable)) {
            Class<?> c = task.getClass();
            int lambda = name.indexOf("$$Lambda");
            String what = lambda > 0 ? "a lambda of " + name.substring(0, lambda) + " written for " + type + " ("
                    + name + ")" : name;
            throw new SerializationFailedException("cannot send the task to another process: " + what
                    + " is not serializable. " + (lambda > 0
                            ? "A lambda is written for " + type + " when the executor is used through a variable declared"
                                    + " as an ExecutorService (declare it as a ProcessPoolExecutor, or with var: then"
                                    + " submit(() -> ...) makes the lambda an Fn0, which can travel), or when it is kept in"
                                    + " a variable declared " + type + " (declare that one as Fn0)"
                            : "Make " + c.getSimpleName() + " implement java.io.Serializable"));
        }
        return task;
    }

    /** The exception a caller of {@link #map} sees for a task's failure. */
    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new ProcessException(String.valueOf(cause), cause);
    }

    /**
     * Where a task's outcome goes: its future, with the task's own exception rebuilt here. The sink
     * is called on the thread that feeds the task's worker, which must not run the future's stages:
     * the future is completed on a thread of {@link #completions()}, or at once when nothing outside
     * the executor can have attached a stage to it ({@link #map}'s).
     */
    private final class TaskSink<R> implements PoolCore.Sink {
        private final TaskFuture<R> future;

        TaskSink(TaskFuture<R> future) {
            this.future = future;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void done(List<Object> results, long workerPid) {
            Object v = results.get(0);
            if (v instanceof RemoteFailure f) {
                settle(() -> future.completeExceptionally(f.rebuild()));
            } else {
                settle(() -> future.complete(future.runResult != null ? (R) future.runResult : (R) v));
            }
        }

        @Override
        public void failed(RuntimeException e) {
            settle(() -> future.completeExceptionally(e));
        }

        private void settle(Runnable completion) {
            if (future.isDone()) {
                return; // cancelled, its stages run by the cancel: a completion now changes nothing
            }
            if (future.internal) {
                completion.run();
                return;
            }
            try {
                completions().execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run(); // the completions were shut down: a worker's end after close, on the closing thread
            }
        }
    }

    /** The threads that complete the futures (see {@link #completions}), started on first use. */
    private synchronized java.util.concurrent.ThreadPoolExecutor completions() {
        if (completions == null) {
            completions = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
                    new java.util.concurrent.SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, futuresThreadPrefix() + completionThreads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }
        return completions;
    }

    /** How many threads {@link #completions} has made so far (for tests). */
    int completionThreadsMade() {
        return completionThreads.get();
    }

    /** The names of {@link #completions}'s threads, up to their number: {@code mp-executor-ID-futures-}. */
    private String futuresThreadPrefix() {
        return "mp-executor-" + core.id() + "-futures-";
    }

    /**
     * Waits, until {@code deadline} (of {@link System#nanoTime()}), for the futures' completions
     * already handed over to finish, the stages they run included; true if they have. The workers
     * have ended, so no more come. A stage that closes the executor does not wait for itself.
     */
    private boolean finishCompletions(long deadline) throws InterruptedException {
        java.util.concurrent.ThreadPoolExecutor c;
        synchronized (this) {
            c = completions;
        }
        if (c == null || Thread.currentThread().getName().startsWith(futuresThreadPrefix())) {
            return true;
        }
        c.shutdown();
        return c.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * The future of one task: cancelling it reaches the task's chunk in the pool, and waiting on it
     * is recorded. Stages built on it are plain {@link CompletableFuture}s.
     */
    @CannotTravel(value = "a future of a ProcessPoolExecutor", instead = "get() its value here and pass that")
    private final class TaskFuture<R> extends CompletableFuture<R> {
        /** For {@code submit(Runnable, result)}: the value to complete with; null otherwise. */
        private final Object runResult;
        private volatile PoolCore.Chunk chunk;
        /** The task as submitted, for {@link #shutdownNow()}. */
        private volatile Object original;
        /** What cancelled this future, and where ({@link #cancelledBy}), for the exception its get throws; null until then. */
        private volatile String cancelledBy;
        /** For the run record: this process's {@code pool-done} for this future is written. */
        private volatile boolean doneRecorded;
        /** The executor's own (a {@link #map}'s): no stage of the program's is attached to it. */
        private volatile boolean internal;

        TaskFuture(Object runResult) {
            this.runResult = runResult;
        }

        /**
         * Cancels the task: a queued one never runs; a running one is stopped by killing its worker
         * when {@code mayInterruptIfRunning}, else left to finish with its result dropped.
         *
         * @return true if this call cancelled it, false if it had already completed
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return isDone() ? false : cancel(mayInterruptIfRunning, cancelledBy("cancel(" + mayInterruptIfRunning + ")"));
        }

        /** As {@link #cancel(boolean)}, by {@code by} (what its get will say cancelled it). */
        boolean cancel(boolean mayInterruptIfRunning, String by) {
            if (isDone()) {
                return false;
            }
            cancelledBy = by;
            boolean now = super.cancel(mayInterruptIfRunning);
            PoolCore.Chunk c = chunk;
            if (now && c != null) {
                core.cancel(c, mayInterruptIfRunning);
            }
            return now;
        }

        /** Cancels the future without reaching into the pool (the pool is being terminated), by {@code by}. */
        void cancelHere(String by) {
            cancelledBy = by;
            super.cancel(false);
        }

        /**
         * The exception a get of this cancelled future throws: the JDK's has no message, and its stack is the cancel's,
         * not the get's; this one says what cancelled the task and where (the JDK's is its cause).
         */
        private CancellationException told(CancellationException e) {
            String by = cancelledBy;
            if (by == null) {
                return e;
            }
            CancellationException told = new CancellationException("its task was cancelled by " + by + ", before it ended");
            told.initCause(e);
            return told;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }

        @Override
        public R get() throws InterruptedException, ExecutionException {
            try {
                return await("Future.get", null);
            } catch (TimeoutException e) {
                throw new IllegalStateException(e); // no timeout was given
            }
        }

        @Override
        public R get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            Recorder.timeoutGiven("Future.get", unit.toNanos(timeout));
            return await("Future.get", Duration.ofNanos(unit.toNanos(timeout)));
        }

        @Override
        public R join() {
            try {
                if (isDone() || !Recorder.on()) {
                    return super.join();
                }
                try (Recorder.Wait w = Recorder.waiting("Future.join", "async", core.id())) {
                    return super.join();
                }
            } catch (CancellationException e) {
                throw told(e);
            } finally {
                known();
            }
        }

        /** Records, once, that this process learned through this future that its task was done. */
        private void known() {
            if (isDone() && !doneRecorded && Recorder.on()) {
                doneRecorded = true;
                Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", "get");
            }
        }

        R await(String call, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
            try {
                return awaitResult(call, timeout);
            } catch (CancellationException e) {
                throw told(e);
            } finally {
                known();
            }
        }

        private R awaitResult(String call, Duration timeout)
                throws InterruptedException, ExecutionException, TimeoutException {
            if (isDone() || !Recorder.on()) {
                return timeout == null ? super.get() : super.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            try (Recorder.Wait w = Recorder.waiting(call, "async", core.id(), timeout)) {
                try {
                    return timeout == null ? super.get() : super.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    w.outcome("timeout");
                    throw e;
                } catch (ExecutionException | CancellationException e) {
                    w.outcome("error");
                    throw e;
                }
            }
        }

        /** The task as a Runnable that runs it here. */
        Runnable asRunnable() {
            Object task = original;
            if (task instanceof Runnable r) {
                return r;
            }
            return () -> {
                try {
                    ((Callable<?>) task).call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ProcessException(String.valueOf(e), e);
                }
            };
        }
    }
}
