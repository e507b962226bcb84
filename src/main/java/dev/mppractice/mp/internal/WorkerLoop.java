package dev.mppractice.mp.internal;

import dev.mppractice.mp.Args;
import dev.mppractice.mp.Fn1;
import dev.mppractice.mp.Fn2;
import dev.mppractice.mp.Fn3;
import dev.mppractice.mp.SerializationFailedException;
import dev.mppractice.mp.Task;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * What a pool worker runs: it connects to its pool, runs the pool's initializer if it has one,
 * then carries out chunks of tasks until it is told to stop or its pool goes away. Each result (or
 * the failure of each task) goes back in order; a result that cannot be serialized fails that task
 * alone. An initializer that throws is reported to the pool ({@link Proto#W_INIT_FAILED}) and then
 * ends the worker as an uncaught exception does (printed on its standard error, exit code 1).
 */
public final class WorkerLoop implements Task {
    private static final long serialVersionUID = 1L;


    /** Says the chunk arrived: a worker that dies before saying so did not hold it. */
    private static final byte[] TAKEN = Msg.of(Proto.W_TAKEN).bytes();

    private final long owner;
    private final String poolId;
    private final int slot;
    /** The pool's initializer (a serialized {@code Task}), or null. */
    private final byte[] initializer;

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

    /** In a worker's inbox: the pool said stop, or is gone. */
    private static final Object END = new Object();

    @Override
    public void run() throws Exception {
        Wire wire = Context.get().peers().open(owner, Msg.of(Proto.HELLO_WORKER).str(poolId).i32(slot).bytes());
        if (initializer != null) {
            initialize(wire);
        }
        // The chunks handed to this worker and not begun. A thread of its own reads them as they come,
        // so that it can give back those not begun when the pool asks (another worker is free).
        LinkedBlockingDeque<Object> inbox = new LinkedBlockingDeque<>();
        Thread reader = new Thread(() -> read(wire, inbox), "mp-worker-inbox");
        reader.setDaemon(true);
        reader.start();
        Map<ByteBuffer, Object> cache = newCache();
        // The function of the last chunk (or what decoding it threw): a chunk without function bytes reuses it.
        Object lastFn = null;
        Object next = null;
        boolean takenSaid = false;
        while (true) {
            if (next == null) {
                next = inbox.take();
            }
            if (next == END) {
                return;
            }
            Msg.Reader m = ((Numbered) next).chunk();
            next = null;
            if (!takenSaid) {
                wire.send(TAKEN);
            }
            long started = System.nanoTime();
            byte[] fnBytes = m.blob();
            int kind = m.u8();
            byte[] argBytes = m.blob();
            // The chunk as a span of the run record, so that tasks running at once can be seen.
            long span = Recorder.begin(RecordEvent.CHUNK_BEGIN, "pool", poolId, "call", m.str(), "tasks", m.i32());
            m = null; // the message's bytes are copied out: with a large capture, every copy counts
            byte[] answer;
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
                answer = run(lastFn, kind, (List<?>) Codec.decode(argBytes), span, started);
                if (large) {
                    lastFn = null; // no copy of a large capture is kept between chunks (the pool sends it each time)
                }
            } catch (Throwable t) {
                Recorder.end(RecordEvent.CHUNK_END, span, "ok", false);
                answer = Msg.of(Proto.W_RESULT).u8(1).blob(Codec.encode(RemoteFailure.of(t), "an exception"))
                        .i64(System.nanoTime() - started).bytes();
            }
            argBytes = null;
            // The next chunk may be here already (the pool hands short chunks ahead): saying it is begun
            // in the same write as this answer saves the pool a wake-up.
            next = inbox.poll();
            takenSaid = next != null && next != END;
            if (takenSaid) {
                wire.sendAll(List.of(answer, TAKEN));
            } else {
                wire.send(answer);
            }
        }
    }

    /**
     * The inbox's reader: chunks go to the inbox in order; a recall takes back those still there and
     * tells the pool their numbers; a stop, or the end of the connection, ends it.
     */
    private static void read(Wire wire, LinkedBlockingDeque<Object> inbox) {
        try {
            while (true) {
                Msg.Reader m = new Msg.Reader(wire.receive());
                if (m.type == Proto.W_CHUNK) {
                    inbox.add(new Numbered(m.i32(), m));
                } else if (m.type == Proto.W_RECALL) {
                    List<Object> back = new ArrayList<>();
                    inbox.drainTo(back);
                    Msg answer = Msg.of(Proto.W_RETURNED).i32(back.size());
                    for (Object o : back) {
                        answer.i32(((Numbered) o).seq);
                    }
                    wire.send(answer.bytes());
                } else {
                    break; // W_STOP
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the pool is gone
        }
        inbox.add(END);
    }

    /** A chunk in the inbox, with its number. */
    private record Numbered(int seq, Msg.Reader chunk) {
    }

    /** What decoding a function threw: every chunk that reuses it fails the same way. */
    private record Failed(Throwable error) {
    }

    /** Runs a chunk's tasks and makes the answer: each result (or failure) in order, and the time taken. */
    private static byte[] run(Object fn, int kind, List<?> items, long span, long started) {
        List<Object> results = new ArrayList<>(items.size());
        boolean ok = true;
        for (Object item : items) {
            try {
                results.add(apply(fn, kind, item));
            } catch (Throwable t) {
                results.add(RemoteFailure.of(t));
                ok = false;
            }
        }
        Recorder.end(RecordEvent.CHUNK_END, span, "ok", ok);
        byte[] encoded = encodeResults(results);
        return Msg.of(Proto.W_RESULT).u8(0).blob(encoded).i64(System.nanoTime() - started).bytes();
    }

    /** Runs the pool's initializer once, before the first task; a failure is told to the pool, then thrown. */
    private void initialize(Wire wire) throws Exception {
        try {
            ((Task) Codec.decode(initializer)).run();
        } catch (Throwable t) {
            Recorder.event(RecordEvent.POOL_INIT, "pool", poolId, "ok", false);
            try {
                wire.send(Msg.of(Proto.W_INIT_FAILED).blob(Codec.encode(RemoteFailure.of(t), "an exception")).bytes());
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

    private static byte[] encodeResults(List<Object> results) {
        try {
            return Codec.encode(results, "a result");
        } catch (SerializationFailedException whole) {
            // Find the culprits: each result that cannot travel fails its own task.
            List<Object> safe = new ArrayList<>(results.size());
            for (Object r : results) {
                try {
                    Codec.encode(r, "a result");
                    safe.add(r);
                } catch (SerializationFailedException e) {
                    safe.add(RemoteFailure.of(new SerializationFailedException(
                            "cannot send the result back from the worker: " + e.getMessage().replaceFirst("^cannot send a result to another process: ", ""))));
                }
            }
            return Codec.encode(safe, "a result");
        }
    }
}
