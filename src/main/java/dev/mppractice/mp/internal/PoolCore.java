package dev.mppractice.mp.internal;

import dev.mppractice.mp.ClosedException;
import dev.mppractice.mp.ProcessException;
import dev.mppractice.mp.WorkerDiedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The owner's side of a pool: a queue of chunks of tasks, and one thread per worker that hands
 * chunks to its worker and reads back the results, so it always knows which chunk each worker
 * holds (the ledger: {@link Slot#holding}). When a worker dies, exactly the chunk it held fails,
 * with the worker's pid and exit code, and a new worker takes its place. Nothing waits forever on a
 * dead worker.
 *
 * <p><b>Run states</b> ({@link State}, in {@link #state}): {@code OPEN} (submissions accepted) until
 * {@link #shutdown()} or {@link #close()} ({@code CLOSED}: no more submissions; what was queued
 * runs, then the workers stop) or {@link #terminate} ({@code TERMINATED}: the queue is emptied,
 * workers are killed and not replaced, running chunks fail). A state only moves forward (OPEN,
 * CLOSED, TERMINATED; OPEN may go straight to TERMINATED), under this object's monitor, on the
 * owner's threads; slot threads only read it. Once this process is ending
 * ({@link Context.RunState}), a slot thread that loses its worker neither replaces it nor fails its
 * chunk (nobody is left to read the failure, and an uncaught one would be printed on the way out):
 * it ends without a word.
 *
 * <p><b>Threads and fields.</b> The owner's threads (the program's, and the executor's) call
 * {@link #submit}, {@link #cancel}, {@link #shutdown}, {@link #terminate} and {@link #join}. Each
 * {@link Slot} has one thread, the only one that talks to that slot's worker, starts its
 * replacement, and writes the slot's fields; its javadoc says which of them other threads read. A
 * hub thread completes {@link Slot#wire} when a worker connects back. {@link #queue} is a
 * concurrent deque shared by all of them.
 *
 * <p><b>Worker lifetime.</b> With an initializer, each worker runs it once before its first chunk
 * (replacements too). With {@code maxTasksPerChild} k &gt; 0, a worker that has answered k chunks
 * (a chunk of {@code map} counts as one task, as in CPython) is told to stop once it holds nothing,
 * and a fresh worker takes its place: recycling never touches the ledger, so a worker killed while it
 * is being retired fails nothing.
 */
public final class PoolCore {
    private static final Map<String, PoolCore> POOLS = new ConcurrentHashMap<>();
    private static final Chunk STOP = new Chunk("stop", new byte[0], 0, new byte[0], 0, null);
    private static final int MAX_FAILED_STARTS = 3;

    /** Where a chunk's outcome goes. Called on a slot thread (or the owner's, for chunks that never ran). */
    public interface Sink {
        /** Results (a value, or a {@link RemoteFailure}, per task), in task order. */
        void done(List<Object> results, long workerPid);

        /** The whole chunk failed (worker died, pool terminated, cancelled while it ran). */
        void failed(RuntimeException e);
    }

    /** Tasks handed to one worker at once. Compared by identity: each chunk is handed out once. */
    public record Chunk(String call, byte[] fn, int kind, byte[] args, int tasks, Sink sink) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** What becomes of a chunk that {@link #cancel} was asked to stop. */
    public enum Cancelled {
        /** It was still queued: removed, it will never run. */
        BEFORE_IT_RAN,
        /** A worker was running it: that worker was killed (a fresh one replaces it). */
        WORKER_STOPPED,
        /** A worker is running it or has just answered; it was left alone. */
        LEFT_RUNNING
    }

    /** The pool's run state; see the class comment. */
    enum State {
        /** Submissions are accepted. */
        OPEN,
        /** No more submissions; queued chunks run, then each worker is told to stop. */
        CLOSED,
        /** Queued chunks were taken away, workers killed and not replaced. */
        TERMINATED
    }

    /** The context of the process that owns the pool. */
    private final Context context;
    private final String id;
    private final int size;
    /** The serialized initializer ({@code Task}) each worker runs before its first chunk, or null. */
    private final byte[] initializer;
    /** Chunks a worker answers before it is replaced, or 0 for no limit. */
    private final int maxTasksPerChild;
    /** Chunks no worker has taken yet; the owner's threads add, slot threads take. */
    private final LinkedBlockingDeque<Chunk> queue = new LinkedBlockingDeque<>();
    /** Filled by the constructor, then only read. */
    private final List<Slot> slots = new ArrayList<>();
    /** Written under this object's monitor by the owner's threads; read by any thread. */
    private volatile State state = State.OPEN;
    /** How many workers died receiving each chunk: one that none can receive fails. Slot threads only. */
    private final Map<Chunk, Integer> refused = Collections.synchronizedMap(new IdentityHashMap<>());
    /** Counted down by each slot thread as it ends, once its last worker has ended. */
    private final CountDownLatch slotsEnded;

    public PoolCore(Context context, int size) {
        this(context, size, null, 0);
    }

    /**
     * Starts {@code size} workers, children of process {@code context}.
     *
     * @param initializer      a serialized {@code Task} each worker runs before its first chunk, or null
     * @param maxTasksPerChild chunks a worker answers before it is replaced by a fresh one; 0: no limit
     */
    public PoolCore(Context context, int size, byte[] initializer, int maxTasksPerChild) {
        this.context = context;
        this.size = size;
        this.initializer = initializer;
        this.maxTasksPerChild = Math.max(0, maxTasksPerChild);
        this.id = context.newId();
        this.slotsEnded = new CountDownLatch(size);
        POOLS.put(id, this);
        context.hub();
        ChildProcess.workerBatch(size);
        for (int i = 0; i < size; i++) {
            slots.add(new Slot(i));
        }
        Recorder.event(RecordEvent.POOL_CREATE, "pool", id, "workers", size, "initializer", initializer != null,
                "maxtasks", this.maxTasksPerChild);
    }

    public String id() {
        return id;
    }

    public int size() {
        return size;
    }

    /**
     * Queues chunks for the workers.
     *
     * @throws ClosedException once the pool is closed or terminated
     */
    public void submit(List<Chunk> chunks) {
        if (state != State.OPEN) {
            throw new ClosedException("the pool is closed: submit work before close() or terminate()");
        }
        queue.addAll(chunks);
    }

    /**
     * Stops {@code chunk} if it can: a queued chunk is removed; one a worker holds is stopped by
     * killing that worker when {@code interrupt} (the pool starts a new one), else left running.
     * The chunk's sink is not told when it is removed; when its worker is killed, it is failed with a
     * {@link CancellationException}.
     */
    public Cancelled cancel(Chunk chunk, boolean interrupt) {
        if (queue.removeIf(c -> c == chunk)) {
            Codec.discard(chunk.args());
            return Cancelled.BEFORE_IT_RAN;
        }
        if (interrupt) {
            for (Slot s : slots) {
                if (s.stopIfHolding(chunk)) {
                    return Cancelled.WORKER_STOPPED;
                }
            }
        }
        return Cancelled.LEFT_RUNNING;
    }

    /** No more work; the queued chunks finish, then the workers stop. Returns at once. Idempotent. */
    public synchronized void shutdown() {
        if (state == State.OPEN) {
            state = State.CLOSED;
            for (int i = 0; i < size; i++) {
                queue.add(STOP);
            }
        }
    }

    /** {@link #shutdown()}, then waits for all of it. */
    public void close() {
        shutdown();
        join();
    }

    /** Fails every queued chunk and ends the workers now. */
    public void terminate() {
        terminate(c -> c.sink().failed(new ProcessException("the pool was terminated before this task ran")));
    }

    /**
     * Takes every queued chunk away (each given to {@code neverRan}), kills the workers and waits for
     * them; the chunks they held fail. Idempotent.
     */
    public void terminate(Consumer<Chunk> neverRan) {
        List<Chunk> pending = new ArrayList<>();
        synchronized (this) {
            if (state != State.TERMINATED) {
                state = State.TERMINATED;
                queue.drainTo(pending);
                for (int i = 0; i < size; i++) {
                    queue.add(STOP);
                }
            }
        }
        for (Chunk c : pending) {
            if (c != STOP) {
                Codec.discard(c.args());
                neverRan.accept(c);
            }
        }
        for (Slot s : slots) {
            s.kill();
        }
        join();
    }

    /**
     * Waits until every worker has stopped (after {@link #close()} or {@link #terminate()}).
     *
     * @throws ProcessException if the pool is still open
     */
    public void join() {
        if (state == State.OPEN) {
            throw new ProcessException("join() needs close() or terminate() first");
        }
        for (Slot s : slots) {
            s.awaitEnd();
        }
        POOLS.remove(id);
    }

    /** True once the pool no longer takes work. */
    public boolean isShutdown() {
        return state != State.OPEN;
    }

    /** True once the pool no longer takes work and every worker has ended. */
    public boolean isTerminated() {
        return state != State.OPEN && slotsEnded.getCount() == 0;
    }

    /** Waits at most {@code nanos} for {@link #isTerminated()}; true if it became so. */
    public boolean awaitTermination(long nanos) throws InterruptedException {
        boolean ended = slotsEnded.await(nanos, TimeUnit.NANOSECONDS);
        if (ended) {
            POOLS.remove(id);
        }
        return ended;
    }

    /** Runs on a hub thread: a worker connected back; returns true if the wire was kept. */
    static boolean attachWorker(String poolId, int slot, Wire wire) {
        PoolCore p = POOLS.get(poolId);
        if (p == null || slot < 0 || slot >= p.slots.size()) {
            return false;
        }
        return p.slots.get(slot).attach(wire);
    }

    /** One worker place: the current worker process and the thread that feeds it. */
    private final class Slot {
        private final int index;
        private final Thread thread;
        /** The current worker. Written by this slot's thread (and the constructor); read by any thread. */
        private volatile ChildProcess worker;
        /**
         * The current worker's connection: replaced by this slot's thread with each new worker,
         * completed by a hub thread when the worker connects back, or exceptionally when it ends first.
         */
        private volatile CompletableFuture<Wire> wire;
        /**
         * The ledger: the chunk handed to the current worker and not yet answered, or null. Guarded by
         * this slot's monitor; written by this slot's thread, read by {@link #stopIfHolding} on the
         * owner's threads, so that a worker is never killed for a chunk it no longer holds.
         */
        private Chunk holding;
        /** The chunk {@link #stopIfHolding} killed the worker for. Guarded by this slot's monitor. */
        private Chunk cancelled;
        /** This slot's thread only: workers in a row that ended before they connected. */
        private int failedStarts;
        /** This slot's thread only: workers in a row whose initializer threw, and the last failure. */
        private int initFailures;
        private RemoteFailure initFailure;
        /** This slot's thread only: chunks the current worker has answered (for maxTasksPerChild). */
        private int answered;
        /** This slot's thread only: the dead worker whose end was recorded already. */
        private ChildProcess exitRecorded;

        Slot(int index) {
            this.index = index;
            spawn();
            thread = new Thread(this::run, "mp-pool-" + id + "-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        private void spawn() {
            wire = new CompletableFuture<>();
            answered = 0;
            byte[] task = Codec.encode(new WorkerLoop(context.pid(), id, index, initializer), "the worker loop");
            worker = ChildProcess.start(context, ChildProcess.nextName(context, "PoolWorker"), true, false, task);
            ChildProcess w = worker;
            CompletableFuture<Wire> f = wire;
            // A worker that ends before it connects must not leave the slot waiting.
            w.onExit().thenRun(() -> f.completeExceptionally(new IOException("worker ended before it connected")));
        }

        boolean attach(Wire w) {
            return wire.complete(w);
        }

        void kill() {
            ChildProcess w = worker;
            if (w != null) {
                w.signal(false);
            }
        }

        /** Kills the current worker if it holds {@code chunk}; true if it did. */
        synchronized boolean stopIfHolding(Chunk chunk) {
            if (holding != chunk) {
                return false;
            }
            cancelled = chunk;
            worker.signal(true);
            return true;
        }

        private synchronized void hold(Chunk chunk) {
            holding = chunk;
        }

        /** Clears the ledger; true if the chunk was cancelled while the worker held it. */
        private synchronized boolean release(Chunk chunk) {
            holding = null;
            boolean wasCancelled = cancelled == chunk;
            cancelled = null;
            return wasCancelled;
        }

        void awaitEnd() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ChildProcess w = worker;
            if (w != null) {
                w.await(Duration.ofSeconds(10));
            }
        }

        private void run() {
            try {
                serve();
            } catch (ProcessException e) {
                if (!context.shuttingDown()) {
                    throw e;
                }
                // a worker could not be replaced because this process is ending: nothing to say
            } finally {
                ChildProcess w = worker;
                if (w != null && !context.shuttingDown()) {
                    w.await(Duration.ofSeconds(10));
                }
                slotsEnded.countDown();
            }
        }

        /** Hands chunks to the worker until told to stop, or until this process is ending. */
        private void serve() {
            while (true) {
                Chunk chunk;
                try {
                    chunk = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                Wire w = connected();
                if (w == null && context.shuttingDown()) {
                    return;
                }
                if (chunk == STOP) {
                    if (w != null) {
                        try {
                            w.send(Msg.of(Proto.W_STOP).bytes());
                        } catch (IOException e) {
                            // already gone
                        }
                    }
                    return;
                }
                if (w == null) {
                    Codec.discard(chunk.args());
                    chunk.sink().failed(cannotStart());
                    continue;
                }
                hold(chunk);
                try {
                    w.send(Msg.of(Proto.W_CHUNK).blob(chunk.fn()).u8(chunk.kind()).blob(chunk.args()).str(chunk.call())
                            .i32(chunk.tasks()).bytes());
                    Msg.Reader taken = new Msg.Reader(w.receive());
                    if (taken.type == Proto.W_INIT_FAILED) {
                        // Its initializer threw before it could take the chunk: not the chunk's fault.
                        // Hanging up lets the worker end; the next connected() replaces it.
                        initFailed(taken);
                        w.close();
                        if (!release(chunk)) {
                            queue.addFirst(chunk);
                        }
                        continue;
                    }
                } catch (IOException | RuntimeException e) {
                    if (release(chunk)) {
                        continue; // cancelled as it was handed over: it must not run again
                    }
                    // It died before it took the chunk: the chunk goes back for the next worker,
                    // unless workers keep dying as they receive it (too large for their heap).
                    if (refused.merge(chunk, 1, Integer::sum) < MAX_FAILED_STARTS) {
                        queue.addFirst(chunk);
                    } else {
                        refused.remove(chunk);
                        Codec.discard(chunk.args());
                        chunk.sink().failed(new WorkerDiedException(MAX_FAILED_STARTS + " workers in a row died receiving "
                                + chunk.tasks() + " task(s) of " + chunk.call() + " (" + (chunk.fn().length + chunk.args().length)
                                + " bytes with what the function captures; see their standard error above)"));
                    }
                    continue;
                }
                refused.remove(chunk);
                failedStarts = 0;
                initFailures = 0;
                Msg.Reader r;
                try {
                    r = new Msg.Reader(w.receive());
                } catch (IOException | RuntimeException e) {
                    boolean wasCancelled = release(chunk);
                    if (!workerDied(chunk, w, wasCancelled)) {
                        return;
                    }
                    continue;
                }
                release(chunk);
                deliver(chunk, r);
                if (maxTasksPerChild > 0 && ++answered >= maxTasksPerChild) {
                    recycle(w);
                }
            }
        }

        /**
         * Retires a worker that has answered its {@code maxTasksPerChild} chunks: it holds nothing, so
         * whatever happens to it now (even a kill) fails nothing. Its successor starts first, so the
         * two JVMs' start and end overlap.
         */
        private void recycle(Wire old) {
            ChildProcess retired = worker;
            try {
                old.send(Msg.of(Proto.W_STOP).bytes());
            } catch (IOException e) {
                // it died after its last answer: it is being replaced anyway
            }
            if (state == State.TERMINATED || context.shuttingDown()) {
                return;
            }
            Recorder.event(RecordEvent.WORKER_RECYCLE, "pool", id, "worker", retired.pid(), "tasks", answered);
            exitRecorded = retired;
            spawn();
            if (!retired.await(Duration.ofSeconds(5))) {
                retired.signal(true);
            }
            old.close();
        }

        /** The failure of a chunk that no worker could take: workers cannot start, or their initializer throws. */
        private RuntimeException cannotStart() {
            if (initFailure != null) {
                return new ProcessException("the pool's initializer threw in " + MAX_FAILED_STARTS
                        + " workers in a row, so no task can run: " + initFailure.className()
                        + (initFailure.message() == null ? "" : ": " + initFailure.message()), initFailure.rebuild());
            }
            return new WorkerDiedException("the pool's worker processes could not start: "
                    + worker.name() + " ended with exit code " + worker.exitCode()
                    + " before it connected (see its standard error above)");
        }

        private void initFailed(Msg.Reader m) {
            initFailures++;
            try {
                initFailure = (RemoteFailure) Codec.decode(m.blob());
            } catch (RuntimeException e) {
                initFailure = null;
            }
        }

        /** The wire of a live worker, starting a new one if the last one died; null if workers cannot start. */
        private Wire connected() {
            while (true) {
                try {
                    Wire w = wire.get();
                    // An idle worker never speaks first: anything to read, or the end of the
                    // stream, means it died while idle (before its reaper may have noticed), or
                    // that its initializer threw.
                    if (worker.isAlive() && !w.poll(0)) {
                        return w;
                    }
                    try {
                        if (w.poll(0)) {
                            Msg.Reader m = new Msg.Reader(w.receive(TimeUnit.SECONDS.toNanos(1)));
                            if (m.type == Proto.W_INIT_FAILED) {
                                initFailed(m);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // nothing more to read: it ended
                    }
                    w.close();
                    ChildProcess dead = worker;
                    if (!dead.await(Duration.ofSeconds(2))) {
                        dead.signal(true);
                    }
                    if (state != State.TERMINATED && exitRecorded != dead) {
                        exitRecorded = dead;
                        Recorder.event(RecordEvent.WORKER_EXIT, "pool", id, "worker", dead.pid(), "exitcode", dead.exitCode());
                    }
                } catch (IOException e) {
                    // as dead
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } catch (java.util.concurrent.ExecutionException e) {
                    failedStarts++;
                }
                if (state == State.TERMINATED || failedStarts >= MAX_FAILED_STARTS || initFailures >= MAX_FAILED_STARTS
                        || context.shuttingDown()) {
                    return null;
                }
                worker.await(Duration.ofSeconds(5));
                spawn();
            }
        }

        private void deliver(Chunk chunk, Msg.Reader r) {
            int status = r.u8();
            long pid = worker.pid();
            Object payload;
            try {
                payload = Codec.decode(r.blob());
            } catch (RuntimeException e) {
                chunk.sink().failed(e); // a result this process cannot read back (its class is missing here)
                record(chunk, pid, false);
                return;
            }
            if (status != 0) {
                chunk.sink().failed(((RemoteFailure) payload).toException());
                record(chunk, pid, false);
                return;
            }
            @SuppressWarnings("unchecked")
            List<Object> results = (List<Object>) payload;
            boolean ok = results.stream().noneMatch(o -> o instanceof RemoteFailure);
            record(chunk, pid, ok);
            chunk.sink().done(results, pid);
        }

        private void record(Chunk chunk, long pid, boolean ok) {
            Recorder.event(RecordEvent.POOL_CHUNK, "pool", id, "call", chunk.call(), "worker", pid, "tasks", chunk.tasks(), "ok", ok);
        }

        /**
         * Fails the chunk a dead worker held and starts a new worker; false, doing neither, when
         * the worker ended with this process (whose callers are ending too).
         */
        private boolean workerDied(Chunk chunk, Wire w, boolean wasCancelled) {
            w.close();
            Codec.discard(chunk.args()); // frees its segment, unless the worker had read it
            ChildProcess dead = worker;
            if (context.shuttingDown()) {
                return false;
            }
            if (state == State.TERMINATED) {
                chunk.sink().failed(new ProcessException("the pool was terminated while this task ran"));
                return true;
            }
            if (!dead.await(Duration.ofSeconds(2))) {
                dead.signal(true); // its connection broke but it lives on: end it
                dead.await(Duration.ofSeconds(5));
            }
            if (context.shuttingDown()) {
                return false;
            }
            Integer code = dead.exitCode();
            exitRecorded = dead;
            Recorder.event(RecordEvent.WORKER_EXIT, "pool", id, "worker", dead.pid(), "exitcode", code);
            if (wasCancelled) {
                chunk.sink().failed(new CancellationException("cancelled while it ran: its worker " + dead.name()
                        + " (pid " + dead.pid() + ") was stopped and the pool has started a new one"));
            } else {
                chunk.sink().failed(new WorkerDiedException("worker " + dead.name() + " (pid " + dead.pid()
                        + ") died with exit code " + code + " while running " + chunk.tasks() + " task(s) of "
                        + chunk.call() + "; the pool has started a new worker"));
            }
            spawn();
            return true;
        }
    }
}
