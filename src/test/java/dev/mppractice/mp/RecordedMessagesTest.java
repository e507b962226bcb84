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
 * A large message is in the record however many small ones came before it: exercise 22's rules
 * refuse a program that sends its large data through a queue or a pipe, and a record that kept only
 * the first messages of a kind would have let one pass that sent a thousand small items first.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedMessagesTest {
    @TempDir
    Path tmp;

    @Test
    void aLargeMessageIsRecordedAfterMoreSmallOnesThanTheRecordKeeps() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedMessagesMain.class,
                "received " + (RecordedMessagesMain.SMALL + 1) + " exitcode 0", secs(120));
        for (String kind : List.of("queue-put", "pipe-send")) {
            List<JsonNode> sent = events.stream().filter(e -> e.get("ev").asText().equals(kind)).toList();
            assertTrue(sent.size() < RecordedMessagesMain.SMALL, kind + ": the small ones are cut (" + sent.size() + ")");
            List<JsonNode> large = sent.stream().filter(e -> e.get("large").asBoolean()).toList();
            assertEquals(1, large.size(), kind + ": the large one is recorded");
            assertTrue(large.get(0).get("bytes").asInt() >= 4096, large.get(0).toString());
        }
        assertTrue(events.stream().anyMatch(e -> e.get("ev").asText().equals("record-truncated")
                && e.get("event").asText().equals("queue-put")), "the record says the kind was cut");
    }

    /**
     * A put on a {@code JoinableQueue} says so ({@code joinable}), a put on a plain {@code Queue} does not: exercise 21's
     * rule that counts the workers' results counted a producer process's tasks too, and passed workers that marked each
     * task done before they put its result (a prober's program).
     */
    @Test
    void aPutOnAJoinableQueueSaysSo() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedJoinablePutsMain.class,
                "task 7 result 49", secs(60));
        List<JsonNode> puts = events.stream().filter(e -> e.get("ev").asText().equals("queue-put")).toList();
        assertEquals(2, puts.size(), puts.toString());
        assertTrue(puts.get(0).path("joinable").asBoolean(false), "the task's put: " + puts.get(0));
        assertTrue(!puts.get(1).has("joinable"), "the result's put: " + puts.get(1));
    }

    /**
     * A call given a timeout longer than any its process gave that call before writes a {@code timeout-given} (the
     * checker's second runs hold a process back for longer than the longest of the calls that wait for it); shorter
     * ones, a timeout of zero and a guard's longer than a second run outwaits write none.
     */
    @Test
    void aTimeoutLongerThanAnyBeforeIsRecordedPerCallOfEachProcess() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedTimeoutsGivenMain.class,
                "took true set false exit 0", secs(60));
        long main = MpTesting.firstStart(events).get("pid").asLong();
        long child = MpTesting.firstStart(events).get("child").asLong();
        List<String> given = events.stream().filter(e -> e.get("ev").asText().equals("timeout-given"))
                .map(e -> (e.get("pid").asLong() == main ? "main " : e.get("pid").asLong() == child ? "child " : "other ")
                        + e.get("call").asText() + " " + e.get("ms").asLong())
                .sorted().toList();
        assertEquals(List.of("child Event.await 200", "main Lock.tryAcquire 30", "main Queue.get 50"), given);
    }
}
