package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code Queue.get} that blocks is a wait in the record, from the instant the call began (a wait is registered
 * only after a moment unregistered, and dated back), closed by its end; one that finds its item waiting is not.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedWaitsTest {
    @TempDir
    Path tmp;

    @Test
    void aGetThatBlocksIsAWaitFromItsCallToItsEndOnTheOwnersQueueAndThroughTheOwner() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedWaitsMain.class,
                "got 1 then 3 exitcode 0", secs(60));
        // the parent's one blocking get, not the get of an item already there; the child's, through the parent
        assertClosed(events, oneWaitEachDatedFromItsCall(events, "Queue.get", "queue-put"));
    }

    /** The same of a pipe's {@code recv} and {@code poll}: and a hundred round trips answered at once are no waits. */
    @Test
    void aRecvOrPollThatBlocksIsAWaitFromItsCallToItsEndAndARoundTripIsNot() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedPipeWaitsMain.class,
                "got 1 then 4950 then true 7 exitcode 0", secs(60));
        List<JsonNode> recvs = oneWaitEachDatedFromItsCall(events, "Connection.recv", "pipe-send");
        List<JsonNode> polls = waits(events, MpTesting.firstStart(events).get("pid").asLong(), "Connection.poll");
        assertEquals(1, polls.size(), "the poll for the child's last word: " + polls);
        assertEquals("30000", polls.get(0).get("limit").asText(), "a poll's limit: " + polls.get(0));
        assertClosed(events, recvs);
        assertClosed(events, polls);
    }

    /** A wait in {@code Multiprocessing.waitFor} says how many pipe ends it waited on: a rule tells a loop over all from one in turn. */
    @Test
    void aWaitForSaysHowManyPipesItWaitedOn() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedSelectMain.class,
                "ready 1 word 7 ended 1 exitcode 0", secs(60));
        List<JsonNode> selects = waits(events, MpTesting.firstStart(events).get("pid").asLong(), "Multiprocessing.waitFor");
        assertEquals(2, selects.size(), "the wait on both pipes and the child, then on the child alone: " + selects);
        assertEquals("select", selects.get(0).get("kind").asText());
        assertEquals(2, selects.get(0).get("pipes").asInt(), "two pipe ends and a process: " + selects.get(0));
        assertEquals(0, selects.get(1).get("pipes").asInt(), "a process alone: " + selects.get(1));
        assertClosed(events, selects);
    }

    /**
     * A waitFor that returns nothing but pipes whose end recv() already told is recorded once per pipe end: a loop that
     * keeps an ended pipe in its list never waits again (exercise 25's loop that caught ConnectionEOFException and went
     * on waiting on that pipe spun until its 30 s limit and was told only that main was running). A pipe whose end was
     * never told is not so recorded, nor is the first return of a pipe at its end (recv() has not told it yet). So is a
     * waitFor that returns nothing but processes whose end an earlier waitFor returned, once per process.
     */
    @Test
    void aWaitForThatReturnsOnlyPipesWhoseEndWasToldIsRecordedOncePerPipe() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedSelectAtEndMain.class,
                "got 1 ends 100 more 1 again 3", secs(60));
        List<JsonNode> atEnd = events.stream().filter(e -> e.get("ev").asText().equals("select-at-end")).toList();
        assertEquals(2, atEnd.size(), "once for the ended pipe, once for the ended process: " + atEnd);
        assertEquals(MpTesting.firstStart(events).get("pid").asLong(), atEnd.get(0).get("pid").asLong(), "main's");
        assertTrue(atEnd.get(0).has("pipe"), atEnd.get(0).toString());
        // exercise 25's loop that kept ended sensors' processes in its list spun until their pipes ended, and passed
        assertEquals(MpTesting.firstStart(events).get("child").asLong(), atEnd.get(1).get("process").asLong(), atEnd.get(1).toString());
    }

    /**
     * Main's wait in a call that ends a pool while its tasks run is a wait on that pool, as long as the tasks still to
     * finish: the timeline drew main running (busy) through exercise 24's {@code close()} of 1.5 s, and a pool's end
     * that never came was not seen as a wait at all.
     */
    @Test
    void aCallThatEndsAPoolWhileItsTasksRunIsAWaitOnThePool() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedPoolEndWaitsMain.class,
                "done 3 true", secs(60));
        long main = events.stream().filter(e -> e.get("ev").asText().equals("pool-create")).findFirst().orElseThrow()
                .get("pid").asLong();
        List<String> pools = events.stream().filter(e -> e.get("ev").asText().equals("pool-create"))
                .map(e -> e.get("pool").asText()).toList();
        assertEquals(3, pools.size(), "pools made: " + pools);
        List<String> ends = List.of("Pool.close", "ProcessPoolExecutor.close", "ProcessPoolExecutor.awaitTermination");
        for (int i = 0; i < ends.size(); i++) {
            List<JsonNode> waits = waits(events, main, ends.get(i));
            assertEquals(1, waits.size(), ends.get(i) + ": " + waits);
            JsonNode w = waits.get(0);
            assertEquals("pool", w.get("kind").asText(), w.toString());
            assertEquals(pools.get(i), w.get("obj").asText(), w.toString());
            assertTrue(lasted(events, w) >= 300_000, "as long as the task still to run: " + lasted(events, w) + " us, " + w);
            assertClosed(events, waits);
        }
        assertEquals("60000", waits(events, main, ends.get(2)).get(0).get("limit").asText(), "awaitTermination's limit");
    }

    /**
     * The parent's and the child's waits in {@code call}: one each that blocked for the other side's first {@code sent}
     * (its answer, 200 ms later), dated from the call; any other wait of {@code call} lasted the grace of 10 ms or more
     * (on a machine loaded from outside, an answer that comes at once can still take that long), and none is shorter.
     */
    private static List<JsonNode> oneWaitEachDatedFromItsCall(List<JsonNode> events, String call, String sent) {
        long main = MpTesting.firstStart(events).get("pid").asLong();
        long child = MpTesting.firstStart(events).get("child").asLong();
        List<JsonNode> both = new java.util.ArrayList<>();
        for (long[] waiterAndOther : new long[][] {{main, child}, {child, main}}) {
            long answered = firstUs(events, sent, waiterAndOther[1]);
            List<JsonNode> waits = waits(events, waiterAndOther[0], call);
            String whose = (waiterAndOther[0] == main ? "the parent's " : "the child's ") + call + ": " + waits;
            List<JsonNode> blocked = waits.stream().filter(w -> w.get("us").asLong() <= answered - 150_000).toList();
            assertEquals(1, blocked.size(), "one wait dated from the call, 200 ms before the other side's " + sent + " at "
                    + answered + ": " + whose);
            for (JsonNode w : waits) {
                assertTrue(lasted(events, w) >= 10_000, "a wait recorded only when it lasted 10 ms or more: " + w + " lasted "
                        + lasted(events, w) + " us; " + whose);
            }
            both.add(blocked.get(0));
        }
        return both;
    }

    /** How long wait {@code w} lasted, in microseconds, from its line to its {@code wait-end} (-1 when it has none). */
    private static long lasted(List<JsonNode> events, JsonNode w) {
        long pid = w.get("pid").asLong();
        long span = w.get("span").asLong();
        return events.stream().filter(e -> e.get("ev").asText().equals("wait-end") && e.get("pid").asLong() == pid
                && e.get("span").asLong() == span).findFirst().map(e -> e.get("us").asLong() - w.get("us").asLong()).orElse(-1L);
    }

    private static void assertClosed(List<JsonNode> events, List<JsonNode> waits) {
        for (JsonNode w : waits) {
            long span = w.get("span").asLong();
            assertTrue(events.stream().anyMatch(e -> e.get("ev").asText().equals("wait-end") && e.get("span").asLong() == span),
                    "closed: " + w);
        }
    }

    /** The time of the first event {@code ev} of process {@code pid}. */
    private static long firstUs(List<JsonNode> events, String ev, long pid) {
        return events.stream().filter(e -> e.get("ev").asText().equals(ev) && e.get("pid").asLong() == pid).findFirst()
                .orElseThrow().get("us").asLong();
    }

    private static List<JsonNode> waits(List<JsonNode> events, long pid, String call) {
        return events.stream().filter(e -> e.get("ev").asText().equals("wait") && e.get("pid").asLong() == pid
                && e.get("call").asText().equals(call)).toList();
    }
}
