package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mppractice.recordcaller.FailingChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The run record is buffered in each process: every way a process ends that the library sees
 * writes what it buffered, without the flusher's help (here it would flush after an hour).
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedExitsTest {
    private static final String NO_FLUSHER = "-Dmp.recordFlushMillis=3600000";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "a child ending by {0}")
    @CsvSource({"return, 0", "exit, 3", "throw, 1", "SIGTERM, -15"})
    void everyWayOutWritesTheBufferedEventsOfTheChildAndOfItsParent(String how, int exitcode) throws Exception {
        Path record = tmp.resolve("record.jsonl");
        try (Jvm program = Jvm.start(List.of("-Dmp.record=" + record, NO_FLUSHER, "-Dmp.childJvmArgs=" + NO_FLUSHER),
                RecordedExitsMain.class, how)) {
            assertEquals(0, program.waitFor(secs(60)), program::stderr);
            assertEquals("exitcode " + exitcode, program.stdout().strip());
        }
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(record)) {
            events.add(json.readTree(line));
        }
        JsonNode start = only(events, "process-start");
        long child = start.get("child").asLong();
        long main = start.get("pid").asLong();
        assertEquals(3, count(events, "value-write", child), "the child's writes: " + events);
        assertEquals(1, count(events, "process-run", child));
        assertEquals(2, count(events, "value-write", main), "the parent's writes, at its end");
        assertEquals(exitcode, only(events, "process-exit").get("exitcode").asInt());
    }

    /**
     * A daemon the program left running, which the library ended as the program ended, is told from one the program
     * terminated: exercise 15's main that never terminated the stubborn worker was taken to have done so.
     */
    @ParameterizedTest(name = "a child ending by {0}")
    @CsvSource({"SIGTERM, exitcode -15, false", "daemon-left, left running, true"})
    void anExitSaysWhetherTheLibraryEndedTheChildAsTheProgramEnded(String how, String out, boolean atexit)
            throws Exception {
        Path record = tmp.resolve("record.jsonl");
        try (Jvm program = Jvm.start(List.of("-Dmp.record=" + record), RecordedExitsMain.class, how)) {
            assertEquals(0, program.waitFor(secs(60)), program::stderr);
            assertEquals(out, program.stdout().strip());
        }
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(record)) {
            events.add(json.readTree(line));
        }
        JsonNode exit = only(events, "process-exit");
        assertEquals(-15, exit.get("exitcode").asInt(), exit.toString());
        assertEquals(atexit, exit.path("atexit").asBoolean(), exit.toString());
    }

    /**
     * A child whose task threw says so itself, before it ends (the checker tells which process failed where, with
     * what): the exception's class, its message's first line, the program's line, and whether the library threw it.
     */
    @ParameterizedTest(name = "a child ending by {0}")
    @CsvSource({"throw, IllegalStateException, the child ends by throwing, " + FailingChild.THROW_SITE + ", false",
            "refused, ProcessException, release of a lock that is not held, " + FailingChild.REFUSED_SITE + ", true"})
    void aChildWhoseTaskThrewRecordsWhatWhereAndWhetherTheLibraryThrewIt(String how, String error, String message,
            String at, boolean library) throws Exception {
        Path record = tmp.resolve("record.jsonl");
        try (Jvm program = Jvm.start(List.of("-Dmp.record=" + record), FailingChild.class, how)) {
            assertEquals(0, program.waitFor(secs(60)), program::stderr);
            assertEquals("exitcode 1", program.stdout().strip());
        }
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(record)) {
            events.add(json.readTree(line));
        }
        JsonNode fail = only(events, "process-fail");
        assertEquals(only(events, "process-start").get("child").asLong(), fail.get("pid").asLong());
        assertEquals(error, fail.get("error").asText());
        assertEquals(message, fail.get("message").asText());
        assertEquals(at, fail.get("at").asText());
        assertEquals(library, fail.get("library").asBoolean());
    }

    @ParameterizedTest(name = "a child ending by {0}")
    @CsvSource({"return", "exit", "SIGTERM"})
    void aChildThatEndsWithoutThrowingRecordsNoFailure(String how) throws Exception {
        Path record = tmp.resolve("record.jsonl");
        try (Jvm program = Jvm.start(List.of("-Dmp.record=" + record), RecordedExitsMain.class, how)) {
            assertEquals(0, program.waitFor(secs(60)), program::stderr);
        }
        assertEquals(List.of(), Files.readAllLines(record).stream().filter(l -> l.contains("\"process-fail\"")).toList());
    }

    private static JsonNode only(List<JsonNode> events, String ev) {
        List<JsonNode> found = events.stream().filter(e -> e.get("ev").asText().equals(ev)).toList();
        assertEquals(1, found.size(), ev + " in " + events);
        return found.get(0);
    }

    private static long count(List<JsonNode> events, String ev, long pid) {
        return events.stream().filter(e -> e.get("ev").asText().equals(ev) && e.get("pid").asLong() == pid).count();
    }
}
