package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a program learns that a pool's work was done writes a {@code pool-done}, and a result never asked for
 * writes none: exercise 10's main that slept 3 s after {@code mapAsync} and read the shared dict before it asked for the
 * map's result passed, the workers' writes there only because of when it read them.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedPoolDoneTest {
    @TempDir
    Path tmp;

    @Test
    void everyWayOfLearningThatTheWorkIsDoneIsRecordedAndAResultNeverAskedForIsNot() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedPoolDoneMain.class,
                "before close\nsum 12", secs(90));
        List<String> hows = events.stream().filter(e -> e.get("ev").asText().equals("pool-done"))
                .map(e -> e.get("how").asText()).toList();
        assertEquals(List.of("map", "get", "imapUnordered", "ready", "close", "map", "get", "close"), hows);
        List<String> mains = events.stream().filter(e -> e.get("ev").asText().equals("pool-done"))
                .map(e -> e.get("proc").asText()).distinct().toList();
        assertEquals(List.of("MainProcess"), mains);
    }
}
