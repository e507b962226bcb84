package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The record says when the program closed or stopped each pool ({@code pool-close}), and writes nothing for one left open. */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedPoolCloseTest {
    @TempDir
    Path tmp;

    @Test
    void eachWayOfClosingAPoolIsRecordedOnceAndAPoolLeftOpenIsNot() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedPoolCloseMain.class, "done", secs(60));
        List<String> pools = new ArrayList<>();
        List<String> closes = new ArrayList<>();
        for (JsonNode e : events) {
            switch (e.get("ev").asText()) {
                case "pool-create" -> pools.add(e.get("pool").asText());
                case "pool-close" -> closes.add("pool " + pools.indexOf(e.get("pool").asText()) + " " + e.get("how").asText());
                default -> {
                }
            }
        }
        assertEquals(6, pools.size(), "pools made: " + pools);
        assertEquals(List.of("pool 0 shutdown", "pool 0 terminate", "pool 1 terminate", "pool 2 shutdown", "pool 3 terminate",
                "pool 4 shutdown"), closes);
    }
}
