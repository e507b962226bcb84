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

    WorkerLoop(long owner, String poolId, int slot, byte[] initializer) {
        this.owner = owner;
        this.poolId = poolId;
        this.slot = slot;
        this.initializer = initializer;
    }

    /**
     * Functions whose bytes are larger are not cached: they are decoded anew for each chunk (their
     * bytes came with it anyway), so that a worker keeps no copy of a large capture between chunks.
     */
    private static final int MAX_CACHED_FUNCTION = 1 << 20;

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
        if (initializer != null) {
            initialize(wire, where);
        }
        Map<ByteBuffer, Object> cache = newCache();
        while (true) {
            Msg.Reader m;
            try {
                m = new Msg.Reader(wire.receive());
            } catch (EOFException e) {
                return; // the pool is gone
            }
            if (m.type == Proto.W_STOP) {
                return;
            }
            wire.send(TAKEN);
            byte[] fnBytes = m.blob();
            int kind = m.u8();
            byte[] argBytes = m.blob();
            // The chunk as a span of the run record, so that tasks running at once can be seen.
            long span = Recorder.begin(RecordEvent.CHUNK_BEGIN, "pool", poolId, "call", m.str(), "tasks", m.i32());
            m = null; // the message's bytes are copied out: with a large capture, every copy counts
            List<Object> results = new ArrayList<>();
            Object fn;
            List<?> items;
            try {
                fn = fnBytes.length > MAX_CACHED_FUNCTION ? Codec.decode(fnBytes)
                        : cache.computeIfAbsent(ByteBuffer.wrap(fnBytes), k -> Codec.decode(k.array()));
                fnBytes = null;
                items = (List<?>) Codec.decode(argBytes);
                argBytes = null;
            } catch (Throwable t) {
                Recorder.end(RecordEvent.CHUNK_END, span, "ok", false);
                wire.send(Msg.of(Proto.W_RESULT).u8(1).blob(Codec.encode(RemoteFailure.of(t, where), "an exception")).bytes());
                continue;
            }
            boolean ok = true;
            for (Object item : items) {
                try {
                    results.add(apply(fn, kind, item));
                } catch (Throwable t) {
                    results.add(RemoteFailure.of(t, where));
                    ok = false;
                }
            }
            Recorder.end(RecordEvent.CHUNK_END, span, "ok", ok);
            wire.send(Msg.of(Proto.W_RESULT).u8(0).blob(encodeResults(results, where)).bytes());
        }
    }

    /** Runs the pool's initializer once, before the first task; a failure is told to the pool, then thrown. */
    private void initialize(Wire wire, String where) throws Exception {
        try {
            ((Task) Codec.decode(initializer)).run();
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
            return Codec.encode(results, "a result");
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
