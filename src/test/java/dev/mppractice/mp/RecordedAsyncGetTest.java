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
 * An {@code async-get} says whether the result was taken within a time limit ({@code limited}): a timeout of the call's
 * own, or a {@code waitFor(timeout)} before it that found the task finished (Python's {@code r.wait(5)}, then
 * {@code r.get()}); a plain {@code get()} of a result not known to be finished had none.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedAsyncGetTest {
    @TempDir
    Path tmp;

    @Test
    void aGetSaysWhetherItHadATimeLimit() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedAsyncGetMain.class, "sum 10",
                secs(60));
        List<JsonNode> gets = events.stream().filter(e -> e.get("ev").asText().equals("async-get")).toList();
        assertEquals(List.of(true, false, true, false), gets.stream().map(g -> g.path("limited").asBoolean()).toList(),
                "after a waitFor that saw it finish, plain, with a timeout, after a waitFor that ran out: " + gets);
        assertEquals(List.of(false, false, true, false), gets.stream().map(g -> g.get("timeout").asBoolean()).toList(),
                "only the third was given a timeout: " + gets);
    }
}
