package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mppractice.recordcaller.IdleWatchMain;
import dev.mppractice.recordcaller.PollingMain;
import dev.mppractice.recordcaller.SleepingChildren;
import dev.mppractice.recordcaller.SleepingMain;
import dev.mppractice.recordcaller.WaitingMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched main's sleep is recorded, with its line and about its length: the timeline drew a main that slept 2 s
 * instead of joining its child as running all that time.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedSleepTest {
    @TempDir
    Path tmp;

    @Test
    void aWatchedMainsSleepIsASpanWithItsLine() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), SleepingMain.class,
                "Process Alpha done\nMain process done", secs(60));
        List<JsonNode> sleeps = events.stream().filter(e -> e.get("ev").asText().equals("sleep")).toList();
        assertEquals(1, sleeps.size(), events.toString());
        JsonNode sleep = sleeps.get(0);
        assertEquals("MainProcess", sleep.get("proc").asText());
        assertEquals(SleepingMain.SLEEP_SITE, sleep.get("at").asText());
        JsonNode end = events.stream().filter(e -> e.get("ev").asText().equals("sleep-end")).findFirst().orElseThrow();
        assertEquals(sleep.get("span").asLong(), end.get("span").asLong());
        long us = end.get("us").asLong() - sleep.get("us").asLong();
        // seen every 10 ms: it begins up to 10 ms late and ends up to 10 ms late (more on a loaded machine)
        assertTrue(us > 400_000 && us < 1_500_000, "the sleep lasted " + us + " us");
    }

    /**
     * The watch's thread sleeps while it watches nothing (a recorded child starts it in its warm-up, before it knows
     * whether its task is the program's: a manager's, or a spare's that waits for a task, woke 100 times a second for
     * nothing), and wakes to watch a thread added later: main's sleep is seen.
     */
    @Test
    void theWatchSleepsWhileItWatchesNothingAndWakesForAThread() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), IdleWatchMain.class,
                "idle WAITING\nafter WAITING", secs(60));
        assertEquals(1, events.stream().filter(e -> e.get("ev").asText().equals("sleep")).count(), events.toString());
    }

    /**
     * A recorded manager's thread, which runs no code of the program's, is not looked at: it waits for the manager's
     * end in the library, and each look walked its stack, every 10 ms, which on JDK 17 stops the whole JVM at a
     * safepoint ({@code ThreadDump}) while it serves calls: a manager's dict cost 8-30 % more recorded
     * ({@code mp-bench --recording-cost}, row h). The JVM's own log of the manager counts the walks (a safepoint on
     * JDK 17, a handshake on later JDKs); the program's other children, if any (a spare), log none either.
     */
    @Test
    void aRecordedManagersThreadIsNotLookedAt() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("vm-logs"));
        String log = "-Xlog:safepoint,handshake:file=" + logs + "/child-%p.log";
        try (Jvm program = Jvm.start(List.of("-Dmp.record=" + tmp.resolve("record.jsonl"), "-Dmp.childJvmArgs=" + log),
                RecordedManagerMain.class)) {
            assertEquals(0, program.waitFor(secs(60)), program::stderr);
            assertEquals("served 50", program.stdout().strip());
        }
        List<Path> files;
        try (var s = Files.list(logs)) {
            files = s.toList();
        }
        assertTrue(!files.isEmpty(), "the manager's JVM wrote its log");
        Pattern walk = Pattern.compile("\"ThreadDump\"|\"GetStackTrace");
        for (Path f : files) {
            long walks = Files.readAllLines(f).stream().filter(l -> walk.matcher(l).find()).count();
            assertEquals(0, walks, f + " counts stack walks");
        }
    }

    /**
     * A poll loop's naps of 10 ms are not one long sleep: seen every 10 ms, the thread was always sleeping, and exercise
     * 10's rule took a main that polled its futures' isDone() for a second for one that guessed with a long sleep. The
     * loop is cut into spans, and each that lasted the split (300 ms) is said to be naps, which is what the rule reads:
     * their lengths alone could not tell (the clean-clone suite saw a span of 507 ms, the watch's looks late on a loaded
     * machine, where this test asked for less than 500).
     */
    @Test
    void aPollLoopsNapsAreCutIntoSpansSaidToBeNaps() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), PollingMain.class, "polled", secs(60));
        java.util.Map<Long, Long> began = new java.util.HashMap<>();
        List<Long> lengths = new java.util.ArrayList<>();
        List<Long> unmarkedLong = new java.util.ArrayList<>();
        for (JsonNode e : events) {
            if (e.get("ev").asText().equals("sleep")) began.put(e.get("span").asLong(), e.get("us").asLong());
            if (e.get("ev").asText().equals("sleep-end")) {
                long us = e.get("us").asLong() - began.get(e.get("span").asLong());
                lengths.add(us);
                if (us >= 300_000 && !e.path("naps").asBoolean(false)) unmarkedLong.add(us);
            }
        }
        assertTrue(lengths.size() >= 2, "the loop's 1.2 s is cut in spans: " + lengths);
        assertEquals(List.of(), unmarkedLong, "every span of the split's length is said to be naps: " + lengths);
    }

    /**
     * A main that waits in the JDK (a latch its own thread counts down) is seen blocked there, with the JDK's method and
     * its line: the timeline drew such a wait running. Its wait in the library's join is the library's, not seen twice.
     */
    @Test
    void aWatchedMainsWaitInTheJdkIsASpanAndItsWaitInTheLibraryIsNot() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), WaitingMain.class,
                "first ran\nsecond ran\nmain done", secs(60));
        List<JsonNode> waits = events.stream().filter(e -> e.get("ev").asText().equals("jdk-wait")).toList();
        assertEquals(1, waits.stream().filter(w -> w.get("at").asText().equals(WaitingMain.AWAIT_SITE)).count(), events.toString());
        JsonNode await = waits.stream().filter(w -> w.get("at").asText().equals(WaitingMain.AWAIT_SITE)).findFirst().orElseThrow();
        assertEquals("CountDownLatch.await", await.get("call").asText());
        assertEquals("MainProcess", await.get("proc").asText());
        JsonNode end = events.stream().filter(e -> e.get("ev").asText().equals("jdk-wait-end")
                && e.get("span").asLong() == await.get("span").asLong()).findFirst().orElseThrow();
        assertTrue(end.get("us").asLong() > await.get("us").asLong());
        // The join of the first child lasted its 300 ms task: the library's wait, never a jdk-wait.
        assertTrue(waits.stream().allMatch(w -> w.get("call").asText().equals("CountDownLatch.await")
                || w.get("call").asText().equals("Thread.join")), waits.toString());
    }

    /**
     * A child's thread that runs the program's code is watched as main's is, by the library, in any recorded run: a
     * process's task and a pool worker's chunk that slept, and a task that waited on a latch, were drawn running (exercise
     * 1's worker slept 100 ms of its 177 ms "busy"). The pool worker's sleep ends before its chunk does.
     */
    @Test
    void aChildsSleepAndWaitInTheJdkAreSpansWithTheirLines() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), SleepingChildren.class,
                "slept\nwaited\n[300]", secs(60));
        JsonNode taskSleep = only(events, "sleep", SleepingChildren.PROCESS_SLEEP_SITE);
        assertEquals("Process-1", taskSleep.get("proc").asText());
        long us = endOf(events, "sleep-end", taskSleep).get("us").asLong() - taskSleep.get("us").asLong();
        assertTrue(us > 300_000 && us < 1_500_000, "the task's sleep lasted " + us + " us");

        JsonNode poolSleep = only(events, "sleep", SleepingChildren.POOL_SLEEP_SITE);
        assertTrue(poolSleep.get("proc").asText().startsWith("PoolWorker"), poolSleep.toString());
        JsonNode chunk = events.stream().filter(e -> e.get("ev").asText().equals("chunk-begin")).findFirst().orElseThrow();
        JsonNode chunkEnd = endOf(events, "chunk-end", chunk);
        JsonNode poolSleepEnd = endOf(events, "sleep-end", poolSleep);
        assertTrue(poolSleep.get("us").asLong() >= chunk.get("us").asLong()
                && poolSleepEnd.get("us").asLong() <= chunkEnd.get("us").asLong(),
                "the sleep lies within its chunk: " + List.of(chunk, poolSleep, poolSleepEnd, chunkEnd));

        JsonNode await = only(events, "jdk-wait", SleepingChildren.AWAIT_SITE);
        assertEquals("Process-2", await.get("proc").asText());
        assertEquals("CountDownLatch.await", await.get("call").asText());
        assertTrue(endOf(events, "jdk-wait-end", await).get("us").asLong() > await.get("us").asLong());
    }

    /** The one event named {@code ev} at {@code at}. */
    private static JsonNode only(List<JsonNode> events, String ev, String at) {
        List<JsonNode> found = events.stream()
                .filter(e -> e.get("ev").asText().equals(ev) && e.has("at") && e.get("at").asText().equals(at)).toList();
        assertEquals(1, found.size(), ev + " at " + at + " in " + events);
        return found.get(0);
    }

    /** The event {@code ev} that ends the span {@code begun} opened, in its process. */
    private static JsonNode endOf(List<JsonNode> events, String ev, JsonNode begun) {
        return events.stream().filter(e -> e.get("ev").asText().equals(ev) && e.get("pid").asLong() == begun.get("pid").asLong()
                && e.get("span").asLong() == begun.get("span").asLong()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + ev + " for " + begun + " in " + events));
    }
}
