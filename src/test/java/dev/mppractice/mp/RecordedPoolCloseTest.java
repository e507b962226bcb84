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

/**
 * The record says when the program closed or stopped each pool ({@code pool-close}), and writes nothing for one left
 * open; and the owner names each worker it starts ({@code worker-start}), which is how the checker tells a worker
 * whose JVM is still starting from a spare.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedPoolCloseTest {
    @TempDir
    Path tmp;

    @Test
    void eachWayOfClosingAPoolIsRecordedOnceAPoolLeftOpenIsNotAndEachWorkerStartedIsNamed() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedPoolCloseMain.class, "done", secs(60));
        List<String> pools = new ArrayList<>();
        List<String> closes = new ArrayList<>();
        java.util.Map<Long, String> started = new java.util.TreeMap<>();
        java.util.Map<Long, String> workers = new java.util.TreeMap<>();
        for (JsonNode e : events) {
            if (e.get("proc").asText().startsWith("PoolWorker-")) {
                workers.put(e.get("pid").asLong(), e.get("proc").asText());
            }
            switch (e.get("ev").asText()) {
                case "worker-start" -> started.put(e.get("worker").asLong(), e.get("name").asText());
                case "pool-create" -> pools.add(e.get("pool").asText());
                case "pool-close" -> closes.add("pool " + pools.indexOf(e.get("pool").asText()) + " " + e.get("how").asText());
                default -> {
                }
            }
        }
        assertEquals(6, pools.size(), "pools made: " + pools);
        assertEquals(List.of("pool 0 shutdown", "pool 0 terminate", "pool 1 terminate", "pool 2 shutdown", "pool 3 terminate",
                "pool 4 shutdown"), closes);
        assertEquals(6, started.size(), "one worker started for each pool of one: " + started);
        workers.forEach((pid, name) -> assertEquals(name, started.get(pid), "worker " + pid + " as its start named it"));
        org.junit.jupiter.api.Assertions.assertTrue(workers.size() >= 3, "the workers of the three pools given work wrote to the record: " + workers);
    }
}
