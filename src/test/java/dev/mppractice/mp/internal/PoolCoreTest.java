package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Fn1;
import dev.mppractice.mp.NoProcessLeftBehind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool's worker place (its slot thread) when the library itself goes wrong on it: what its worker held fails
 * with a message instead of leaving its caller waiting forever, and the place goes on serving with a new worker
 * (a slot thread that died left a Pool(1) with nobody to run any task, and its worker alive).
 */
@ExtendWith(NoProcessLeftBehind.class)
class PoolCoreTest {
    private PoolCore core;

    @BeforeEach
    void onePlace() {
        core = new PoolCore(Context.get(), 1);
    }

    @AfterEach
    void end() {
        core.terminate();
    }

    private static PoolCore.Chunk chunk(int x, PoolCore.Sink sink) {
        byte[] fn = Codec.encodeFunction((Fn1<Integer, Integer>) v -> v + 1, "the function");
        return new PoolCore.Chunk("map", fn, WorkerTasks.APPLY, ChunkCodec.encode(List.of(x), 0, 1, "the argument"), 1, sink);
    }

    /** A sink that completes {@code results} or {@code failure}. */
    private static PoolCore.Sink sink(CompletableFuture<List<Object>> results, CompletableFuture<RuntimeException> failure) {
        return new PoolCore.Sink() {
            @Override
            public void done(List<Object> out, long workerPid) {
                results.complete(out);
            }

            @Override
            public void failed(RuntimeException e) {
                failure.complete(e);
            }
        };
    }

    /** A sink whose done throws {@code thrown}; its failure goes to {@code failure}. */
    private static PoolCore.Sink throwing(Throwable thrown, CompletableFuture<RuntimeException> failure) {
        return new PoolCore.Sink() {
            @Override
            public void done(List<Object> out, long workerPid) {
                if (thrown instanceof RuntimeException r) throw r;
                throw (Error) thrown;
            }

            @Override
            public void failed(RuntimeException e) {
                failure.complete(e);
            }
        };
    }

    private void nextChunkStillRuns() throws Exception {
        CompletableFuture<List<Object>> next = new CompletableFuture<>();
        core.submit(List.of(chunk(2, sink(next, new CompletableFuture<>()))));
        assertEquals(List.of(3), next.get(60, TimeUnit.SECONDS), "the next chunk runs");
    }

    @Test
    void aChunkWhoseResultsCannotBeHandedOverFailsAndThePoolGoesOn() throws Exception {
        CompletableFuture<RuntimeException> failure = new CompletableFuture<>();
        core.submit(List.of(chunk(1, throwing(new IllegalStateException("the results went nowhere"), failure))));
        RuntimeException e = failure.get(60, TimeUnit.SECONDS);
        assertTrue(e.getMessage().contains("the results went nowhere"), e.getMessage());
        nextChunkStillRuns();
    }

    @Test
    void aPlaceWhoseThreadFailsFailsWhatItHeldAndServesOnWithANewWorker() throws Exception {
        CompletableFuture<RuntimeException> held = new CompletableFuture<>();
        CompletableFuture<List<Object>> second = new CompletableFuture<>();
        // The first chunk's hand-over throws an Error on the slot thread while a second one waits in the worker.
        core.submit(List.of(chunk(1, throwing(new AssertionError("a bug on the slot thread"), new CompletableFuture<>()))));
        core.submit(List.of(chunk(5, sink(second, held))));
        // The second may have run before the first's answer was read (then it is done), else it failed with the first.
        CompletableFuture.anyOf(second, held).get(60, TimeUnit.SECONDS);
        if (held.isDone()) {
            assertTrue(held.get().getMessage().contains("a bug on the slot thread"), held.get().getMessage());
        } else {
            assertEquals(List.of(6), second.get());
        }
        nextChunkStillRuns();
    }
}
