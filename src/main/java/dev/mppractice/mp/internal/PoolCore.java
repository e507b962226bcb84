package dev.mppractice.mp.internal;

import dev.mppractice.mp.ClosedException;
import dev.mppractice.mp.ProcessException;
import dev.mppractice.mp.WorkerDiedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The owner's side of a pool: a queue of chunks of tasks, and one thread per worker that hands
 * chunks to its worker and reads back the results, so it always knows which chunk each worker
 * holds. When a worker dies, exactly the chunk it held fails, with the worker's pid and exit
 * code, and a new worker takes its place. Nothing waits forever on a dead worker.
 *
 * <p>States: open until {@link #close()} or {@link #terminate()} ({@code closed}: no more
 * submissions), {@code terminated} once {@link #terminate()} has begun (workers that end are not
 * replaced, running chunks fail). Both only go from false to true, written by the owner's threads
 * and read by the slot threads. Once this process is ending ({@link Context.RunState}), a slot
 * thread that loses its worker neither replaces it nor fails its chunk (nobody is left to read the
 * failure, and an uncaught one would be printed on the way out): it ends without a word.
 */
public final class PoolCore {
    private static final Map<String, PoolCore> POOLS = new ConcurrentHashMap<>();
    private static final Chunk STOP = new Chunk("stop", new byte[0], 0, new byte[0], 0, null);
    private static final int MAX_FAILED_STARTS = 3;

    /** Where a chunk's outcome goes. */
    public interface Sink {
        /** Results (a value, or a {@link RemoteFailure}, per task), in task order. */
        void done(List<Object> results, long workerPid);

        /** The whole chunk failed (worker died, pool terminated). */
        void failed(RuntimeException e);
    }

    /** Tasks handed to one worker at once. */
    public record Chunk(String call, byte[] fn, int kind, byte[] args, int tasks, Sink sink) {
    }

    private final Context context = Context.get();
    private final String id;
    private final int size;
    private final LinkedBlockingDeque<Chunk> queue = new LinkedBlockingDeque<>();
    private final List<Slot> slots = new ArrayList<>();
    private volatile boolean closed;
    private volatile boolean terminated;
    /** How many workers died receiving each chunk (by identity): one that none can receive fails. */
    private final Map<Chunk, Integer> refused = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    public PoolCore(int size) {
        this.size = size;
        this.id = context.newId();
        POOLS.put(id, this);
        context.hub();
        ChildProcess.workerBatch(size);
        for (int i = 0; i < size; i++) {
            slots.add(new Slot(i));
        }
        Recorder.event(RecordEvent.POOL_CREATE, "pool", id, "workers", size);
    }

    public String id() {
        return id;
    }

    public int size() {
        return size;
    }

    /** Queues chunks for the workers. */
    public void submit(List<Chunk> chunks) {
        if (closed) {
            throw new ClosedException("the pool is closed: submit work before close() or terminate()");
        }
        queue.addAll(chunks);
    }

    /** No more work; the queued chunks finish, then the workers stop. Waits for all of it. */
    public void close() {
        if (!closed) {
            closed = true;
            for (int i = 0; i < size; i++) {
                queue.add(STOP);
            }
        }
        join();
    }

    /** Fails every queued chunk and ends the workers now. */
    public void terminate() {
        closed = true;
        terminated = true;
        List<Chunk> pending = new ArrayList<>();
        queue.drainTo(pending);
        for (Chunk c : pending) {
            if (c != STOP) {
                c.sink().failed(new ProcessException("the pool was terminated before this task ran"));
            }
        }
        for (int i = 0; i < size; i++) {
            queue.add(STOP);
        }
        for (Slot s : slots) {
            s.kill();
        }
        join();
    }

    /** Waits until every worker has stopped (after {@link #close()} or {@link #terminate()}). */
    public void join() {
        if (!closed) {
            throw new ProcessException("join() needs close() or terminate() first");
        }
        for (Slot s : slots) {
            s.awaitEnd();
        }
        POOLS.remove(id);
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
        private volatile ChildProcess worker;
        private volatile CompletableFuture<Wire> wire;
        private int failedStarts;

        Slot(int index) {
            this.index = index;
            spawn();
            thread = new Thread(this::run, "mp-pool-" + id + "-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        private void spawn() {
            wire = new CompletableFuture<>();
            byte[] task = Codec.encode(new WorkerLoop(context.pid(), id, index), "the worker loop");
            worker = ChildProcess.start(ChildProcess.nextName("PoolWorker"), true, false, task);
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
                    chunk.sink().failed(new WorkerDiedException("the pool's worker processes could not start: "
                            + worker.name() + " ended with exit code " + worker.exitCode()
                            + " before it connected (see its standard error above)"));
                    continue;
                }
                try {
                    w.send(Msg.of(Proto.W_CHUNK).blob(chunk.fn()).u8(chunk.kind()).blob(chunk.args()).str(chunk.call())
                            .i32(chunk.tasks()).bytes());
                    new Msg.Reader(w.receive()); // W_TAKEN: the worker has the chunk
                } catch (IOException | RuntimeException e) {
                    // It died before it took the chunk: the chunk goes back for the next worker,
                    // unless workers keep dying as they receive it (too large for their heap).
                    if (refused.merge(chunk, 1, Integer::sum) < MAX_FAILED_STARTS) {
                        queue.addFirst(chunk);
                    } else {
                        refused.remove(chunk);
                        chunk.sink().failed(new WorkerDiedException(MAX_FAILED_STARTS + " workers in a row died receiving "
                                + chunk.tasks() + " task(s) of " + chunk.call() + " (" + (chunk.fn().length + chunk.args().length)
                                + " bytes with what the function captures; see their standard error above)"));
                    }
                    continue;
                }
                refused.remove(chunk);
                Msg.Reader r;
                try {
                    r = new Msg.Reader(w.receive());
                } catch (IOException | RuntimeException e) {
                    if (!workerDied(chunk, w)) {
                        return;
                    }
                    continue;
                }
                deliver(chunk, r);
            }
        }

        /** The wire of a live worker, starting a new one if the last one died; null if workers cannot start. */
        private Wire connected() {
            while (true) {
                try {
                    Wire w = wire.get();
                    // An idle worker never speaks first: anything to read, or the end of the
                    // stream, means it died while idle (before its reaper may have noticed).
                    if (worker.isAlive() && !w.poll(0)) {
                        failedStarts = 0;
                        return w;
                    }
                    w.close();
                    ChildProcess dead = worker;
                    if (!dead.await(Duration.ofSeconds(2))) {
                        dead.signal(true);
                    }
                    if (!terminated) {
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
                if (terminated || failedStarts >= MAX_FAILED_STARTS || context.shuttingDown()) {
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
        private boolean workerDied(Chunk chunk, Wire w) {
            w.close();
            ChildProcess dead = worker;
            if (context.shuttingDown()) {
                return false;
            }
            if (terminated) {
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
            Recorder.event(RecordEvent.WORKER_EXIT, "pool", id, "worker", dead.pid(), "exitcode", code);
            chunk.sink().failed(new WorkerDiedException("worker " + dead.name() + " (pid " + dead.pid()
                    + ") died with exit code " + code + " while running " + chunk.tasks() + " task(s) of "
                    + chunk.call() + "; the pool has started a new worker"));
            spawn();
            return true;
        }
    }
}
