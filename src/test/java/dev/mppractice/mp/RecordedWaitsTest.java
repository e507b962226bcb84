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

    private static List<JsonNode> waits(List<JsonNode> events, long pid) {
        return events.stream().filter(e -> e.get("ev").asText().equals("wait") && e.get("pid").asLong() == pid
                && e.get("call").asText().equals("Queue.get")).toList();
    }
}
