package dev.mppractice.mp;

import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.ChunkCodec;
import dev.mppractice.mp.internal.Codec;
import dev.mppractice.mp.internal.PoolCore;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.RemoteFailure;
import dev.mppractice.mp.internal.WorkerTasks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of worker processes that carry out tasks (Python's {@code multiprocessing.Pool}).
 *
 * <pre>{@code
 * try (Pool pool = new Pool()) {
 *     List<Long> sums = pool.map(Main::sumBelow, List.of(100, 200, 300));
 * }
 * }</pre>
 *
 * <p>Each worker is its own JVM, started once and reused for many tasks. Functions and arguments
 * travel by serialization, done on the caller's thread when the work is handed over: an argument
 * that cannot be serialized fails that call at once, naming the class, and no worker is affected
 * (a {@code map} hands its chunks over as it encodes them: chunks of the same call handed over
 * before the one that failed may have run, as in CPython).
 *
 * <p>When a task throws, the call that collects its result ({@code map}, {@code get}, the
 * iterator's {@code next}) throws an exception of the same class with the same message when it
 * is unchecked and can be rebuilt here, with the worker's stack trace attached as its cause
 * ({@link ProcessException} wrapping it for checked exceptions).
 *
 * <p>Unlike CPython's, a worker that dies abruptly ({@code System.exit}, {@code halt}, a signal,
 * running out of memory) never leaves a caller hanging: the tasks it held fail with a
 * {@link WorkerDiedException} naming its pid and exit code, and the pool starts a new worker.
 * Once this program is ending (its main returned, {@code System.exit}, an uncaught exception, a
 * SIGTERM), the pool replaces no worker and fails no call: the workers end with the program, and
 * a call still waiting keeps waiting until the JVM is gone.
 *
 * <p>A pool stays in the process that made it: a task that captures one is refused at the call
 * ("a Pool cannot be passed to another process; create it in the child"), and so are the
 * {@link AsyncResult}s and {@code imap} results it returns.
 *
 * <p>Workers are child JVMs with the heap limit described at {@link Process} (2 GB at most by
 * default; {@code -Dmp.childMaxHeap=SIZE} sets it). A function travels to a worker with each
 * chunk of tasks, with everything it captures: a worker needs room for about three times a large
 * capture while it receives and rebuilds it. A task that runs out of heap fails its own call (a
 * {@link ProcessException} naming the {@link OutOfMemoryError}); a chunk that workers die
 * receiving (too large for their heap) fails with a {@link WorkerDiedException} once three
 * workers in a row have died on it.
 */
@CannotTravel(value = "a Pool", instead = "create it in the child")
public class Pool implements AutoCloseable {
    private final PoolCore core;
    /**
     * Guarded by itself: the {@code imap} calls whose feeder is still handing their work over. Their work was given when
     * the call returned (as CPython's task handler takes it), so {@link #close()} waits for them before it closes.
     */
    private final int[] feeding = new int[1];
    /** The thread the callbacks of {@code applyAsync} run on; null until the first one. Guarded by this. */
    private java.util.concurrent.ExecutorService callbacks;

    /** A pool with one worker per processor ({@link Multiprocessing#cpuCount()}). */
    public Pool() {
        this(Multiprocessing.cpuCount());
    }

    /**
     * A pool of {@code processes} workers.
     *
     * @throws ProcessException if {@code processes} is less than 1, or this program is ending
     */
    public Pool(int processes) {
        if (processes < 1) {
            throw new ProcessException("a pool needs at least 1 process, not " + processes);
        }
        core = new PoolCore(Context.get(), processes);
    }

    private Pool(int processes, byte[] initializer, int maxTasksPerChild) {
        core = new PoolCore(Context.get(), processes, initializer, maxTasksPerChild);
    }

    /**
     * A builder for a pool with an initializer or a limit on each worker's tasks (Python's
     * {@code Pool(processes, initializer, initargs, maxtasksperchild)}).
     *
     * <pre>{@code
     * try (Pool pool = Pool.builder().processes(2).initializer(Main::loadTable).maxTasksPerChild(10).build()) {
     *     List<String> names = pool.map(Main::lookUp, ids);
     * }
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a pool's settings; {@link #build()} starts its workers. */
    public static final class Builder {
        private int processes = Multiprocessing.cpuCount();
        private Task initializer;
        private int maxTasksPerChild;

        private Builder() {
        }

        /**
         * The number of workers; by default {@link Multiprocessing#cpuCount()}.
         *
         * @throws ProcessException if {@code processes} is less than 1
         */
        public Builder processes(int processes) {
            if (processes < 1) {
                throw new ProcessException("a pool needs at least 1 process, not " + processes);
            }
            this.processes = processes;
            return this;
        }

        /**
         * A task each worker runs once, in the worker, before its first task: a replacement worker
         * (after a worker died, or was recycled by {@link #maxTasksPerChild}) runs it too. What it sets
         * up (a static field of your class, say) is there for every task the worker runs. What it
         * captures travels to each worker, as a task's does.
         *
         * <p>If it throws, the worker prints the exception on its standard error and ends; once three
         * workers in a row have failed so, the pool gives up: every call fails with a
         * {@link ProcessException} naming the initializer's exception (CPython's pool starts new
         * workers for ever instead).
         */
        public Builder initializer(Task initializer) {
            this.initializer = initializer;
            return this;
        }

        /**
         * After {@code tasks} tasks a worker ends and a fresh one (initializer included) takes its
         * place: the cure for a task that leaks memory or other resources. As in CPython, what counts
         * is what a worker is handed at once: a single {@code applyAsync}/{@code apply} task, or one
         * chunk of a {@code map} (give {@code chunksize} 1 to count items). By default, no limit.
         *
         * @throws ProcessException if {@code tasks} is less than 1
         */
        public Builder maxTasksPerChild(int tasks) {
            if (tasks < 1) {
                throw new ProcessException("maxTasksPerChild must be 1 or more, not " + tasks);
            }
            this.maxTasksPerChild = tasks;
            return this;
        }

        /**
         * Starts the workers.
         *
         * @throws SerializationFailedException if the initializer, or what it captures, cannot be
         *     sent to another process (the message names the class)
         * @throws ProcessException if this program is ending
         */
        public Pool build() {
            byte[] init = initializer == null ? null : Codec.encodeFunction(initializer, "the pool's initializer");
            return new Pool(processes, init, maxTasksPerChild);
        }
    }

    /** Applies {@code fn} to each item in the workers; the results in input order. Blocks until all are done. */
    public <T, R> List<R> map(Fn1<T, R> fn, Iterable<T> items) {
        return map(fn, items, 0);
    }

    /** As {@link #map(Fn1, Iterable)}, handing the workers {@code chunksize} items at a time. */
    public <T, R> List<R> map(Fn1<T, R> fn, Iterable<T> items, int chunksize) {
        return runAll("map", fn, WorkerTasks.APPLY, toList(items), chunksize);
    }

    /** Calls {@code fn(a, b)} for each argument pair made with {@link Args#of(Object, Object)}; results in input order. */
    public <A, B, R> List<R> starmap(Fn2<A, B, R> fn, Iterable<Args.Two<A, B>> argTuples) {
        return runAll("starmap", fn, WorkerTasks.STAR2, toList(argTuples), 0);
    }

    /** Calls {@code fn(a, b, c)} for each argument triple made with {@link Args#of(Object, Object, Object)}. */
    public <A, B, C, R> List<R> starmap(Fn3<A, B, C, R> fn, Iterable<Args.Three<A, B, C>> argTuples) {
        return runAll("starmap", fn, WorkerTasks.STAR3, toList(argTuples), 0);
    }

    /** Runs {@code task} in a worker; returns at once with a handle on its result. */
    public <R> AsyncResult<R> applyAsync(Fn0<R> task) {
        return submitOne("applyAsync", task, WorkerTasks.CALL, null);
    }

    /** Runs {@code fn(arg)} in a worker; returns at once with a handle on its result. */
    public <T, R> AsyncResult<R> applyAsync(Fn1<T, R> fn, T arg) {
        return submitOne("applyAsync", fn, WorkerTasks.APPLY, arg);
    }

    /**
     * Runs {@code fn(arg)} in a worker and, when it is done, calls {@code onResult} with its value
     * or {@code onError} with its exception (Python's {@code callback} and {@code error_callback}).
     * Returns at once.
     *
     * <p>The callbacks run in this process (not in the worker), on a thread of the pool's own, one
     * at a time in the order results arrive: keep them short, and guard what they share with the
     * main thread (a synchronized list, a {@code ConcurrentHashMap}). The exception given to
     * {@code onError} is the one {@link AsyncResult#get()} would throw: the same class with the same
     * message for an unchecked exception. The returned handle is ready once the callback has
     * returned, so after {@code get()} (or {@link #close()}) its effects are visible.
     *
     * <p>A callback that throws does not stop the pool, and is not lost: its exception is printed on
     * standard error, naming the callback; the handle still gives the task's own outcome.
     *
     * @param onResult called with the value when the task returns; null for none
     * @param onError  called with the exception when the task throws or its worker dies; null for none
     * @throws SerializationFailedException if {@code fn} or {@code arg} cannot be sent to a worker
     * @throws ClosedException if the pool is closed or terminated
     */
    public <T, R> AsyncResult<R> applyAsync(Fn1<T, R> fn, T arg, java.util.function.Consumer<? super R> onResult,
            java.util.function.Consumer<? super Throwable> onError) {
        CompletableFuture<R> raw = submitFuture("applyAsync", fn, WorkerTasks.APPLY, arg);
        CompletableFuture<R> afterCallback = new CompletableFuture<>();
        raw.whenCompleteAsync((value, error) -> {
            try {
                if (error == null && onResult != null) {
                    onResult.accept(value);
                } else if (error != null && onError != null) {
                    onError.accept(rethrown(error));
                }
            } catch (Throwable t) {
                System.err.println("mp: the " + (error == null ? "onResult" : "onError") + " callback of applyAsync on pool "
                        + core.id() + " threw; the pool goes on:");
                t.printStackTrace();
            } finally {
                if (error == null) {
                    afterCallback.complete(value);
                } else {
                    afterCallback.completeExceptionally(error);
                }
            }
        }, callbacks());
        return new AsyncResult<>(afterCallback, core.id());
    }

    /**
     * Runs {@code fn(arg)} in a worker and waits for its value (Python's {@code apply}).
     *
     * @throws RuntimeException what the task threw: the same class with the same message when it is
     *     unchecked (see the class comment), a {@link ProcessException} wrapping a checked one
     * @throws WorkerDiedException if the worker running it died
     */
    public <T, R> R apply(Fn1<T, R> fn, T arg) {
        return await("apply", submitFuture("apply", fn, WorkerTasks.APPLY, arg));
    }

    /** Runs {@code task} in a worker and waits for its value; as {@link #apply(Fn1, Object)}. */
    public <R> R apply(Fn0<R> task) {
        return await("apply", submitFuture("apply", task, WorkerTasks.CALL, null));
    }

    /**
     * Like {@link #starmap(Fn2, Iterable)}, but returns at once: the results, in input order, come
     * from the handle (Python's {@code starmap_async}). The record names the call {@code starmap}.
     */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(Fn2<A, B, R> fn, Iterable<Args.Two<A, B>> argTuples) {
        return new AsyncResult<>(submitAll("starmap", fn, WorkerTasks.STAR2, toList(argTuples), 0), core.id());
    }

    /** As {@link #starmapAsync(Fn2, Iterable)}, for functions of three arguments. */
    public <A, B, C, R> AsyncResult<List<R>> starmapAsync(Fn3<A, B, C, R> fn, Iterable<Args.Three<A, B, C>> argTuples) {
        return new AsyncResult<>(submitAll("starmap", fn, WorkerTasks.STAR3, toList(argTuples), 0), core.id());
    }

    /** The single thread on which this pool's callbacks run, started on first use. */
    private synchronized java.util.concurrent.ExecutorService callbacks() {
        if (callbacks == null) {
            callbacks = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mp-pool-" + core.id() + "-callbacks");
                t.setDaemon(true);
                return t;
            });
        }
        return callbacks;
    }

    /** Waits for the callbacks already due to run (after the workers have stopped). */
    private void finishCallbacks() {
        java.util.concurrent.ExecutorService c;
        synchronized (this) {
            c = callbacks;
        }
        if (c != null) {
            c.shutdown();
            try {
                c.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Like {@link #map} but lazy: yields each result, in input order, as soon as it is ready. */
    public <T, R> Iterable<R> imap(Fn1<T, R> fn, Iterable<T> items) {
        return imap(fn, items, 1);
    }

    public <T, R> Iterable<R> imap(Fn1<T, R> fn, Iterable<T> items, int chunksize) {
        return new ResultStream<>("imap", fn, items, chunksize, true);
    }

    /** Like {@link #imap} but yields results in the order they complete. */
    public <T, R> Iterable<R> imapUnordered(Fn1<T, R> fn, Iterable<T> items) {
        return imapUnordered(fn, items, 1);
    }

    public <T, R> Iterable<R> imapUnordered(Fn1<T, R> fn, Iterable<T> items, int chunksize) {
        return new ResultStream<>("imapUnordered", fn, items, chunksize, false);
    }

    /**
     * Lets the tasks already submitted finish (an {@code imap}'s included: its work was given when the call returned),
     * then stops the workers; waits for both. Idempotent.
     */
    @Override
    public void close() {
        // A wait on the pool while its tasks finish, as a call that waits for a result is one.
        try (Recorder.Wait w = Recorder.waiting("Pool.close", "pool", core.id())) {
            synchronized (feeding) {
                boolean interrupted = false;
                while (feeding[0] > 0) {
                    try {
                        feeding.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            core.close();
            finishCallbacks();
        }
        Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", "close");
    }

    /** Stops the workers now: queued tasks fail, running ones are abandoned. Returns once the workers are gone. */
    public void terminate() {
        try (Recorder.Wait w = Recorder.waiting("Pool.terminate", "pool", core.id())) {
            core.terminate();
            finishCallbacks();
        }
    }

    /** Waits for the workers to stop; call {@link #close()} or {@link #terminate()} first. */
    public void join() {
        try (Recorder.Wait w = Recorder.waiting("Pool.join", "pool", core.id())) {
            core.join();
            finishCallbacks();
        }
        Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", "join");
    }

    /** The number of worker processes. */
    public int size() {
        return core.size();
    }

    // ---------------------------------------------------------------------------------------

    /**
     * Like {@link #map(Fn1, Iterable)}, but returns at once: the results, in input order, come
     * from the handle, whose {@link AsyncResult#get(Duration)} is the form of {@code map} with a
     * timeout (Python's {@code map_async}).
     */
    public <T, R> AsyncResult<List<R>> mapAsync(Fn1<T, R> fn, Iterable<T> items) {
        return new AsyncResult<>(submitAll("map", fn, WorkerTasks.APPLY, toList(items), 0), core.id());
    }

    private <R> List<R> runAll(String call, Object fn, int kind, List<?> items, int chunksize) {
        return await(call, submitAll(call, fn, kind, items, chunksize));
    }

    /** Waits for a call's future, recording the wait; a task's failure is rethrown as the class comment says. */
    private <R> R await(String call, CompletableFuture<R> all) {
        try {
            R value = awaitValue(call, all);
            Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", call);
            return value;
        } catch (RuntimeException e) {
            if (all.isDone()) {
                Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", call);
            }
            throw e;
        }
    }

    private <R> R awaitValue(String call, CompletableFuture<R> all) {
        try {
            if (all.isDone() || !Recorder.on()) {
                return all.get();
            }
            try (Recorder.Wait w = Recorder.waiting("Pool." + call, "pool", core.id())) {
                return all.get();
            }
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessException("interrupted while waiting for " + call, e);
        }
    }

    /**
     * Hands every item to the workers; the future completes with all results, or the first failure.
     * Each chunk is handed over as soon as it is encoded, so the workers begin while the rest is
     * encoded. If an item cannot be serialized, the chunks not yet begun are taken back and the
     * call fails here.
     */
    private <R> CompletableFuture<List<R>> submitAll(String call, Object fn, int kind, List<?> items, int chunksize) {
        Recorder.event(RecordEvent.POOL_CALL, "pool", core.id(), "call", call, "tasks", items.size(), "workers", core.size());
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(new ArrayList<>());
        }
        byte[] fnBytes = Codec.encodeFunction(fn, "the function");
        int n = items.size();
        int size = chunksize > 0 ? chunksize : defaultChunksize(n);
        int count = (n - 1) / size + 1;
        Object[] results = new Object[n];
        CompletableFuture<List<R>> all = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(count);
        List<PoolCore.Chunk> submitted = new ArrayList<>(count);
        List<PoolCore.Chunk> batch = new ArrayList<>();
        try {
            for (int c = 0; c < count; c++) {
                int from = c * size;
                int to = Math.min(n, from + size);
                byte[] args = ChunkCodec.encode(items, from, to, "a task argument");
                batch.add(new PoolCore.Chunk(call, fnBytes, kind, args, to - from, new PoolCore.Sink() {
                    @Override
                    public void done(List<Object> out, long workerPid) {
                        for (int i = 0; i < out.size(); i++) {
                            Object o = out.get(i);
                            if (o instanceof RemoteFailure f) {
                                all.completeExceptionally(new Carrier(f));
                                return;
                            }
                            results[from + i] = o;
                        }
                        if (remaining.decrementAndGet() == 0) {
                            @SuppressWarnings("unchecked")
                            List<R> list = (List<R>) new ArrayList<>(Arrays.asList(results));
                            all.complete(list);
                        }
                    }

                    @Override
                    public void failed(RuntimeException e) {
                        all.completeExceptionally(e);
                    }

                    @Override
                    public boolean firstOfAMap() {
                        return from == 0;
                    }
                }, true));
                // The first chunks one by one, so that every worker begins at once; then by the batch.
                if (c < 4 * core.size() || batch.size() >= 64 || c == count - 1) {
                    core.submit(batch);
                    submitted.addAll(batch);
                    batch.clear();
                }
            }
        } catch (RuntimeException e) {
            for (PoolCore.Chunk c : submitted) {
                core.cancel(c, false);
            }
            throw e;
        }
        return all;
    }

    private <R> AsyncResult<R> submitOne(String call, Object fn, int kind, Object arg) {
        return new AsyncResult<>(submitFuture(call, fn, kind, arg), core.id());
    }

    private <R> CompletableFuture<R> submitFuture(String call, Object fn, int kind, Object arg) {
        byte[] fnBytes = Codec.encodeFunction(fn, "the task");
        ArrayList<Object> args = new ArrayList<>(1);
        args.add(arg);
        byte[] argBytes = ChunkCodec.encode(args, 0, 1, "a task argument");
        CompletableFuture<R> future = new CompletableFuture<>();
        Recorder.event(RecordEvent.POOL_CALL, "pool", core.id(), "call", call, "tasks", 1, "workers", core.size());
        core.submit(List.of(new PoolCore.Chunk(call, fnBytes, kind, argBytes, 1, new PoolCore.Sink() {
            @Override
            @SuppressWarnings("unchecked")
            public void done(List<Object> out, long workerPid) {
                if (out.get(0) instanceof RemoteFailure f) {
                    future.completeExceptionally(new Carrier(f));
                } else {
                    future.complete((R) out.get(0));
                }
            }

            @Override
            public void failed(RuntimeException e) {
                future.completeExceptionally(e);
            }
        }, true)));
        return future;
    }

    /** Python's default: about four chunks per worker. */
    private int defaultChunksize(int n) {
        int per = n / (core.size() * 4);
        return n % (core.size() * 4) != 0 ? per + 1 : Math.max(1, per);
    }

    private static <T> List<T> toList(Iterable<T> items) {
        if (items instanceof List<T> l) {
            return l;
        }
        List<T> list = new ArrayList<>();
        for (T t : items) {
            list.add(t);
        }
        return list;
    }

    /** The exception a caller sees for a task's failure, rebuilt on the caller's thread. */
    static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof Carrier c) {
            return c.failure.toException();
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new ProcessException(String.valueOf(cause), cause);
    }

    /** Carries a task's remote failure to the caller's thread, where it is rebuilt. */
    private static final class Carrier extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RemoteFailure failure;

        Carrier(RemoteFailure failure) {
            super(failure.className(), null, false, false);
            this.failure = failure;
        }
    }

    /** The results of {@code imap}: a feeder thread hands out the input as it comes; results are kept until read. */
    @CannotTravel(value = "the results of imap", instead = "iterate them here and pass the values")
    private final class ResultStream<T, R> implements Iterable<R> {
        private final String call;
        private final boolean ordered;
        private final Map<Integer, Object> byIndex = new HashMap<>();
        private final ArrayDeque<Object> arrivals = new ArrayDeque<>();
        private int total = -1;
        private int delivered;
        private boolean iterated;
        /** Guarded by this: the iteration's end is in the record (its {@code pool-done}). */
        private boolean endRecorded;

        /** The iteration is over: every result was taken (recorded the first time). Called holding this. */
        private boolean ended() {
            if (!endRecorded) {
                endRecorded = true;
                Recorder.event(RecordEvent.POOL_DONE, "pool", core.id(), "how", call);
            }
            return false;
        }

        ResultStream(String call, Fn1<T, R> fn, Iterable<T> items, int chunksize, boolean ordered) {
            this.call = call;
            this.ordered = ordered;
            Recorder.event(RecordEvent.POOL_CALL, "pool", core.id(), "call", call, "tasks", -1, "workers", core.size());
            byte[] fnBytes = Codec.encodeFunction(fn, "the function");
            int size = Math.max(1, chunksize);
            synchronized (feeding) {
                feeding[0]++;
            }
            Thread feeder = new Thread(() -> {
                try {
                    feed(fnBytes, items, size);
                } finally {
                    synchronized (feeding) {
                        feeding[0]--;
                        feeding.notifyAll();
                    }
                }
            }, "mp-imap-feeder");
            feeder.setDaemon(true);
            feeder.start();
        }

        private void feed(byte[] fnBytes, Iterable<T> items, int size) {
            int index = 0;
            try {
                Iterator<T> it = items.iterator();
                while (true) {
                    ArrayList<Object> part = new ArrayList<>(size);
                    while (part.size() < size && it.hasNext()) {
                        part.add(it.next());
                    }
                    if (part.isEmpty()) {
                        break;
                    }
                    int from = index;
                    byte[] args = ChunkCodec.encode(part, 0, part.size(), "a task argument");
                    core.submit(List.of(new PoolCore.Chunk(call, fnBytes, WorkerTasks.APPLY, args, part.size(),
                            new PoolCore.Sink() {
                                @Override
                                public void done(List<Object> out, long workerPid) {
                                    for (int i = 0; i < out.size(); i++) {
                                        arrived(from + i, out.get(i));
                                    }
                                }

                                @Override
                                public void failed(RuntimeException e) {
                                    for (int i = 0; i < part.size(); i++) {
                                        arrived(from + i, new LocalFailure(e));
                                    }
                                }

                                @Override
                                public boolean firstOfAMap() {
                                    return from == 0;
                                }
                            }, true)));
                    index += part.size();
                    if (part.size() < size) {
                        break;
                    }
                }
                end(index);
            } catch (RuntimeException e) {
                // The input itself failed: the caller meets the exception at this position.
                arrived(index, new LocalFailure(e));
                end(index + 1);
            }
        }

        private synchronized void arrived(int index, Object outcome) {
            if (ordered) {
                byIndex.put(index, outcome);
            } else {
                arrivals.add(outcome);
            }
            notifyAll();
        }

        private synchronized void end(int count) {
            total = count;
            notifyAll();
        }

        @Override
        public synchronized Iterator<R> iterator() {
            if (iterated) {
                throw new IllegalStateException("the results of " + call + " can be iterated once");
            }
            iterated = true;
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    synchronized (ResultStream.this) {
                        while (total < 0 || delivered < total) {
                            if (ordered ? byIndex.containsKey(delivered) : !arrivals.isEmpty()) {
                                return true;
                            }
                            if (total >= 0 && delivered >= total) {
                                return ended();
                            }
                            try (Recorder.Wait w = Recorder.waiting("Pool." + call, "pool", core.id())) {
                                ResultStream.this.wait();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new ProcessException("interrupted while waiting for " + call, e);
                            }
                        }
                        return ended();
                    }
                }

                @Override
                @SuppressWarnings("unchecked")
                public R next() {
                    Object outcome;
                    synchronized (ResultStream.this) {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        outcome = ordered ? byIndex.remove(delivered) : arrivals.poll();
                        delivered++;
                    }
                    Recorder.event(RecordEvent.IMAP_NEXT, "pool", core.id(), "unordered", !ordered);
                    if (outcome instanceof RemoteFailure f) {
                        throw f.toException();
                    }
                    if (outcome instanceof LocalFailure c) {
                        // thrown again from here, where the program meets it: the feeder thread's stack shows no line of
                        // it, and a terminate's shows the terminate's
                        RuntimeException e = c.error;
                        if (e.getClass() == ClosedException.class) throw new ClosedException(e.getMessage(), e);
                        if (e.getClass() == ProcessException.class) throw new ProcessException(e.getMessage(), e);
                        throw e;
                    }
                    return (R) outcome;
                }
            };
        }
    }

    /** A local failure (worker died, input failed) standing at a position of an imap's results. */
    private record LocalFailure(RuntimeException error) {
    }
}
