package dev.mppractice.mp.internal;

import dev.mppractice.mp.Args;
import dev.mppractice.mp.Fn1;
import dev.mppractice.mp.Fn2;
import dev.mppractice.mp.Fn3;
import dev.mppractice.mp.SerializationFailedException;
import dev.mppractice.mp.Task;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pool worker runs: it connects to its pool, runs the pool's initializer if it has one,
 * then carries out chunks of tasks until it is told to stop or its pool goes away. Each result (or
 * the failure of each task) goes back in order; a result that cannot be serialized fails that task
 * alone. An initializer that throws is reported to the pool ({@link Proto#W_INIT_FAILED}) and then
 * ends the worker as an uncaught exception does (printed on its standard error, exit code 1).
 */
public final class WorkerLoop implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    /** Says the chunk arrived: a worker that dies before saying so did not hold it. */
    private static final byte[] TAKEN = Msg.of(Proto.W_TAKEN).bytes();

    private final long owner;
    private final String poolId;
    private final int slot;
    /** The pool's initializer (a serialized {@code Task}), or null. */
    private final byte[] initializer;

    /** The id of the pool this worker serves, as the pool's events in the run record name it. */
    String poolId() {
        return poolId;
    }

    WorkerLoop(long owner, String poolId, int slot, byte[] initializer) {
        this.owner = owner;
        this.poolId = poolId;
        this.slot = slot;
        this.initializer = initializer;
    }

    /** Deserialized functions by their bytes: a map of 10,000 tasks deserializes its lambda once. */
    private static Map<ByteBuffer, Object> newCache() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Object> eldest) {
                return size() > 64;
            }
        };
    }

    /**
     * Runs the worker in its child JVM, reaching its pool through {@code peers}; failures say they
     * were thrown {@code where} ({@link RemoteFailure#where}).
     */
    void run(Peers peers, String where) throws Exception {
        Wire wire = peers.open(owner, Msg.of(Proto.HELLO_WORKER).str(poolId).i32(slot).bytes());
        wire.adaptSpin(); // the reader spins for the pool's next chunk only while that pays
        if (initializer != null) {
            initialize(wire, where);
        }
        Turns turns = new Turns(wire, poolId, where);
        Thread second = new Thread(() -> {
            try {
                turns.work();
            } catch (Throwable t) {
                turns.fail(t);
            }
        }, "mp-pool-worker-2");
        second.setDaemon(true);
        second.start();
        try {
            turns.work();
        } catch (Throwable t) {
            turns.fail(t);
        }
        turns.awaitEnd();
    }

    /**
     * The two threads of a worker, taking turns (leader and followers): one reads the pool's
     * messages while the other runs a chunk, so that a chunk handed ahead waits here, where it can
     * be given back when the pool asks for it ({@link Proto#W_RECALL}: another worker is free); the
     * thread that reads a chunk while none runs runs it itself (no hand-over between threads on the
     * way from the socket to the task), and the other thread becomes the reader. A chunk the pool
     * sent alone needs no reader while it runs: the thread that read it runs it and reads on, and
     * the other thread sleeps through (one wake-up fewer per round trip).
     */
    private static final class Turns {
        private final Wire wire;
        private final String poolId;
        private final String where;
        /** Chunks read and not begun, oldest first. Guarded by this object's monitor, as the flags below. */
        private final ArrayDeque<Numbered> inbox = new ArrayDeque<>();
        private boolean reading;
        private boolean running;
        private boolean ended;
        private Throwable failure;
        /** Only the thread running a chunk touches these (the monitor passes them from one thread to the other). */
        private final Map<ByteBuffer, Object> cache = newCache();
        /** The function of the last chunk (or what decoding it threw): a chunk without function bytes reuses it. */
        private Object lastFn;

        Turns(Wire wire, String poolId, String where) {
            this.wire = wire;
            this.poolId = poolId;
            this.where = where;
        }

        /** Reads or runs, in turns with the other thread, until the pool says stop or is gone. */
        void work() throws Exception {
            // This thread's chunks' sleeps and waits in the JDK, which no library call records (SleepWatch).
            SleepWatch.Watched watched = SleepWatch.watchIdle(Thread.currentThread());
            try {
                work(watched);
            } finally {
                watched.end();
            }
        }

        private void work(SleepWatch.Watched watched) throws Exception {
            while (true) {
                Numbered chunk = null;
                boolean read = false;
                synchronized (this) {
                    while (chunk == null && !read && !ended) {
                        if (!running && !inbox.isEmpty()) {
                            chunk = inbox.poll();
                            running = true;
                        } else if (!reading) {
                            reading = true;
                            read = true;
                        } else {
                            wait();
                        }
                    }
                    if (ended) {
                        return;
                    }
                }
                if (read) {
                    chunk = read();
                    while (chunk != null && chunk.alone()) {
                        runFrom(chunk, watched);
                        chunk = read(); // this thread stayed the reader
                    }
                }
                if (chunk != null) {
                    runFrom(chunk, watched);
                }
            }
        }

        /**
         * Reads the pool's messages until one is a chunk this thread is to run (returned), or the
         * pool said stop or is gone (null). A chunk that came alone (the pool sends nothing more
         * before its answer, so there is nothing to read meanwhile) is run by this thread as the
         * reader: the other thread is not woken for it.
         */
        private Numbered read() throws Exception {
            while (true) {
                Msg.Reader m;
                try {
                    m = new Msg.Reader(wire.receive());
                } catch (java.io.IOException | RuntimeException e) {
                    m = null; // the pool is gone
                }
                byte[] answer = null;
                synchronized (this) {
                    if (m != null && m.type == Proto.W_CHUNK) {
                        Numbered c = new Numbered(m.i32(), m.u8() != 0, m);
                        if (!running && c.alone()) {
                            running = true;
                            return c;
                        }
                        if (!running) {
                            running = true;
                            reading = false;
                            notifyAll(); // the other thread reads now
                            return c;
                        }
                        inbox.add(c);
                    } else if (m != null && m.type == Proto.W_RECALL) {
                        Msg back = Msg.of(Proto.W_RETURNED).i32(inbox.size());
                        for (Numbered c : inbox) {
                            back.i32(c.seq());
                        }
                        inbox.clear();
                        answer = back.bytes();
                    } else {
                        ended = true; // W_STOP, or the end of the connection
                        reading = false;
                        notifyAll();
                        return null;
                    }
                }
                if (answer != null) {
                    wire.send(answer);
                }
            }
        }

        /**
         * Runs {@code chunk}, then every chunk waiting in the inbox, each answer with the next one's
         * "taken" when the next was here already (one write, one wake-up of the pool). This thread
         * stays the one running until its last answer is written, so that the other thread's
         * answers never overtake it: the pool matches answers to chunks by their order.
         */
        private void runFrom(Numbered chunk, SleepWatch.Watched watched) throws Exception {
            wire.send(TAKEN);
            while (chunk != null) {
                byte[] answer = runChunk(chunk.chunk(), watched);
                Numbered next;
                synchronized (this) {
                    next = ended ? null : inbox.poll();
                }
                if (next != null) {
                    wire.sendAll(List.of(answer, TAKEN));
                    chunk = next;
                    continue;
                }
                wire.send(answer);
                synchronized (this) {
                    chunk = ended ? null : inbox.poll();
                    if (chunk == null) {
                        running = false;
                        if (ended) {
                            notifyAll(); // awaitEnd; otherwise nobody waits for this (the inbox is empty)
                        }
                    }
                }
                if (chunk != null) {
                    wire.send(TAKEN);
                }
            }
        }

        private byte[] runChunk(Msg.Reader m, SleepWatch.Watched watched) {
            long started = System.nanoTime();
            byte[] fnBytes = m.blob();
            int kind = m.u8();
            byte[] argBytes = m.blob();
            // The chunk as a span of the run record, so that tasks running at once can be seen.
            long span = Recorder.begin(RecordEvent.CHUNK_BEGIN, "pool", poolId, "call", m.str(), "tasks", m.i32());
            m = null; // the message's bytes are copied out: with a large capture, every copy counts
            try {
                if (fnBytes.length == 0) {
                    if (lastFn instanceof Failed f) {
                        throw f.error;
                    }
                } else if (fnBytes.length > WorkerTasks.MAX_CACHED_FUNCTION) {
                    lastFn = null;
                    lastFn = Codec.decode(fnBytes);
                } else {
                    try {
                        lastFn = cache.computeIfAbsent(ByteBuffer.wrap(fnBytes), k -> Codec.decode(k.array()));
                    } catch (Throwable t) {
                        lastFn = new Failed(t);
                        throw t;
                    }
                }
                boolean large = fnBytes.length > WorkerTasks.MAX_CACHED_FUNCTION;
                fnBytes = null;
                byte[] answer = run(lastFn, kind, ChunkCodec.decode(argBytes), span, started, where, watched);
                if (large) {
                    lastFn = null; // no copy of a large capture is kept between chunks (the pool sends it each time)
                }
                return answer;
            } catch (Throwable t) {
                endFailed(span, t);
                return Msg.of(Proto.W_RESULT).u8(1).blob(Codec.encode(RemoteFailure.of(t, where), "an exception"))
                        .i64(System.nanoTime() - started).bytes();
            }
        }

        /** A thread met an exception of its own (a write to a pool that is gone): the worker ends. */
        synchronized void fail(Throwable t) {
            if (failure == null) {
                failure = t;
            }
            ended = true;
            running = false;
            reading = false;
            notifyAll();
        }

        /** Waits until no chunk runs any more; rethrows what ended a thread, if anything did. */
        synchronized void awaitEnd() throws Exception {
            while (running) {
                wait();
            }
            if (failure instanceof Exception e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }

    /** A chunk read from the pool, with its number, and whether it came alone ({@code PoolCore}'s {@code Slot.alone}). */
    private record Numbered(int seq, boolean alone, Msg.Reader chunk) {
    }

    /** What decoding a function threw: every chunk that reuses it fails the same way. */
    private record Failed(Throwable error) {
    }

    /** Runs a chunk's tasks and makes the answer: each result (or failure) in order, and the time taken. */
    private static byte[] run(Object fn, int kind, List<?> items, long span, long started, String where,
            SleepWatch.Watched watched) {
        List<Object> results = new ArrayList<>(items.size());
        Throwable failed = null;
        watched.enter();
        for (Object item : items) {
            try {
                results.add(apply(fn, kind, item));
            } catch (Throwable t) {
                results.add(RemoteFailure.of(t, where));
                failed = failed == null ? t : failed;
            }
        }
        watched.leave(); // the chunk's sleep ends before the chunk does
        if (failed == null) {
            Recorder.end(RecordEvent.CHUNK_END, span, "ok", true);
        } else {
            endFailed(span, failed);
        }
        byte[] encoded = encodeResults(results, where);
        return Msg.of(Proto.W_RESULT).u8(0).blob(encoded).i64(System.nanoTime() - started).bytes();
    }

    /**
     * Ends a chunk's span as failed, with how its first failing task threw (the record's {@code error}, {@code message},
     * {@code at}): a run stuck on a latch that only callbacks count down is told which task failed, and where.
     */
    private static void endFailed(long span, Throwable t) {
        if (span != 0) {
            Recorder.end(RecordEvent.CHUNK_END, span, Recorder.failureFields(t, "ok", false));
        }
    }

    /** Runs the pool's initializer once, before the first task; a failure is told to the pool, then thrown. */
    private void initialize(Wire wire, String where) throws Exception {
        try {
            Task init = (Task) Codec.decode(initializer);
            SleepWatch.Watched watched = SleepWatch.watch(Thread.currentThread());
            try {
                init.run();
            } finally {
                watched.end();
            }
        } catch (Throwable t) {
            Recorder.event(RecordEvent.POOL_INIT, "pool", poolId, "ok", false);
            try {
                wire.send(Msg.of(Proto.W_INIT_FAILED).blob(Codec.encode(RemoteFailure.of(t, where), "an exception")).bytes());
                // Ends only once the pool has read it and hung up (or after a while): a worker that ended
                // first could leave the pool thinking it never started, without knowing why.
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < deadline) {
                    wire.receive(deadline - System.nanoTime());
                }
            } catch (java.io.IOException e) {
                // the pool hung up (or is gone); the exception is printed as this worker ends
            }
            if (t instanceof Exception e) {
                throw e;
            }
            throw (Error) t;
        }
        Recorder.event(RecordEvent.POOL_INIT, "pool", poolId, "ok", true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object apply(Object fn, int kind, Object item) throws Exception {
        return switch (kind) {
            case WorkerTasks.CALL -> ((java.util.concurrent.Callable) fn).call();
            case WorkerTasks.RUN -> {
                ((Runnable) fn).run();
                yield null;
            }
            case WorkerTasks.APPLY -> ((Fn1) fn).apply(item);
            case WorkerTasks.STAR2 -> {
                Args.Two a = (Args.Two) item;
                yield ((Fn2) fn).apply(a.a(), a.b());
            }
            case WorkerTasks.STAR3 -> {
                Args.Three a = (Args.Three) item;
                yield ((Fn3) fn).apply(a.a(), a.b(), a.c());
            }
            default -> throw new IllegalStateException("unknown task kind " + kind);
        };
    }

    private static byte[] encodeResults(List<Object> results, String where) {
        try {
            return ChunkCodec.encode(results, 0, results.size(), "a result");
        } catch (SerializationFailedException whole) {
            // Find the culprits: each result that cannot travel fails its own task.
            List<Object> safe = new ArrayList<>(results.size());
            for (Object r : results) {
                try {
                    Codec.discard(Codec.encode(r, "a result")); // a probe: only the list below is sent
                    safe.add(r);
                } catch (SerializationFailedException e) {
                    safe.add(RemoteFailure.of(new SerializationFailedException(
                            "cannot send the result back from the worker: " + e.getMessage().replaceFirst("^cannot send a result to another process: ", "")),
                            where));
                }
            }
            return Codec.encode(safe, "a result");
        }
    }
}
