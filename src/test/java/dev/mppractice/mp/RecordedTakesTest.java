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
 * A take that could not wait is marked in the record: exercise 3's main that slept 2.5 s and then took the primes
 * with {@code getNowait()} passed, though what it found there came down to how long it slept.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedTakesTest {
    @TempDir
    Path tmp;

    @Test
    void aTakeThatCouldNotWaitIsMarkedNowaitAndTheOthersAreNot() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedTakesMain.class, "sum 15",
                secs(60));
        assertEquals(List.of("waits", "waits", "nowait"), takes(events, "taker"), "get(), get(5 s), getNowait()");
        assertEquals(List.of("waits", "waits", "nowait"), takes(events, "MainProcess"),
                "back.get(), then a manager's queue: get(), getNowait()");
    }

    private static List<String> takes(List<JsonNode> events, String proc) {
        return events.stream().filter(e -> e.get("ev").asText().equals("queue-get") && e.get("proc").asText().equals(proc))
                .map(e -> e.path("nowait").asBoolean() ? "nowait" : "waits").toList();
    }
}
