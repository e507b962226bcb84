package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.pattern;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** SEMANTICS.md 19-25: {@link Queue} between real processes. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest {

    /** Runs {@code task} in a child and waits for it to end with exit code 0. */
    private static void inChild(Task task) {
        Process p = new Process(task);
        p.start();
        p.join(secs(60));
        assertFalse(p.isAlive(), "the child did not end within 60 s");
        assertEquals(0, p.exitCode(), "the child failed (see its stack trace above)");
    }

    /** What a child saw: an exception's class and message, and how long the call took. */
    record Outcome(String exception, String message, long millis) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        static Outcome of(Task call) {
            long t0 = System.nanoTime();
            try {
                call.run();
                return new Outcome("none", null, millisSince(t0));
            } catch (Exception e) {
                return new Outcome(e.getClass().getName(), e.getMessage(), millisSince(t0));
            }
        }
    }

    // --- 19 --------------------------------------------------------------------------------

    @Test
    void getWithTimeoutOnAnEmptyQueueThrowsEmptyAfterNoLessThanTheTimeout() {
        Queue<String> q = new Queue<>();
        long t0 = System.nanoTime();
        EmptyQueueException e = assertThrowsExactly(EmptyQueueException.class, () -> q.get(ms(300)));
        long took = millisSince(t0);
        assertTrue(e.getClass().getSimpleName().contains("Empty"));
        assertTrue(took >= 300 && took < 3_000, "get(300 ms) gave up after " + took + " ms");

        // the same from another process, on the parent's queue
        Queue<Outcome> seen = new Queue<>();
        inChild(() -> seen.put(Outcome.of(() -> q.get(ms(300)))));
        Outcome remote = seen.get(secs(10));
        assertEquals(EmptyQueueException.class.getName(), remote.exception());
        assertTrue(remote.millis() >= 300 && remote.millis() < 3_000, "in the child, get(300 ms) gave up after " + remote.millis() + " ms");
    }

    @Test
    void getNowaitOnAnEmptyQueueThrowsEmptyAtOnce() {
        Queue<String> q = new Queue<>();
        long t0 = System.nanoTime();
        assertThrowsExactly(EmptyQueueException.class, q::getNowait);
        assertTrue(millisSince(t0) < 1_000, millisSince(t0) + " ms");

        Queue<Outcome> seen = new Queue<>();
        inChild(() -> seen.put(Outcome.of(q::getNowait)));
        Outcome remote = seen.get(secs(10));
        assertEquals(EmptyQueueException.class.getName(), remote.exception());
        assertTrue(remote.millis() < 1_000, "in the child, getNowait() took " + remote.millis() + " ms");
    }

    // --- 20 --------------------------------------------------------------------------------

    @Test
    void putWithATimeoutOnAFullBoundedQueueThrowsFull() {
        Queue<Integer> q = new Queue<>(2);
        q.put(1);
        q.put(2, ms(100));
        long t0 = System.nanoTime();
        FullQueueException e = assertThrowsExactly(FullQueueException.class, () -> q.put(3, ms(300)));
        long took = millisSince(t0);
        assertTrue(e.getClass().getSimpleName().contains("Full"));
        assertTrue(took >= 300 && took < 3_000, "put(300 ms) gave up after " + took + " ms");
        assertThrowsExactly(FullQueueException.class, () -> q.putNowait(4));
        assertEquals(2, q.qsize());

        // the same from another process, on the parent's queue
        Queue<Outcome> seen = new Queue<>();
        inChild(() -> {
            seen.put(Outcome.of(() -> q.put(5, ms(300))));
            seen.put(Outcome.of(() -> q.putNowait(6)));
        });
        Outcome timed = seen.get(secs(10));
        Outcome nowait = seen.get(secs(10));
        assertEquals(FullQueueException.class.getName(), timed.exception());
        assertTrue(timed.millis() >= 300 && timed.millis() < 3_000, "in the child, put(300 ms) gave up after " + timed.millis() + " ms");
        assertEquals(FullQueueException.class.getName(), nowait.exception());
        assertEquals(List.of(1, 2), List.of(q.get(ms(0)), q.get(ms(0))), "nothing else got in");
        assertThrowsExactly(EmptyQueueException.class, q::getNowait);
    }

    @Test
    void aPutOnAFullQueueWaitsForRoomMadeByAnotherProcess() {
        Queue<Integer> q = new Queue<>(1);
        q.put(1);
        Process taker = new Process(() -> {
            Thread.sleep(300);
            q.get();
        });
        taker.start();
        q.put(2, secs(30)); // room is made by the child
        taker.join(secs(30));
        assertEquals(0, taker.exitCode());
        assertEquals(2, q.get(ms(0)));
    }

    // --- 21 --------------------------------------------------------------------------------

    @Test
    void qsizeAndIsEmptyAgreeWithWhatWasPutAndTaken() {
        Queue<String> q = new Queue<>();
        assertEquals(0, q.qsize());
        assertTrue(q.isEmpty());
        q.put("a");
        q.put("b");
        q.put("c");
        assertEquals(3, q.qsize());
        assertFalse(q.isEmpty());
        assertEquals("a", q.get());
        assertEquals(2, q.qsize());

        // another process sees the same count, and takes one
        Queue<List<Integer>> seen = new Queue<>();
        inChild(() -> {
            int before = q.qsize();
            boolean empty = q.isEmpty();
            q.get();
            seen.put(new ArrayList<>(List.of(before, empty ? 1 : 0, q.qsize())));
        });
        assertEquals(List.of(2, 0, 1), seen.get(secs(10)));
        assertEquals(1, q.qsize());
        assertEquals("c", q.get());
        assertTrue(q.isEmpty());
    }

    // --- 22 --------------------------------------------------------------------------------

    @Test
    void usingAClosedQueueThrows() {
        Queue<String> q = new Queue<>();
        q.put("kept");
        q.close();
        assertThrowsExactly(ClosedException.class, () -> q.put("x"));
        assertThrowsExactly(ClosedException.class, () -> q.get());
        assertThrowsExactly(ClosedException.class, () -> q.get(ms(10)));
        assertThrowsExactly(ClosedException.class, q::getNowait);
        assertThrowsExactly(ClosedException.class, q::qsize);
    }

    @Test
    void aQueueClosedInAChildThrowsThereAndStillWorksForTheOtherProcesses() {
        Queue<String> q = new Queue<>();
        Queue<Outcome> seen = new Queue<>();
        inChild(() -> {
            q.put("before close");
            q.close();
            seen.put(Outcome.of(() -> q.put("after close")));
            seen.put(Outcome.of(() -> q.get(ms(10))));
        });
        assertEquals(ClosedException.class.getName(), seen.get(secs(10)).exception());
        assertEquals(ClosedException.class.getName(), seen.get(secs(10)).exception());
        assertEquals("before close", q.get(secs(10)), "items put before close() are delivered");
        q.put("still open here");
        assertEquals("still open here", q.get(ms(0)));
    }

    // --- 23 --------------------------------------------------------------------------------

    /** Cannot be serialized. */
    static final class Opaque {
        @Override
        public String toString() {
            return "opaque";
        }
    }

    @Test
    void anItemThatCannotBeSerializedFailsThePutInTheCallerAndTheQueueKeepsWorking() {
        Queue<Object> q = new Queue<>();
        SerializationFailedException e = assertThrowsExactly(SerializationFailedException.class, () -> q.put(new Opaque()));
        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());
        assertEquals(0, q.qsize());
        List<Object> nested = new ArrayList<>(List.of("fine", new Opaque()));
        assertThrowsExactly(SerializationFailedException.class, () -> q.put(nested), "an unserializable element of a list");
        q.put("next");
        assertEquals("next", q.get(ms(0)));

        // from a child, the put that was given the item fails there, at once
        Queue<Outcome> seen = new Queue<>();
        inChild(() -> {
            seen.put(Outcome.of(() -> q.put(new Opaque())));
            q.put("after the failed put");
        });
        Outcome remote = seen.get(secs(10));
        assertEquals(SerializationFailedException.class.getName(), remote.exception());
        assertTrue(remote.message().contains(Opaque.class.getName()), remote.message());
        assertTrue(remote.millis() < 2_000, remote.millis() + " ms");
        assertEquals("after the failed put", q.get(secs(10)));
        assertThrowsExactly(EmptyQueueException.class, q::getNowait);
    }

    // --- 24 --------------------------------------------------------------------------------

    @Test
    void manyProducersInDifferentProcessesKeepPerProducerFifoAndLoseNothing() {
        int producers = 4;
        int each = 2_500;
        Queue<Integer> q = new Queue<>();
        List<Process> ps = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            ps.add(new Process(() -> {
                for (int i = 0; i < each; i++) {
                    q.put(id * 1_000_000 + i);
                }
            }));
        }
        ps.forEach(Process::start);
        Map<Integer, List<Integer>> byProducer = new TreeMap<>();
        for (int n = 0; n < producers * each; n++) {
            int item = q.get(secs(30));
            byProducer.computeIfAbsent(item / 1_000_000, k -> new ArrayList<>()).add(item % 1_000_000);
        }
        for (Process p : ps) {
            p.join(secs(30));
            assertEquals(0, p.exitCode());
        }
        List<Integer> expected = IntStream.range(0, each).boxed().collect(Collectors.toList());
        assertEquals(Set.of(0, 1, 2, 3), byProducer.keySet());
        for (Map.Entry<Integer, List<Integer>> e : byProducer.entrySet()) {
            assertEquals(expected, e.getValue(), "the items of producer " + e.getKey() + ", in the order they came");
        }
        assertThrowsExactly(EmptyQueueException.class, () -> q.get(ms(200)), "nothing duplicated");
    }

    @Test
    void manyConsumersInDifferentProcessesShareTheItemsWithoutLossOrDuplication() {
        int consumers = 3;
        int items = 3_000;
        Queue<Integer> work = new Queue<>();
        Queue<List<Integer>> taken = new Queue<>();
        List<Process> ps = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            ps.add(new Process(() -> {
                ArrayList<Integer> mine = new ArrayList<>();
                for (int item = work.get(); item >= 0; item = work.get()) {
                    mine.add(item);
                }
                taken.put(mine);
            }));
        }
        ps.forEach(Process::start);
        for (int i = 0; i < items; i++) {
            work.put(i);
        }
        for (int c = 0; c < consumers; c++) {
            work.put(-1);
        }
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            List<Integer> mine = taken.get(secs(60));
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(mine.get(i - 1) < mine.get(i), "a consumer got the items of one producer out of order");
            }
            all.addAll(mine);
        }
        for (Process p : ps) {
            p.join(secs(30));
            assertEquals(0, p.exitCode());
        }
        assertEquals(items, all.size(), "items taken in all");
        assertEquals(items, new HashSet<>(all).size(), "distinct items taken");
        assertEquals(IntStream.range(0, items).boxed().collect(Collectors.toSet()), new HashSet<>(all));
    }

    @Test
    void anItemIsNotLostToAConsumerKilledWhileItWaited() {
        Queue<String> q = new Queue<>();
        IntValue waiting = Value.ofInt(0);
        Process consumer = new Process(() -> {
            waiting.set(1);
            q.get(); // waits: the queue stays empty until this process is dead
        });
        consumer.start();
        MpTesting.await("the consumer waits on the queue", secs(60), () -> waiting.get() == 1);
        consumer.kill();
        consumer.join(secs(10));
        assertEquals(-9, consumer.exitCode());
        q.put("for the living");
        assertEquals("for the living", q.get(secs(10)), "the item went to the dead consumer's get");
    }

    @Test
    void aConsumerKilledWhileItWaitedDoesNotTakeAnItemPutFromAnotherProcess() {
        Queue<String> q = new Queue<>();
        IntValue waiting = Value.ofInt(0);
        Process consumer = new Process(() -> {
            waiting.set(1);
            q.get();
        });
        consumer.start();
        MpTesting.await("the consumer waits on the queue", secs(60), () -> waiting.get() == 1);
        consumer.kill();
        consumer.join(secs(10));
        Process producer = new Process(() -> q.put("from a producer"));
        producer.start();
        producer.join(secs(60));
        assertEquals(0, producer.exitCode());
        assertEquals("from a producer", q.get(secs(10)));
    }

    // --- 25 --------------------------------------------------------------------------------

    @Test
    void aChildThatPutsOneMebibyteCanBeJoinedBeforeTheParentGetsIt() {
        Queue<byte[]> q = new Queue<>();
        Process p = new Process(() -> {
            for (int i = 0; i < 4; i++) {
                q.put(pattern(1 << 20, i));
            }
        });
        p.start();
        long t0 = System.nanoTime();
        p.join(secs(30));
        assertFalse(p.isAlive(), "the child is still alive 30 s after it was joined: the join-before-get deadlock");
        assertEquals(0, p.exitCode());
        assertTrue(millisSince(t0) < 30_000);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(pattern(1 << 20, i), q.get(secs(10)), "item " + i);
        }
        assertThrowsExactly(EmptyQueueException.class, q::getNowait);
    }
}
