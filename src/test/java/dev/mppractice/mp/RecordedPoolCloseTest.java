package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
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
        Path record = tmp.resolve("record.jsonl");
        try (Jvm program = Jvm.start(List.of("-Dmp.record=" + record), RecordedPoolCloseMain.class)) {
            assertEquals(0, program.waitFor(secs(60)), program::stderr);
        }
        ObjectMapper json = new ObjectMapper();
        List<String> pools = new ArrayList<>();
        List<String> closes = new ArrayList<>();
        for (String line : Files.readAllLines(record)) {
            JsonNode e = json.readTree(line);
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
