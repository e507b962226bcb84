package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mppractice.mp.MpTesting;
import dev.mppractice.recordcaller.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run record's buffer: when lines reach the file, whole, and which waits are recorded. */
class RecorderTest {
    private static final long NEVER = 3_600_000; // a flush interval no test waits for
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path file() {
        return tmp.resolve("record.jsonl");
    }

    private Recorder recorder(long pid, long flushMillis) {
        return Recorder.open(file().toString(), pid, () -> "MainProcess", flushMillis);
    }

    private List<JsonNode> lines() throws Exception {
        if (!Files.exists(file())) {
            return List.of();
        }
        String text = Files.readString(file());
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the file ends with a whole line");
        List<JsonNode> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) {
                out.add(JSON.readTree(l)); // throws on a torn line
            }
        }
        return out;
    }

    private List<JsonNode> lines(String ev) throws Exception {
        return lines().stream().filter(e -> e.get("ev").asText().equals(ev)).toList();
    }

    /** Lets {@code millis} pass on the monotonic clock: what a wait that lasted is, for the recorder. */
    private static void lastFor(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    @Test
    void eventsStayInTheBufferUntilAFlushWritesThemAllInOrder() throws Exception {
        Recorder r = recorder(11, NEVER);
        for (int i = 0; i < 10; i++) {
            r.write(RecordEvent.VALUE_WRITE, "value", "v", "n", i);
        }
        assertEquals(List.of(), lines(), "nothing written before a flush");
        r.flushNow();
        List<JsonNode> l = lines();
        assertEquals(10, l.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(i, l.get(i).get("n").asInt());
            assertEquals(11, l.get(i).get("pid").asLong());
        }
    }

    /** The lines of the file with their times taken out, as text: what two ways of writing must agree on byte for byte. */
    private List<String> linesWithoutTimes() throws Exception {
        return Files.readAllLines(file()).stream().map(l -> l.replaceAll("\"(ms|us)\":[0-9]+", "\"$1\":T")).toList();
    }

    @Test
    void everyProcessOfATreeTimesItsLinesWithTheTreesOneClock() throws Exception {
        // Two processes given the same offset read the same monotonic clock: their times compare exactly.
        long offset = Recorder.clockOffsetMicros();
        Recorder a = Recorder.open(file().toString(), 31, () -> "MainProcess", NEVER, offset);
        Recorder b = Recorder.open(file().toString(), 32, () -> "Process-1", NEVER, offset);
        long before = System.nanoTime() / 1000 + offset;
        a.write(RecordEvent.QUEUE_PUT, "queue", "q", "n", 1);
        b.write(RecordEvent.QUEUE_GET, "queue", "q", "n", 1);
        a.write(a.prepare(RecordEvent.VALUE_WRITE, "value", "v"), 0);
        long after = System.nanoTime() / 1000 + offset;
        a.flushNow();
        b.flushNow();
        List<JsonNode> l = lines();
        assertEquals(3, l.size(), l.toString());
        for (JsonNode e : l) {
            long us = e.get("us").asLong();
            assertTrue(before <= us && us <= after, before + " <= " + us + " <= " + after + ": " + e);
        }
        // and the offset puts them on the wall clock, as the record's format says
        long wall = java.time.Instant.now().toEpochMilli() * 1000;
        assertTrue(Math.abs(wall - l.get(0).get("us").asLong()) < 2_000_000, "within 2 s of the wall clock: " + l.get(0));
    }

    @Test
    void anEventsLineSaysItsValuesAsTheyWereWhenItWasRecorded() throws Exception {
        // Lines are made when the buffer is written: a value that can change is taken as it was.
        Recorder r = recorder(33, NEVER);
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong(7);
        StringBuilder text = new StringBuilder("before");
        r.write(RecordEvent.QUEUE_PUT, "queue", "q", "n", n, "text", text, "x", 2.5);
        n.set(8);
        text.append(" and after");
        r.flushNow();
        List<String> l = linesWithoutTimes();
        assertEquals(List.of("{\"pid\":33,\"proc\":\"MainProcess\",\"ms\":T,\"us\":T,\"ev\":\"queue-put\",\"queue\":\"q\","
                + "\"n\":7,\"text\":\"before\",\"x\":2.5}"), l);
    }

    @Test
    void aFixedEventWritesTheSameLineAsTheEventWithItsFields() throws Exception {
        Recorder r = recorder(20, NEVER);
        r.write(RecordEvent.VALUE_WRITE, "value", "shm-20-1", "type", "int", "locked", true);
        r.write(r.prepare(RecordEvent.VALUE_WRITE, "value", "shm-20-1", "type", "int", "locked", true), 0);
        r.write(RecordEvent.LOCK_ACQUIRE, "lock", "shm-20-1@0", "of", null, "span", 1234567L);
        r.write(r.prepare(RecordEvent.LOCK_ACQUIRE, "lock", "shm-20-1@0", "of", null), 1234567L);
        r.write(RecordEvent.LOCK_RELEASE, "lock", "a \"quoted\" \u00e9 name", "n", 7, "x", 2.5);
        r.write(r.prepare(RecordEvent.LOCK_RELEASE, "lock", "a \"quoted\" \u00e9 name", "n", 7, "x", 2.5), 0);
        r.flushNow();
        List<String> l = linesWithoutTimes();
        assertEquals(6, l.size(), l.toString());
        for (int i = 0; i < 6; i += 2) {
            assertEquals(l.get(i), l.get(i + 1));
        }
        assertEquals("{\"pid\":20,\"proc\":\"" + Context.get().name() + "\",\"ms\":T,\"us\":T,\"ev\":\"lock-acquire\","
                + "\"lock\":\"shm-20-1@0\",\"of\":null,\"span\":1234567}", l.get(3));
        for (JsonNode e : lines()) {
            assertEquals(e.get("us").asLong() / 1000, e.get("ms").asLong(), "ms and us are one instant: " + e);
        }
    }

    @Test
    void aMessagesFixedEventWritesTheSameLineAsTheEventWithAllItsFields() throws Exception {
        Recorder r = recorder(22, NEVER);
        Recorder.Fixed put = r.prepare(RecordEvent.QUEUE_PUT, "queue", "22:1", "owner", 22L);
        Recorder.Fixed get = r.prepare(RecordEvent.QUEUE_GET, "queue", "22:1", "owner", 22L);
        byte[] small = Codec.encode(7, "an item");
        byte[] large = Codec.encode(new byte[Recorder.LARGE_MESSAGE], "an item");
        byte[] sentSmall = put.sent(Context.get(), small);
        byte[] sentLarge = put.sent(Context.get(), large);
        get.received(sentSmall);
        get.received(small); // a message whose sending was not recorded has no id
        get.received(Codec.withMessageId("12:\"\u00e9\\", small)); // an id that is not one the library makes
        String idSmall = Codec.messageId(sentSmall);
        String idLarge = Codec.messageId(sentLarge);
        assertTrue(idSmall.matches(Context.get().pid() + ":\\d+"), idSmall);
        assertEquals(7, Codec.decode(sentSmall), "the message sent is the item, with its id");
        r.write(RecordEvent.QUEUE_PUT, "queue", "22:1", "owner", 22L, "msg", idSmall, "bytes", Codec.size(small), "large", false);
        r.write(RecordEvent.QUEUE_PUT, "queue", "22:1", "owner", 22L, "msg", idLarge, "bytes", Codec.size(large), "large", true);
        r.write(RecordEvent.QUEUE_GET, "queue", "22:1", "owner", 22L, "msg", idSmall);
        r.write(RecordEvent.QUEUE_GET, "queue", "22:1", "owner", 22L, "msg", null);
        r.write(RecordEvent.QUEUE_GET, "queue", "22:1", "owner", 22L, "msg", "12:\"\u00e9\\");
        r.flushNow();
        List<String> l = linesWithoutTimes();
        assertEquals(10, l.size(), l.toString());
        assertEquals(l.subList(5, 10), l.subList(0, 5));
    }

    @Test
    void fixedEventsKeepTheirPlaceAmongTheOtherLines() throws Exception {
        Recorder r = recorder(21, NEVER);
        // the ends of spans (lock releases): a kind whose lines are not limited by their own kind's budget
        Recorder.Fixed f = r.prepare(RecordEvent.LOCK_RELEASE, "lock", "v");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            if (i % 7 == 3) {
                r.write(RecordEvent.POOL_CALL, "pool", "q", "n", i); // a kind of the larger budget
            } else {
                r.write(f, i + 1);
            }
            expected.add(i);
            if (i % 500 == 499) {
                r.flushNow(); // some flushes fall between fixed events, some after a plain line
            }
        }
        r.flushNow();
        List<JsonNode> l = lines();
        List<Integer> order = l.stream().map(e -> e.has("n") ? e.get("n").asInt() : e.get("span").asInt() - 1).toList();
        assertEquals(expected, order);
        for (int i = 1; i < l.size(); i++) {
            assertTrue(l.get(i - 1).get("us").asLong() <= l.get(i).get("us").asLong(), "times in order at line " + i);
        }
    }

    @Test
    void manyThreadsRecordingFixedEventsPastWhatIsKeptUnformattedLoseNone() throws Exception {
        Recorder r = recorder(23, NEVER);
        // the ends of spans (lock releases): a kind whose lines are not limited by their own kind's budget
        Recorder.Fixed f = r.prepare(RecordEvent.LOCK_RELEASE, "lock", "v");
        int threads = 4;
        int each = 4_000; // 16,000: several times what is kept unformatted, within the events' budget
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            Thread th = new Thread(() -> {
                for (int i = 1; i <= each; i++) {
                    r.write(f, base + i);
                }
            });
            th.setUncaughtExceptionHandler((x, e) -> failed.add(e));
            ts.add(th);
        }
        ts.forEach(Thread::start);
        for (Thread th : ts) {
            th.join();
        }
        r.flushNow();
        assertEquals(List.of(), failed);
        List<JsonNode> l = lines();
        assertEquals(threads * each, l.size());
        assertEquals(threads * each, l.stream().map(e -> e.get("span").asLong()).distinct().count());
    }

    @Test
    void aFloodOfOneKindStopsAtItsOwnBudgetAndTheOtherKindsGoOn() throws Exception {
        Recorder r = recorder(24, NEVER);
        Recorder.Fixed write = r.prepare(RecordEvent.ARRAY_WRITE, "array", "shm-24-1", "type", "int", "locked", false);
        for (int i = 0; i < Recorder.budget(RecordEvent.ARRAY_WRITE) + 500; i++) {
            r.write(write, 0); // a loop writing an Array
        }
        for (int i = 0; i < 10; i++) {
            r.write(RecordEvent.QUEUE_PUT, "queue", "24:1", "n", i);
        }
        r.flushNow();
        assertEquals(Recorder.budget(RecordEvent.ARRAY_WRITE), lines("array-write").size());
        List<JsonNode> cut = lines("record-truncated");
        assertEquals(1, cut.size(), cut.toString());
        assertEquals("array-write", cut.get(0).get("event").asText(), "says which kind stopped being recorded");
        assertEquals(10, lines("queue-put").size(), "the other kinds are still recorded");
    }

    @Test
    void everyObjectShowsItsFirstFewEventsPastItsKindsBudget() throws Exception {
        // A process takes one lock a thousand times, then another it made itself: a rule that forbids the
        // second kind of lock must see it, and a loop on it must still cost next to nothing.
        Recorder r = recorder(26, NEVER);
        Recorder.Fixed shared = r.prepare(RecordEvent.LOCK_ACQUIRE, "lock", "shm-1-1@0", "of", null);
        Recorder.Fixed own = r.prepare(RecordEvent.LOCK_ACQUIRE, "lock", "shm-26-1@0", "of", null);
        for (int i = 0; i < Recorder.budget(RecordEvent.LOCK_ACQUIRE) + 10; i++) {
            r.write(shared, 0);
        }
        for (int i = 0; i < 100; i++) {
            r.write(own, 0);
        }
        r.flushNow();
        List<JsonNode> acquires = lines("lock-acquire");
        assertEquals(Recorder.budget(RecordEvent.LOCK_ACQUIRE), acquires.stream().filter(e -> e.get("lock").asText().equals("shm-1-1@0")).count());
        assertEquals(Recorder.FIRST_OF_EACH, acquires.stream().filter(e -> e.get("lock").asText().equals("shm-26-1@0")).count(),
                "the lock used after the budget was spent shows, its first few times only");
        assertTrue(!own.on() && !shared.on(), "past them, a loop asks once and writes nothing");
    }

    @Test
    void anEventAskedPastItsKindsBudgetIsOnForItsFirstFewLinesThenOffForGood() throws Exception {
        // on() remembers, in the event, that it will never be written again: it must not conclude so before the event's
        // own first lines are written, whoever spent the kind's budget, nor answer on after them.
        Recorder r = recorder(29, NEVER);
        Recorder.Fixed shared = r.prepare(RecordEvent.VALUE_WRITE, "value", "shm-29-1@0");
        Recorder.Fixed late = r.prepare(RecordEvent.VALUE_WRITE, "value", "shm-29-1@8");
        assertTrue(late.on(), "asked before the budget is spent");
        for (int i = 0; i < Recorder.budget(RecordEvent.VALUE_WRITE) + 10; i++) {
            shared.record();
        }
        assertFalse(shared.on(), "the loop's own event, past the budget and its first lines");
        List<Boolean> asked = new ArrayList<>();
        for (int i = 0; i < Recorder.FIRST_OF_EACH + 3; i++) {
            asked.add(late.on());
            asked.add(late.on()); // asked twice, as a read and a write in one hold ask
            late.record();
        }
        r.flushNow();
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < Recorder.FIRST_OF_EACH + 3; i++) {
            expected.add(i < Recorder.FIRST_OF_EACH);
            expected.add(i < Recorder.FIRST_OF_EACH);
        }
        assertEquals(expected, asked);
        assertEquals(Recorder.FIRST_OF_EACH, lines("value-write").stream()
                .filter(e -> e.get("value").asText().equals("shm-29-1@8")).count());
    }

    @Test
    void everyQueueShowsItsFirstFewMessagesPastItsKindsBudget() throws Exception {
        Recorder r = recorder(28, NEVER);
        Recorder.Fixed busy = r.prepare(RecordEvent.QUEUE_PUT, "queue", "28:1", "owner", 28L);
        Recorder.Fixed late = r.prepare(RecordEvent.QUEUE_PUT, "queue", "28:2", "owner", 28L);
        byte[] item = Codec.encode(1, "an item");
        for (int i = 0; i < Recorder.budget(RecordEvent.QUEUE_PUT) + 10; i++) {
            busy.sent(Context.get(), item);
        }
        List<String> lateIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lateIds.add(Codec.messageId(late.sent(Context.get(), item)));
        }
        r.flushNow();
        List<JsonNode> puts = lines("queue-put");
        assertEquals(Recorder.budget(RecordEvent.QUEUE_PUT), puts.stream().filter(e -> e.get("queue").asText().equals("28:1")).count());
        List<String> recorded = puts.stream().filter(e -> e.get("queue").asText().equals("28:2")).map(e -> e.get("msg").asText()).toList();
        assertEquals(lateIds.subList(0, Recorder.FIRST_OF_EACH), recorded, "the queue used after the budget was spent shows");
        assertTrue(lateIds.subList(Recorder.FIRST_OF_EACH, 10).stream().allMatch(id -> id == null),
                "a message not recorded carries no id: " + lateIds);
    }

    @Test
    void aSpanWhoseBeginningTheBudgetCutSaysSo() throws Exception {
        // Fixed.begin() gives 0 for a beginning that was not written, so that its end is not written alone.
        Recorder r = recorder(27, NEVER);
        Recorder.Fixed f = r.prepare(RecordEvent.SEMAPHORE_ACQUIRE, "semaphore", "shm-27-1");
        for (int i = 0; i < Recorder.budget(RecordEvent.SEMAPHORE_ACQUIRE); i++) {
            assertTrue(r.write(f, i + 1), "written: " + i);
        }
        assertFalse(r.write(f, 99_999), "past the budget, and this object shows already");
        assertEquals(0, f.begin());
    }

    @Test
    void theEndOfASpanWhoseBeginningWasWrittenIsWrittenPastItsKindsBudget() throws Exception {
        Recorder r = recorder(25, NEVER);
        for (int i = 0; i < Recorder.MAX_OF_ONE_KIND; i++) {
            r.write(RecordEvent.SEMAPHORE_RELEASE, "semaphore", "shm-25-1", "handoff", true); // no span of its own
        }
        r.write(r.prepare(RecordEvent.SEMAPHORE_ACQUIRE, "semaphore", "shm-25-1"), 77);
        r.write(r.prepare(RecordEvent.SEMAPHORE_RELEASE, "semaphore", "shm-25-1"), 77);
        r.write(RecordEvent.SEMAPHORE_RELEASE, "semaphore", "shm-25-1", "handoff", true); // past the budget: dropped
        r.flushNow();
        List<JsonNode> releases = lines("semaphore-release");
        assertEquals(Recorder.MAX_OF_ONE_KIND + 1, releases.size());
        assertEquals(77, releases.get(releases.size() - 1).get("span").asLong(), "the span is closed");
    }

    @Test
    void aWaitRegisteredLateIsRecordedFromTheInstantItBegan() throws Exception {
        Recorder r = recorder(22, NEVER);
        long before = System.currentTimeMillis();
        long began = System.nanoTime();
        lastFor(Recorder.WAIT_GRACE_MILLIS + 20);
        long registered = System.currentTimeMillis();
        Caller.call(() -> {
            r.waitSince("Lock.acquire", "lock", "shm-22-1@0", -1, began, -1).close();
            return null;
        });
        r.flushNow();
        List<JsonNode> waits = lines("wait");
        assertEquals(1, waits.size(), "a wait that began long enough ago is recorded, however short since it was registered: "
                + lines());
        long ms = waits.get(0).get("ms").asLong();
        assertTrue(before - 2 <= ms && ms < registered - Recorder.WAIT_GRACE_MILLIS, "began at " + ms + ", not at "
                + registered + " when it was registered");
        assertEquals(1, lines("wait-end").size());
    }

    @Test
    void theFlusherWritesBufferedEventsWithinItsInterval() throws Exception {
        Recorder r = recorder(12, 20);
        r.write(RecordEvent.VALUE_WRITE, "value", "v");
        MpTesting.await("the flusher wrote the event", Duration.ofSeconds(10), () -> {
            try {
                return lines().size() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /**
     * Kinds that are not the end of a span, of the larger budget, enough of them that their budgets add up to more
     * than a full buffer.
     */
    private static final RecordEvent[] KINDS = {RecordEvent.PROCESS_CREATE, RecordEvent.POOL_CALL, RecordEvent.POOL_CHUNK,
        RecordEvent.EVENT_SET, RecordEvent.EVENT_WAIT, RecordEvent.SEMAPHORE_RELEASE};

    @Test
    void aFullBufferIsWrittenAtOnceAsWholeLines() throws Exception {
        Recorder r = recorder(13, NEVER);
        int n = 0;
        while (Files.notExists(file()) || Files.size(file()) == 0) {
            // kinds in turn: one kind alone stops at its own budget before the buffer is full
            r.write(KINDS[n % KINDS.length], "queue", "13:1", "msg", "13:" + n++);
            assertTrue(n <= Recorder.MAX_DEFERRED, "written once the buffer holds " + Recorder.MAX_DEFERRED + " events");
        }
        assertEquals(Recorder.MAX_DEFERRED, n);
        assertEquals(n, lines().size(), "every line so far, whole");
    }

    @Test
    void aChildsProcessRunIsWrittenAtOnceWithWhatCameBefore() throws Exception {
        Recorder r = recorder(14, NEVER);
        r.write(RecordEvent.VALUE_WRITE, "value", "v");
        r.write(RecordEvent.PROCESS_RUN, "name", "Process-1");
        assertEquals(List.of("value-write", "process-run"), lines().stream().map(e -> e.get("ev").asText()).toList());
    }

    @Test
    void eachLineNamesTheProcessAsItsNameIsWhenTheLineIsMade() throws Exception {
        // A child is a SpareProcess until it is given its task and name: the recorder asks each time.
        String[] name = {"SpareProcess"};
        Recorder r = Recorder.open(file().toString(), 15, () -> name[0], NEVER);
        r.write(RecordEvent.VALUE_WRITE, "value", "v");
        name[0] = "Process-2";
        r.write(RecordEvent.VALUE_WRITE, "value", "v");
        r.flushNow();
        assertEquals(List.of("SpareProcess", "Process-2"), lines().stream().map(e -> e.get("proc").asText()).toList());
    }

    @Test
    void aShortWaitIsNotRecorded() throws Exception {
        Recorder[] r = {recorder(15, NEVER)};
        // On a loaded machine a thread can be descheduled between the two calls: count only quick tries.
        int quick = 0;
        for (int i = 0; i < 200 && quick < 10; i++) {
            long t0 = System.nanoTime();
            Caller.call(() -> {
                r[0].waitFor("Queue.get", "queue", "15:1", -1).close();
                return null;
            });
            if (MpTesting.millisSince(t0) < Recorder.WAIT_GRACE_MILLIS / 2) {
                quick++;
                r[0].flushAll();
                assertEquals(List.of(), lines());
            } else {
                Files.deleteIfExists(file());
                r[0] = recorder(15, NEVER);
            }
        }
        assertEquals(10, quick, "tries that took less than the grace");
    }

    @Test
    void aWaitThatLastedIsWrittenWhenItEndsWithTheInstantItBeganAndItsCallSite() throws Exception {
        Recorder r = recorder(16, NEVER);
        long before = System.currentTimeMillis();
        long[] opened = new long[1];
        Caller.call(() -> {
            try (Recorder.Wait w = r.waitFor("Queue.get", "queue", "16:1", 500)) {
                opened[0] = System.currentTimeMillis();
                lastFor(Recorder.WAIT_GRACE_MILLIS + 20);
                w.outcome("timeout");
            }
            return null;
        });
        r.flushNow();
        List<JsonNode> l = lines();
        assertEquals(2, l.size(), l.toString());
        JsonNode wait = l.get(0);
        JsonNode end = l.get(1);
        assertEquals("wait", wait.get("ev").asText());
        assertEquals("Queue.get", wait.get("call").asText());
        assertEquals("16:1", wait.get("obj").asText());
        assertEquals(500, wait.get("limit").asLong());
        assertEquals(Caller.SITE, wait.get("at").asText());
        long began = wait.get("ms").asLong();
        assertTrue(before <= began && began <= opened[0], "the instant it began: " + wait);
        assertEquals("wait-end", end.get("ev").asText());
        assertEquals("timeout", end.get("outcome").asText());
        assertEquals(wait.get("span").asLong(), end.get("span").asLong());
        assertTrue(end.get("us").asLong() - wait.get("us").asLong() >= Recorder.WAIT_GRACE_MILLIS * 1000);
    }

    @Test
    void aWaitThatLastedOnALibraryThreadIsWrittenWithoutACallSite() throws Exception {
        Recorder r = recorder(19, NEVER);
        Thread library = new Thread(() -> {
            try (Recorder.Wait w = r.waitFor("Queue.get", "queue", "19:1", -1)) {
                lastFor(Recorder.WAIT_GRACE_MILLIS + 20);
            }
        });
        library.start();
        library.join();
        r.flushNow();
        List<JsonNode> waits = lines("wait");
        assertEquals(1, waits.size(), lines().toString());
        assertTrue(waits.get(0).get("at").isNull());
        assertEquals(1, lines("wait-end").size());
    }

    /** A call into the library that waits, registered as {@code call}, until {@code release} is counted down. */
    private static java.util.function.Supplier<Object> openUntil(CountDownLatch release, Recorder r, String call, String kind,
            Object obj) {
        return () -> {
            try (Recorder.Wait w = r.waitFor(call, kind, obj, -1)) {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        };
    }

    /** Returns once the record file holds one wait. */
    private void awaitOneWaitLine() {
        MpTesting.await("the open wait is written", Duration.ofSeconds(10), () -> {
            try {
                return lines("wait").size() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aWaitStillOpenIsInTheFileSoonAfterItBeganWithWhatCameBefore() throws Exception {
        Recorder r = recorder(17, Recorder.FLUSH_MILLIS);
        r.write(RecordEvent.QUEUE_PUT, "queue", "17:1");
        CountDownLatch release = new CountDownLatch(1);
        Thread waiter = new Thread(() -> Caller.call(openUntil(release, r, "Process.join", "process", 99)));
        long t0 = System.nanoTime();
        waiter.start();
        try {
            awaitOneWaitLine();
            long tookMillis = MpTesting.millisSince(t0);
            List<JsonNode> l = lines();
            assertEquals(List.of("queue-put", "wait"), l.stream().map(e -> e.get("ev").asText()).toList());
            assertEquals(Caller.SITE, l.get(1).get("at").asText(), "the call site, from the waiting thread's stack");
            assertFalse(l.get(1).has("limit"));
            System.out.println("open wait in the file after " + tookMillis + " ms");
        } finally {
            release.countDown();
            waiter.join();
        }
        r.flushNow();
        assertEquals(1, lines("wait-end").size(), "and its end when it ended");
    }

    @Test
    void anOpenWaitCalledThroughAMethodReferenceIsPlacedAtTheLineThatMadeTheCall() throws Exception {
        Recorder r = recorder(20, Recorder.FLUSH_MILLIS);
        CountDownLatch release = new CountDownLatch(1);
        Thread waiter = new Thread(() -> Caller.callByReference(openUntil(release, r, "Future.join", "future", 7)));
        waiter.start();
        try {
            awaitOneWaitLine();
            assertEquals(Caller.REFERENCE_SITE, lines("wait").get(0).get("at").asText(),
                    "the program's line, not the class the JVM made for the method reference");
        } finally {
            release.countDown();
            waiter.join();
        }
    }

    @Test
    void aWayOutWritesTheWaitsOpenThenHoweverYoung() throws Exception {
        Recorder r = recorder(18, NEVER);
        Recorder.Wait w = Caller.call(() -> r.waitFor("Lock.acquire", "lock", "shm-1-1@0", -1));
        r.flushAll();
        List<JsonNode> waits = lines("wait");
        assertEquals(1, waits.size());
        assertEquals("Lock.acquire", waits.get(0).get("call").asText());
        w.close();
        r.flushNow();
        assertEquals(1, lines("wait-end").size());
    }

    @Test
    void threadsAndProcessesAppendingAtOnceNeverTearALine() throws Exception {
        // Two recorders for two processes on one file, four threads each, flushing every millisecond.
        List<Recorder> recorders = List.of(recorder(21, 1), recorder(22, 1));
        int perThread = Recorder.MAX_OF_ONE_KIND; // each thread its own kind of event, all of it within that kind's budget
        List<RecordEvent> kinds = List.of(RecordEvent.PROCESS_CREATE, RecordEvent.POOL_CALL, RecordEvent.POOL_CHUNK, RecordEvent.EVENT_SET);
        assertTrue(kinds.stream().allMatch(k -> Recorder.budget(k) == perThread), "kinds of the larger budget");
        List<Thread> threads = new ArrayList<>();
        for (Recorder r : recorders) {
            for (int t = 0; t < 4; t++) {
                String thread = "t" + t;
                RecordEvent kind = kinds.get(t);
                threads.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        r.write(kind, "thread", thread, "n", i, "text", "ü \"quoted\"\n");
                    }
                }));
            }
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        recorders.forEach(Recorder::flushNow);
        List<JsonNode> l = lines();
        assertEquals(2 * 4 * perThread, l.size());
        Map<String, Integer> next = new HashMap<>();
        for (JsonNode e : l) {
            String key = e.get("pid").asText() + "/" + e.get("thread").asText();
            int n = e.get("n").asInt();
            assertEquals(next.getOrDefault(key, 0), n, "each thread's events in the order it recorded them");
            next.put(key, n + 1);
            assertEquals("ü \"quoted\"\n", e.get("text").asText());
        }
    }

    @Test
    void aFixedLineHasTheTimeAndSpanDigitsOfEveryInstant() {
        byte[] prefix = "{\"pid\":9,\"proc\":\"P\",\"ms\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = ",\"ev\":\"lock-release\",\"lock\":\"x\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Recorder.Buf out = new Recorder.Buf(16);
        StringBuilder expected = new StringBuilder();
        long[] instants = {0, 999_999, 1_000_000, 1_796_183_910_431_753L, 1_796_183_910_000_007L, 1_796_183_910_099_999L,
            1_796_183_910_999_999L, 1_796_183_911_000_000L, 1_796_183_910_431_753L};
        long[] spans = {0, 1, 9, 10, 99, 100, 1_234_567, Long.MAX_VALUE};
        for (long us : instants) {
            for (long span : spans) {
                out.fixedLine(prefix, us, body, span, null);
                expected.append("{\"pid\":9,\"proc\":\"P\",\"ms\":").append(us / 1000).append(",\"us\":").append(us)
                        .append(",\"ev\":\"lock-release\",\"lock\":\"x\"").append(span != 0 ? ",\"span\":" + span : "")
                        .append("}\n");
            }
        }
        assertEquals(expected.toString(), new String(out.b, 0, out.n, java.nio.charset.StandardCharsets.UTF_8));

        // a message's event: its id and, for a sending, its size and whether it is large, after the fixed fields
        out.n = 0;
        expected.setLength(0);
        byte[] prefixOfIds = "77:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (long us : instants) {
            for (int size : new int[] {0, 9, 10, Recorder.LARGE_MESSAGE - 1, Recorder.LARGE_MESSAGE, 123_456}) {
                out.fixedLine(prefix, us, body, 0, new Object[] {new MessageId(prefixOfIds, size + 5L), size});
                out.fixedLine(prefix, us, body, 0, new Object[] {"77:" + size});
                out.fixedLine(prefix, us, body, 0, new Object[] {null});
                String start = "{\"pid\":9,\"proc\":\"P\",\"ms\":" + us / 1000 + ",\"us\":" + us
                        + ",\"ev\":\"lock-release\",\"lock\":\"x\"";
                expected.append(start).append(",\"msg\":\"77:").append(size + 5L).append("\",\"bytes\":").append(size)
                        .append(",\"large\":").append(size >= Recorder.LARGE_MESSAGE).append("}\n");
                expected.append(start).append(",\"msg\":\"77:").append(size).append("\"}\n");
                expected.append(start).append(",\"msg\":null}\n");
            }
        }
        assertEquals(expected.toString(), new String(out.b, 0, out.n, java.nio.charset.StandardCharsets.UTF_8));
    }
}
