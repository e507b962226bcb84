package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mppractice.recordcaller.ThreadsLeftChild;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child whose task returned while a thread it started was still running says so: exercise 1's child that ran
 * {@code worker} on a thread and returned printed nothing, and was told only that {@code worker} must run in the
 * Process (it did, on a thread the process's end stopped).
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedThreadsLeftTest {
    @TempDir
    Path tmp;

    @Test
    void aTaskThatReturnedWithItsThreadRunningIsRecordedWithTheThreadsLineAndOneThatJoinedItIsNot() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), ThreadsLeftChild.class,
                "exit codes 0 0", secs(60));
        List<String> left = events.stream().filter(e -> e.get("ev").asText().equals("threads-left"))
                .map(e -> e.get("proc").asText() + " " + e.get("name").asText() + " " + e.get("threads").asInt() + " "
                        + e.get("thread").asText() + " " + e.get("at").asText())
                .toList();
        assertEquals(List.of("left left 1 waiter ThreadsLeftChild.java:37"), left);
    }
}
