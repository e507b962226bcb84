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
        long main = MpTesting.firstStart(events).get("pid").asLong();
        long child = MpTesting.firstStart(events).get("child").asLong();
        List<JsonNode> puts = events.stream().filter(e -> e.get("ev").asText().equals("queue-put")).toList();
        long childPut = puts.stream().filter(e -> e.get("pid").asLong() == child).findFirst().orElseThrow().get("us").asLong();
        long parentPut = puts.stream().filter(e -> e.get("pid").asLong() == main).findFirst().orElseThrow().get("us").asLong();

        List<JsonNode> mainWaits = waits(events, main);
        assertEquals(1, mainWaits.size(), "the parent's one blocking get, not the get of an item already there: " + mainWaits);
        assertTrue(mainWaits.get(0).get("us").asLong() <= childPut - 150_000,
                "dated from the call, 200 ms before the child's put: " + mainWaits.get(0) + " put at " + childPut);
        List<JsonNode> childWaits = waits(events, child);
        assertEquals(1, childWaits.size(), "the child's get through the parent: " + childWaits);
        assertTrue(childWaits.get(0).get("us").asLong() <= parentPut - 150_000,
                "dated from the call, 200 ms before the parent's put: " + childWaits.get(0) + " put at " + parentPut);
        for (JsonNode w : List.of(mainWaits.get(0), childWaits.get(0))) {
            long span = w.get("span").asLong();
            assertTrue(events.stream().anyMatch(e -> e.get("ev").asText().equals("wait-end") && e.get("span").asLong() == span),
                    "closed: " + w);
        }
    }

    /** The same of a pipe's {@code recv} and {@code poll}: and a hundred round trips answered at once are no waits. */
    @Test
    void aRecvOrPollThatBlocksIsAWaitFromItsCallToItsEndAndARoundTripIsNot() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedPipeWaitsMain.class,
                "got 1 then 4950 then true 7 exitcode 0", secs(60));
        long main = MpTesting.firstStart(events).get("pid").asLong();
        long child = MpTesting.firstStart(events).get("child").asLong();
        List<JsonNode> sends = events.stream().filter(e -> e.get("ev").asText().equals("pipe-send")).toList();
        long childSend = sends.stream().filter(e -> e.get("pid").asLong() == child).findFirst().orElseThrow().get("us").asLong();
        long parentSend = sends.stream().filter(e -> e.get("pid").asLong() == main).findFirst().orElseThrow().get("us").asLong();

        List<JsonNode> mainWaits = waits(events, main, "Connection.recv");
        assertEquals(1, mainWaits.size(), "the parent's first recv, not those of the round trips: " + mainWaits);
        assertTrue(mainWaits.get(0).get("us").asLong() <= childSend - 150_000,
                "dated from the call, 200 ms before the child's send: " + mainWaits.get(0) + " sent at " + childSend);
        List<JsonNode> childWaits = waits(events, child, "Connection.recv");
        assertEquals(1, childWaits.size(), "the child's first recv: " + childWaits);
        assertTrue(childWaits.get(0).get("us").asLong() <= parentSend - 150_000,
                "dated from the call, 200 ms before the parent's send: " + childWaits.get(0) + " sent at " + parentSend);
        List<JsonNode> polls = waits(events, main, "Connection.poll");
        assertEquals(1, polls.size(), "the poll for the child's last word: " + polls);
        for (JsonNode w : List.of(mainWaits.get(0), childWaits.get(0), polls.get(0))) {
            long span = w.get("span").asLong();
            assertTrue(events.stream().anyMatch(e -> e.get("ev").asText().equals("wait-end") && e.get("span").asLong() == span),
                    "closed: " + w);
        }
        assertEquals("30000", polls.get(0).get("limit").asText(), "a poll's limit: " + polls.get(0));
    }

    private static List<JsonNode> waits(List<JsonNode> events, long pid) {
        return waits(events, pid, "Queue.get");
    }

    private static List<JsonNode> waits(List<JsonNode> events, long pid, String call) {
        return events.stream().filter(e -> e.get("ev").asText().equals("wait") && e.get("pid").asLong() == pid
                && e.get("call").asText().equals(call)).toList();
    }
}
