package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mppractice.recordcaller.SleepingMain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched main's sleep is recorded, with its line and about its length: the timeline drew a main that slept 2 s
 * instead of joining its child as running all that time.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedSleepTest {
    @TempDir
    Path tmp;

    @Test
    void aWatchedMainsSleepIsASpanWithItsLine() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), SleepingMain.class,
                "Process Alpha done\nMain process done", secs(60));
        List<JsonNode> sleeps = events.stream().filter(e -> e.get("ev").asText().equals("sleep")).toList();
        assertEquals(1, sleeps.size(), events.toString());
        JsonNode sleep = sleeps.get(0);
        assertEquals("MainProcess", sleep.get("proc").asText());
        assertEquals(SleepingMain.SLEEP_SITE, sleep.get("at").asText());
        JsonNode end = events.stream().filter(e -> e.get("ev").asText().equals("sleep-end")).findFirst().orElseThrow();
        assertEquals(sleep.get("span").asLong(), end.get("span").asLong());
        long us = end.get("us").asLong() - sleep.get("us").asLong();
        // seen every 10 ms: it begins up to 10 ms late and ends up to 10 ms late (more on a loaded machine)
        assertTrue(us > 400_000 && us < 1_500_000, "the sleep lasted " + us + " us");
    }
}
