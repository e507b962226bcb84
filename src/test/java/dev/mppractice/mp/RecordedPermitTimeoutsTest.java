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
 * A take of a permit that gave up is in the record: exercise 18's downloader that ignored {@code tryAcquire}'s false
 * downloaded without a connection, and nothing showed it.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedPermitTimeoutsTest {
    @TempDir
    Path tmp;

    @Test
    void everyTakeThatGaveUpIsRecordedAndTheTakeThatGotAPermitIsNot() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedPermitTimeoutsMain.class,
                "false false false exitcode 0", secs(60));
        List<String> child = events.stream().filter(e -> e.get("proc").asText().equals("downloader"))
                .map(e -> e.get("ev").asText()).filter(ev -> ev.startsWith("semaphore-")).toList();
        assertEquals(List.of("semaphore-timeout", "semaphore-timeout", "semaphore-timeout", "semaphore-acquire",
                "semaphore-release"), child);
    }
}
