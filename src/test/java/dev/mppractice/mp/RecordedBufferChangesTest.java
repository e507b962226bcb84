package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How much of a shared block each process changed, as its {@code buffer-close} tells it: a worker that wrote one byte of
 * its rows changed one part of 64, not the block (exercise 22's workers that each inverted one pixel, while main inverted
 * the rest, were seen only as having changed it).
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedBufferChangesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "a block of {0} bytes")
    @CsvSource({"49152, 64", "10, 10"})
    void eachProcessSaysHowManyPartsOfTheBlockItChanged(int size, int parts) throws Exception {
        Path record = tmp.resolve("record.jsonl");
        try (Jvm program = Jvm.start(List.of("-Dmp.record=" + record), BufferWritesMain.class, String.valueOf(size))) {
            assertEquals(0, program.waitFor(secs(60)), program::stderr);
        }
        Map<String, JsonNode> closes = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(record)) {
            JsonNode e = json.readTree(line);
            if (e.get("ev").asText().equals("buffer-close")) closes.put(e.get("proc").asText(), e);
        }
        assertEquals(List.of("one-byte", "every-byte", "MainProcess"), List.copyOf(closes.keySet()), closes.toString());
        assertEquals(1, closes.get("one-byte").get("partsChanged").asInt());
        assertEquals(true, closes.get("one-byte").get("changed").asBoolean());
        assertEquals(parts, closes.get("every-byte").get("partsChanged").asInt(), "7s over the first byte's 1 and 0s");
        assertEquals(parts, closes.get("MainProcess").get("partsChanged").asInt(), "every part differs from the zeros it made");
    }
}
