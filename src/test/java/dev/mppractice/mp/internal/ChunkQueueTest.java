package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.mppractice.mp.internal.PoolCore.Chunk;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ChunkQueue}: a chunk goes to the slot that began to wait last, and none is lost. */
@Timeout(30)
class ChunkQueueTest {
    private static Chunk chunk(String name) {
        return new Chunk(name, new byte[0], 0, new byte[0], 1, null);
    }

    /** A thread that takes one chunk, and that is waiting in {@code take} when this returns. */
    private static Taker taker(ChunkQueue q, String name) throws InterruptedException {
        Taker t = new Taker(q, name);
        t.thread.start();
        while (t.thread.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        return t;
    }

    private static final class Taker {
        final CompletableFuture<Chunk> took = new CompletableFuture<>();
        final Thread thread;

        Taker(ChunkQueue q, String name) {
            thread = new Thread(() -> {
                try {
                    took.complete(q.take());
                } catch (Throwable e) {
                    took.completeExceptionally(e);
                }
            }, name);
        }

        Chunk get() throws Exception {
            return took.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aChunkGoesToTheSlotThatBeganToWaitLast() throws Exception {
        ChunkQueue q = new ChunkQueue();
        Taker first = taker(q, "waited first");
        Taker last = taker(q, "waited last");
        Chunk a = chunk("a");
        q.add(a);
        assertSame(a, last.get());
        assertEquals(Thread.State.WAITING, first.thread.getState(), "the other slot is not woken");
        Chunk b = chunk("b");
        q.add(b);
        assertSame(b, first.get());
    }

    @Test
    void chunksAddedTogetherWakeAsManyWaitersInOrder() throws Exception {
        ChunkQueue q = new ChunkQueue();
        Taker first = taker(q, "waited first");
        Taker last = taker(q, "waited last");
        Chunk a = chunk("a");
        Chunk b = chunk("b");
        Chunk c = chunk("c");
        q.addAll(List.of(a, b, c));
        Chunk one = first.get();
        Chunk two = last.get();
        assertEquals(List.of(a, b), one == a ? List.of(one, two) : List.of(two, one), "the two oldest were taken");
        assertSame(c, q.pollFirst(), "the third waits for whoever is free next");
    }

    @Test
    void aChunkAddedFirstIsTakenFirstAndATakerFindsWhatIsQueuedWithoutWaiting() throws Exception {
        ChunkQueue q = new ChunkQueue();
        Chunk a = chunk("a");
        Chunk b = chunk("b");
        q.add(a);
        q.addFirst(b);
        assertSame(b, q.take());
        assertSame(a, q.take());
    }

    @Test
    void anInterruptedWaiterLeavesAndTheNextChunkGoesToAnother() throws Exception {
        ChunkQueue q = new ChunkQueue();
        Taker stays = taker(q, "stays");
        Taker leaves = taker(q, "leaves");
        leaves.thread.interrupt();
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, leaves.took::join);
        assertInstanceOf(InterruptedException.class, e.getCause());
        Chunk a = chunk("a");
        q.add(a);
        assertSame(a, stays.get(), "the chunk went to the slot still waiting, not to the one that left");
    }
}
