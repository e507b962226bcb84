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
 * A child's standard output and its parent's are one file: the record says which lines the children
 * printed ({@code print}), each as it ends, so that a rule can ask for a line to come from a child.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedPrintsTest {
    @TempDir
    Path tmp;

    @Test
    void eachLineAChildPrintsIsRecordedWithItsTextAndTheOutputIsUnchanged() throws Exception {
        // compared line by line (a line's end, \r\n or \n, is not kept)
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedPrintsMain.class,
                "main first\nProcess Alpha done\nin pieces\nprintf done\ntwo\nlines\n" + "x".repeat(300)
                        + "\nkept in a static field\nno endmain between\nworker 7\nmain last", secs(60));
        List<String> printed = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.get("ev").asText().equals("print")) {
                printed.add(e.get("proc").asText() + ": " + e.get("text").asText());
            }
        }
        assertEquals(List.of("Process-1: Process Alpha done", "Process-1: in pieces", "Process-1: printf done",
                "Process-1: two", "Process-1: lines", "Process-1: " + "x".repeat(200), "Process-1: kept in a static field",
                "PoolWorker-1: worker 7"),
                printed, "the children's lines only, the last one unended left out");
    }
}
