package dev.mppractice.mp.internal;

import dev.mppractice.mp.ClosedException;
import dev.mppractice.mp.ProcessException;
import dev.mppractice.mp.WorkerDiedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
 * concurrent deque shared by all of them, which hands a chunk to the slot that became free last.
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
    private static final byte[] NO_BYTES = new byte[0];
    private static final byte[] RECALL = Msg.of(Proto.W_RECALL).bytes();
    /** The most chunks a worker holds at once: one running, the others waiting in its socket. */
    private static final int MAX_IN_FLIGHT = 4;
    /**
     * A worker is handed more chunks before it answers only while all it would hold runs within
     * this time (judged by its last chunk): the longest a worker that becomes free can wait for
     * work that another one holds in reserve.
     */
    static final long PREFETCH_BUDGET_NANOS = 1_000_000;
    /** The largest chunk that may wait in a worker's socket (well below a socket's buffer). */
    private static final int MAX_PREFETCH_BYTES = 64 * 1024;

    /** Where a chunk's outcome goes. Called on a slot thread (or the owner's, for chunks that never ran). */
    public interface Sink {
        /** Results (a value, or a {@link RemoteFailure}, per task), in task order. */
        void done(List<Object> results, long workerPid);

        /** The whole chunk failed (worker died, pool terminated, cancelled while it ran). */
        void failed(RuntimeException e);

        /** True when the chunk's first task is the first of a map's (of {@code map}, {@code starmap}, {@code imap}...). */
        default boolean firstOfAMap() {
            return false;
        }
    }

    /**
     * Tasks handed to one worker at once. Compared by identity: each chunk is handed out once.
     *
     * @param prefetch true when the chunk may wait in a worker's socket while the worker runs
     *     another ({@link Slot#mayPrefetch}): for chunks that are never cancelled one by one, since a
     *     chunk in a worker's socket can no longer be taken back
     */
    public record Chunk(String call, byte[] fn, int kind, byte[] args, int tasks, Sink sink, boolean prefetch) {
        /** A chunk that is handed to a worker only once it holds nothing (it may be cancelled). */
        public Chunk(String call, byte[] fn, int kind, byte[] args, int tasks, Sink sink) {
            this(call, fn, kind, args, tasks, sink, false);
        }

        public Chunk {
            prefetch = prefetch && fn.length + args.length <= MAX_PREFETCH_BYTES;
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * A chunk handed to a worker and not answered yet: its number with that worker, whether it was
     * handed over alone ({@link Slot#alone}), and whether it was begun.
     */
    private static final class InFlight {
        final Chunk chunk;
        final int seq;
        final boolean alone;
        boolean taken;

        InFlight(Chunk chunk, int seq, boolean alone) {
            this.chunk = chunk;
            this.seq = seq;
            this.alone = alone;
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
    private final ChunkQueue queue = new ChunkQueue();
    /** Set at the first {@link #submit}: a worker ready after it has its spare successor started when it ends. */
    private volatile boolean givenWork;
    /**
     * Every worker place, all made before any of them starts its worker or its thread: a slot's thread
     * reads the others' (to take back their spare chunks), and the hub looks a connecting worker's up.
     */
    private final List<Slot> slots;
    /** Written under this object's monitor by the owner's threads; read by any thread. */
    private volatile State state = State.OPEN;
    /** The program's line that closed or terminated the pool (null: not known, or still open), for the refusal of later work. */
    private volatile String endedAt;
    /** How many workers died receiving each chunk: one that none can receive fails. Slot threads only. */
    private final Map<Chunk, Integer> refused = Collections.synchronizedMap(new IdentityHashMap<>());
    /** Slots whose worker is free and that wait for work: while any does, no worker is handed a spare chunk. */
    private final java.util.concurrent.atomic.AtomicInteger idleSlots = new java.util.concurrent.atomic.AtomicInteger();
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
        Slot[] made = new Slot[size];
        for (int i = 0; i < size; i++) {
            made[i] = new Slot(i);
        }
        slots = List.of(made);
        POOLS.put(id, this);
        context.hub();
        ChildProcess.workerBatch(size);
        for (Slot slot : slots) {
            slot.begin();
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
        State now = state;
        if (now != State.OPEN) {
            String at = endedAt == null ? "" : " at " + endedAt;
            throw new ClosedException(now == State.TERMINATED
                    ? "the pool was terminated" + at + " before this work was handed to its workers: terminate() stops the"
                            + " workers and drops the work not done; to let it finish, call close() and then join()"
                    : "the pool is closed (closed" + at + "): submit work before close() or terminate()");
        }
        givenWork = true;
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
            endedAt = Recorder.callSite();
            state = State.CLOSED;
            for (int i = 0; i < size; i++) {
                queue.add(STOP);
            }
            Recorder.event(RecordEvent.POOL_CLOSE, "pool", id, "how", "shutdown");
        }
    }

    /** {@link #shutdown()}, then waits for all of it. */
    public void close() {
        shutdown();
        join();
    }

    /** Fails every queued chunk and ends the workers now. */
    public void terminate() {
        terminate(c -> c.sink().failed(new ProcessException("the pool was terminated" + (endedAt == null ? "" : " at " + endedAt)
                + " before this task ran")));
    }

    /**
     * Takes every queued chunk away (each given to {@code neverRan}), kills the workers and waits for
     * them; the chunks they held fail. Idempotent.
     */
    public void terminate(Consumer<Chunk> neverRan) {
        List<Chunk> pending = new ArrayList<>();
        synchronized (this) {
            if (state != State.TERMINATED) {
                endedAt = Recorder.callSite();
                state = State.TERMINATED;
                queue.drainTo(pending);
                for (int i = 0; i < size; i++) {
                    queue.add(STOP);
                }
                Recorder.event(RecordEvent.POOL_CLOSE, "pool", id, "how", "terminate");
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

    /** The ids of the pools of this process not yet joined (for tests: see {@link TestAccess#openPools()}). */
    static java.util.Set<String> openIds() {
        return java.util.Set.copyOf(POOLS.keySet());
    }

    /** The pids of the workers of the pools {@code ids} now, as far as each slot has one (for tests). */
    static java.util.Set<Long> workerPids(java.util.Set<String> ids) {
        java.util.Set<Long> pids = new java.util.TreeSet<>();
        for (String id : ids) {
            PoolCore p = POOLS.get(id);
            if (p != null) {
                for (Slot s : p.slots) {
                    ChildProcess w = s.worker;
                    if (w != null) {
                        pids.add(w.pid());
                    }
                }
            }
        }
        return pids;
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
        /** This slot's thread only: the chunks handed to the current worker and not answered yet, oldest first. */
        private final ArrayDeque<InFlight> sent = new ArrayDeque<>();
        /** This slot's thread only: failures of this thread in a row that it survived ({@link #survive}). */
        private int internalFailures;
        /** This slot's thread only: workers in a row whose initializer threw, and the last failure. */
        private int initFailures;
        private RemoteFailure initFailure;
        /** This slot's thread only: chunks the current worker has answered (for maxTasksPerChild). */
        private int answered;
        /** This slot's thread only: the dead worker whose end was recorded already. */
        private ChildProcess exitRecorded;
        /** This slot's thread only: the sequence number of the last chunk handed to a worker. */
        private int sequence;
        /** The current worker holds a chunk it has not begun besides the one it runs. Guarded by this slot's monitor. */
        private boolean spare;
        /** A {@link #recall} was sent and its answer not read yet. Guarded by this slot's monitor. */
        private boolean recalling;
        /** This slot's thread only: the function the current worker was last sent (it keeps it), or null. */
        private byte[] fnAtWorker;
        /** This slot's thread only: the function of the current worker's last answered chunk, and how long that ran. */
        private byte[] lastFn;
        private long lastRunNanos;

        Slot(int index) {
            this.index = index;
            thread = new Thread(this::run, "mp-pool-" + id + "-" + index);
            thread.setDaemon(true);
        }

        /** Starts this place's first worker and the thread that feeds it. */
        void begin() {
            spawn();
            thread.start();
        }

        private void spawn() {
            synchronized (this) {
                wire = new CompletableFuture<>();
                spare = false;
                recalling = false;
            }
            answered = 0;
            fnAtWorker = null;
            lastFn = null;
            byte[] task = Codec.encode(new WorkerLoop(context.pid(), id, index, initializer), "the worker loop");
            String name = ChildProcess.nextName(context, "PoolWorker");
            worker = ChildProcess.startWorker(context, name, task, () -> givenWork);
            ChildProcess w = worker;
            Recorder.event(RecordEvent.WORKER_START, "pool", id, "worker", w.pid(), "name", name);
            CompletableFuture<Wire> f = wire;
            // A worker that ends before it connects must not leave the slot waiting.
            w.onExit().thenRun(() -> f.completeExceptionally(new IOException("worker ended before it connected")));
        }

        boolean attach(Wire w) {
            w.adaptSpin(); // this slot's thread spins for its worker's replies only while that pays
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

        /** The worker answered the chunk it held; it now holds {@code next} (or nothing). */
        private synchronized void advance(Chunk next) {
            holding = next;
            cancelled = null;
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
                while (true) {
                    try {
                        serve();
                        return;
                    } catch (ProcessException e) {
                        if (context.shuttingDown()) {
                            return; // a worker could not be replaced because this process is ending: nothing to say
                        }
                        if (!survive(e)) {
                            throw e;
                        }
                    } catch (RuntimeException | Error e) {
                        if (context.shuttingDown()) {
                            return; // its callers are ending with this process
                        }
                        if (!survive(e)) {
                            throw e;
                        }
                    }
                }
            } finally {
                ChildProcess w = worker;
                if (w != null && !context.shuttingDown()) {
                    w.await(Duration.ofSeconds(10));
                }
                slotsEnded.countDown();
            }
        }

        /**
         * After this slot's thread failed where it should not have (a bug of the library, or a worker that could not
         * be started): the chunks its worker held fail with that failure, so that their callers hear of it rather than
         * wait forever, the worker is ended, and a new one takes its place, unless the pool is terminated or this
         * keeps happening. The failure is told on standard error. True if this slot serves on.
         */
        private boolean survive(Throwable e) {
            System.err.println("mp: the pool's worker place " + index + " failed; the tasks its worker held fail with it:");
            e.printStackTrace();
            RuntimeException failure = new ProcessException("the pool's worker place " + index + " failed: " + e, e);
            for (InFlight f : sent) {
                release(f.chunk);
                Codec.discard(f.chunk.args());
                try {
                    f.chunk.sink().failed(failure);
                } catch (RuntimeException again) {
                    // nothing more can be told to that caller
                }
            }
            sent.clear();
            spare(false);
            returned();
            ChildProcess w = worker;
            if (w != null && w.isAlive()) {
                w.signal(true);
                w.await(Duration.ofSeconds(5));
            }
            if (state == State.TERMINATED || ++internalFailures >= MAX_FAILED_STARTS) {
                return false;
            }
            if (state != State.OPEN) {
                queue.add(STOP); // the stop it may have taken already, for the worker that replaces this one
            }
            try {
                spawn();
            } catch (ProcessException cannot) {
                return false;
            }
            return true;
        }

        /**
         * Hands chunks to the worker until told to stop, or until this process is ending. The chunks
         * handed over and not yet answered are {@code sent}, oldest first: the worker begins them in
         * that order, says so ({@link Proto#W_TAKEN}) and answers each before it begins the next, so
         * at most the oldest runs and the others wait in the worker for their turn. A second chunk
         * is handed over before the first is answered only while {@link #mayPrefetch} allows it:
         * while no other worker is free, and this worker's chunks are short. A worker that becomes
         * free takes back such spares from the others ({@link #recall}): work goes to whoever is free.
         */
        private void serve() {
            List<byte[]> frames = new ArrayList<>();
            boolean stopping = false;
            Wire w = null;
            while (true) {
                if (sent.isEmpty() && !awaitsReturn()) {
                    if (stopping) {
                        sendStop(w);
                        return;
                    }
                    Chunk chunk = queue.pollFirst();
                    if (chunk == null) {
                        idleSlots.incrementAndGet();
                        try {
                            for (Slot s : slots) {
                                if (s != this) {
                                    s.recall();
                                }
                            }
                            chunk = queue.take();
                        } catch (InterruptedException e) {
                            return;
                        } finally {
                            idleSlots.decrementAndGet();
                        }
                    }
                    w = connected();
                    if (w == null && context.shuttingDown()) {
                        return;
                    }
                    if (chunk == STOP) {
                        sendStop(w);
                        return;
                    }
                    if (w == null) {
                        Codec.discard(chunk.args());
                        chunk.sink().failed(cannotStart());
                        continue;
                    }
                    hold(chunk);
                    boolean alone = alone(chunk);
                    sent.add(new InFlight(chunk, ++sequence, alone));
                    frames.add(frame(chunk, sequence, alone));
                }
                while (!stopping && mayPrefetch(sent)) {
                    Chunk next = queue.pollFirst();
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        stopping = true; // sent once the chunks in hand are answered
                        break;
                    }
                    if (!next.prefetch() || next.fn() != sent.peekLast().chunk.fn()) {
                        queue.addFirst(next);
                        break;
                    }
                    // Said before looking for a free worker; a worker that becomes free says so before it looks at
                    // this: one of the two sees the other, and the chunk goes to the free worker either way.
                    spare(true);
                    if (idleSlots.get() > 0) {
                        queue.addFirst(next);
                        break;
                    }
                    sent.add(new InFlight(next, ++sequence, false));
                    frames.add(frame(next, sequence, false));
                }
                spare(sent.size() > 1);
                if (!frames.isEmpty()) {
                    try {
                        w.sendAll(frames);
                    } catch (IOException | RuntimeException e) {
                        // it died: what it said before it did is read below, then the end of its stream
                    }
                    frames.clear();
                }
                Msg.Reader r;
                try {
                    r = new Msg.Reader(w.receive());
                } catch (IOException | RuntimeException e) {
                    returned();
                    boolean goOn = lost(sent, w);
                    if (!goOn) {
                        return;
                    }
                    if (stopping) {
                        // The stop this slot took waits behind the chunks that went back to the queue.
                        stopping = false;
                        queue.add(STOP);
                    }
                    continue;
                }
                if (r.type == Proto.W_TAKEN) {
                    for (InFlight f : sent) {
                        if (!f.taken) {
                            f.taken = true;
                            refused.remove(f.chunk);
                            break;
                        }
                    }
                    failedStarts = 0;
                    initFailures = 0;
                } else if (r.type == Proto.W_RETURNED) {
                    List<Chunk> back = new ArrayList<>();
                    for (int n = r.i32(); n > 0; n--) {
                        int seq = r.i32();
                        sent.removeIf(f -> {
                            if (f.seq == seq) {
                                back.add(f.chunk);
                                return true;
                            }
                            return false;
                        });
                    }
                    for (int i = back.size() - 1; i >= 0; i--) {
                        queue.addFirst(back.get(i)); // at the front, in order, for the worker that is free
                    }
                    advance(sent.isEmpty() ? null : sent.peek().chunk);
                    returned();
                } else if (r.type == Proto.W_INIT_FAILED) {
                    // Its initializer threw before it could take the chunk: not the chunk's fault.
                    // Hanging up lets the worker end; the next connected() replaces it.
                    initFailed(r);
                    w.close();
                    returned();
                    Chunk head = sent.poll().chunk;
                    if (release(head)) {
                        head = null; // cancelled as it was handed over: it must not run again
                    }
                    requeue(head, sent);
                } else {
                    Chunk done = sent.poll().chunk;
                    advance(sent.isEmpty() ? null : sent.peek().chunk);
                    deliver(done, r);
                    if (maxTasksPerChild > 0 && ++answered >= maxTasksPerChild) {
                        recycle(w);
                    }
                }
            }
        }

        /** Whether a spare chunk may be asked back from this worker; written under this slot's monitor. */
        private synchronized void spare(boolean has) {
            spare = has;
        }

        /**
         * Called by another slot's thread whose worker is free: asks this worker to give back the
         * chunks it holds and has not begun (they go to the front of the queue for the free worker).
         */
        synchronized void recall() {
            if (spare && !recalling) {
                CompletableFuture<Wire> f = wire;
                Wire w = f.getNow(null);
                if (w != null) {
                    recalling = true;
                    try {
                        w.send(RECALL);
                    } catch (IOException e) {
                        // it died: its chunks go back to the queue when its slot finds out
                    }
                }
            }
        }

        /** True while a worker owes an answer to {@link #recall}: its slot must read it before it goes idle. */
        private synchronized boolean awaitsReturn() {
            return recalling;
        }

        private synchronized void returned() {
            recalling = false;
        }

        /**
         * The chunk as the worker reads it; its function is left out when the worker has it already.
         * {@code alone}: nothing more is sent to the worker before it answers this chunk.
         */
        private byte[] frame(Chunk chunk, int seq, boolean alone) {
            byte[] fn = chunk.fn();
            boolean known = fn == fnAtWorker;
            fnAtWorker = fn.length <= WorkerTasks.MAX_CACHED_FUNCTION ? fn : null;
            return Msg.of(Proto.W_CHUNK).i32(seq).u8(alone ? 1 : 0).blob(known ? NO_BYTES : fn).u8(chunk.kind()).blob(chunk.args()).str(chunk.call())
                    .i32(chunk.tasks()).bytes();
        }

        /**
         * Whether one more chunk may be handed to this worker before it answers those it holds: only
         * for chunks of a {@code Pool} (whose chunks are not cancelled one by one), small enough to
         * wait in the socket, with no {@code maxTasksPerChild} to count, and only while this
         * worker's last chunk of the same function ran so briefly that all it holds would run within
         * {@link #PREFETCH_BUDGET_NANOS}.
         */
        private boolean mayPrefetch(ArrayDeque<InFlight> sent) {
            if (sent.isEmpty() || sent.peekLast().alone) {
                return false;
            }
            Chunk last = sent.peekLast().chunk;
            return sent.size() < MAX_IN_FLIGHT && maxTasksPerChild == 0 && last.prefetch() && last.fn() == lastFn
                    && lastRunNanos * sent.size() < PREFETCH_BUDGET_NANOS && idleSlots.get() == 0
                    && state != State.TERMINATED;
        }

        /**
         * Whether {@code chunk}, handed to a worker that holds nothing, goes alone: this slot then
         * hands the worker nothing more (no chunk ahead, so no recall either) before it answers, and
         * the worker runs it on the thread that read it, without waking its second thread to read
         * meanwhile (a wake-up per round trip of {@code applyAsync(...).get()}). It goes alone
         * when nothing could be handed ahead behind it anyway ({@link #mayPrefetch}: the other
         * conditions do not change before its answer) or when nothing is queued now; work queued
         * while it runs waits for whichever worker becomes free first.
         */
        private boolean alone(Chunk chunk) {
            return !chunk.prefetch() || maxTasksPerChild > 0 || chunk.fn() != lastFn
                    || lastRunNanos >= PREFETCH_BUDGET_NANOS || queue.peekFirst() == null;
        }

        private void sendStop(Wire w) {
            if (w != null) {
                try {
                    w.send(Msg.of(Proto.W_STOP).bytes());
                } catch (IOException e) {
                    // already gone
                }
            }
        }

        /**
         * The worker's connection broke while it held {@code sent} (the oldest first, which it had
         * begun when {@code taken}). A chunk it had begun fails, as before; one it had not begun
         * goes back to the queue (unless workers keep dying as they receive it: too large for their
         * heap); the chunks waiting behind it go back to the front of the queue, in order, since
         * the worker never saw them. False when this process is ending.
         */
        private boolean lost(ArrayDeque<InFlight> sent, Wire w) {
            spare(false);
            if (sent.isEmpty()) {
                w.close(); // it died between chunks: the next connected() replaces it
                return true;
            }
            boolean taken = sent.peek().taken;
            Chunk head = sent.poll().chunk;
            boolean wasCancelled = release(head);
            if (taken) {
                requeue(null, sent);
                return workerDied(head, w, wasCancelled);
            }
            if (wasCancelled) {
                requeue(null, sent); // cancelled as it was handed over: it must not run again
                return true;
            }
            // It died before it took the chunk: the chunk goes back for the next worker,
            // unless workers keep dying as they receive it (too large for their heap).
            if (refused.merge(head, 1, Integer::sum) < MAX_FAILED_STARTS) {
                requeue(head, sent);
            } else {
                refused.remove(head);
                requeue(null, sent);
                Codec.discard(head.args());
                head.sink().failed(new WorkerDiedException(MAX_FAILED_STARTS + " workers in a row died receiving "
                        + head.tasks() + " task(s) of " + head.call() + " (" + (head.fn().length + head.args().length)
                        + " bytes with what the function captures; see their standard error above)"));
            }
            return true;
        }

        /**
         * Puts chunks no worker began back at the front of the queue, {@code first} (if any) first,
         * then {@code rest} in order; once the pool is terminated they fail as never run instead.
         */
        private void requeue(Chunk first, ArrayDeque<InFlight> rest) {
            List<Chunk> back = new ArrayList<>();
            if (first != null) {
                back.add(first);
            }
            for (InFlight f : rest) {
                back.add(f.chunk);
            }
            rest.clear();
            if (state == State.TERMINATED || context.shuttingDown()) {
                if (!context.shuttingDown()) {
                    for (Chunk c : back) {
                        Codec.discard(c.args());
                        c.sink().failed(new ProcessException("the pool was terminated before this task ran"));
                    }
                }
                return;
            }
            for (int i = back.size() - 1; i >= 0; i--) {
                queue.addFirst(back.get(i));
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
            byte[] bytes = r.blob();
            lastRunNanos = r.i64();
            lastFn = chunk.fn();
            Object payload;
            try {
                payload = status == 0 ? ChunkCodec.decode(bytes) : Codec.decode(bytes);
            } catch (RuntimeException e) {
                chunk.sink().failed(e); // a result this process cannot read back (its class is missing here)
                record(chunk, pid, false);
                return;
            }
            if (status != 0) {
                chunk.sink().failed(Canary.failure((RemoteFailure) payload).toException());
                record(chunk, pid, false);
                return;
            }
            @SuppressWarnings("unchecked")
            List<Object> received = (List<Object>) payload;
            List<Object> results = Canary.ON ? Canary.receivedAll(received, chunk.sink().firstOfAMap()) : received;
            boolean ok = true;
            if (!ChunkCodec.onlyInts(results)) {
                for (Object o : results) {
                    ok &= !(o instanceof RemoteFailure);
                }
            }
            record(chunk, pid, ok);
            try {
                chunk.sink().done(results, pid);
            } catch (RuntimeException e) {
                // the library's own hand-over went wrong: its caller hears of it, and this slot serves on
                chunk.sink().failed(new ProcessException("the results of " + chunk.call() + " could not be handed over: " + e, e));
            }
            internalFailures = 0;
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
