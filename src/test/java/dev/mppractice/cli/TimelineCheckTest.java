package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline of a real run: exercise 3's reference solution through {@code check}, in forked JVMs. */
class TimelineCheckTest {
    private static final Path EXERCISES = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")), "exercises");

    @TempDir
    Path tmp;
    Path ws;
    CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        ws = tmp.resolve("ws");
        cli = new CliRun(tmp).env("COLUMNS", "80");
        run("start", "3");
        Path file = Path.of(new ObjectMapper().readTree(run("list", "--json").out()).get(2).get("file").asText());
        Files.copy(EXERCISES.resolve("03-queue-primes/solution/QueuePrimes.java"), file, StandardCopyOption.REPLACE_EXISTING);
    }

    private CliRun.Result run(String... args) {
        return cli.run(Stream.concat(Stream.of("--workspace", ws.toString()), Stream.of(args)).toArray(String[]::new));
    }

    /** The row of {@code process} in the timeline under the verdict, without its name. */
    /** The whole line of a process's row: every row's bar starts at the same column, so columns compare across rows. */
    private static String row(String out, String process) {
        return out.lines().filter(l -> l.startsWith("  " + process + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + process + " in\n" + out));
    }

    @Test
    void aPassingCheckShowsTheMainProcessAndItsChildTheChildsStartAndTheMessage() {
        CliRun.Result r = run("check", "3");
        assertEquals(0, r.code(), r::toString);
        String main = row(r.out(), "MainProcess");
        String child = row(r.out(), "Process-1");
        assertTrue(child.contains("░"), "the child's JVM starting: " + r.out());
        assertTrue(child.indexOf('░') < child.indexOf('▲'), "it starts, then puts the item: " + r.out());
        assertTrue(main.contains("▼"), "main gets the item: " + r.out());
        assertTrue(child.indexOf('▲') <= main.indexOf('▼'), "sent before received: " + r.out());
        long timelineLines = r.out().lines().dropWhile(l -> !l.startsWith("  Timeline")).takeWhile(l -> !l.isBlank()).count();
        assertTrue(timelineLines <= 10, r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 80 || !l.contains("█")), "rows fit in COLUMNS: " + r.out());
    }

    @Test
    void mainsWaitForTheItemShows() throws Exception {
        Path trace = tmp.resolve("run.json");
        CliRun.Result r = run("check", "3", "--timeline", "--trace", trace.toString());
        assertEquals(0, r.code(), r::toString);
        boolean waitsRecorded = false;
        for (JsonNode e : new ObjectMapper().readTree(trace.toFile()).get("traceEvents")) {
            waitsRecorded |= e.path("cat").asText().equals("wait");
        }
        // Main asks for the item while the child's JVM is still starting, so its get must block.
        assertTrue(waitsRecorded, "the trace has main's wait: " + r.out());
        assertTrue(row(r.out(), "MainProcess").contains("▁"), "main blocked in get: " + r.out());
        assertTrue(r.out().contains("Queue.get at QueuePrimes.java:"), r.out());
    }

    @Test
    void aMainThatSleptIsDrawnSleepingAndItsSleepIsInTheTraceWithItsLine() throws Exception {
        Path file = Path.of(new ObjectMapper().readTree(run("list", "--json").out()).get(2).get("file").asText());
        Files.copy(EXERCISES.resolve("03-queue-primes/fixtures/sleep-then-getnowait/QueuePrimes.java"), file,
                StandardCopyOption.REPLACE_EXISTING);
        Path trace = tmp.resolve("slept.json");
        CliRun.Result r = run("check", "3", "--trace", trace.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("took the primes with `getNowait()`"), r.out());
        String main = row(r.out(), "MainProcess");
        assertTrue(main.chars().filter(c -> c == 'z').count() > main.length() / 2, "main slept most of the run: " + r.out());
        assertTrue(r.out().contains("z sleeping"), r.out());
        List<String> sleeps = new java.util.ArrayList<>();
        for (JsonNode e : new ObjectMapper().readTree(trace.toFile()).get("traceEvents")) {
            if (e.path("cat").asText().equals("sleep")) sleeps.add(e.path("args").path("at").asText() + " " + e.path("dur").asLong());
        }
        assertEquals(1, sleeps.size(), sleeps::toString);
        assertTrue(sleeps.get(0).startsWith("QueuePrimes.java:21 "), sleeps::toString);
        long us = Long.parseLong(sleeps.get(0).split(" ")[1]);
        assertTrue(us > 2_300_000 && us < 3_500_000, "the 2.5 s sleep lasted " + us + " us in the trace");
    }

    @Test
    void theFullTimelineAndTheTraceFileOfTheSameRun() throws Exception {
        Path trace = tmp.resolve("traces/ex3.json");
        CliRun.Result r = run("check", "3", "--timeline", "--trace", trace.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Timeline of the run: "), r.out());
        assertTrue(r.out().contains("2 processes, 1 message"), r.out());
        assertTrue(r.out().contains("░ starting: its JVM launching"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  Process-1") && l.trim().endsWith(" 0")), "the child's exit code: " + r.out());
        assertTrue(r.out().contains("Process-1 ▲ ") && r.out().contains("→  MainProcess ▼ "), r.out());
        assertTrue(r.out().contains("Trace written to " + trace), r.out());

        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        Map<Long, String> names = new HashMap<>();
        int flows = 0;
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("name").asText().equals("process_name")) names.put(e.get("pid").asLong(), e.get("args").get("name").asText());
            if (List.of("s", "f").contains(e.get("ph").asText())) flows++;
        }
        assertEquals(List.of("MainProcess", "Process-1"), names.values().stream().sorted().toList(), "one pid per process");
        assertEquals(2, flows, "the queue item as a flow from Process-1 to MainProcess");
    }

    @Test
    void checkAllTakesNoTimelineOption() {
        CliRun.Result r = run("check", "--all", "--timeline");
        assertEquals(ExitCodes.USAGE, r.code(), r::toString);
        assertTrue(r.all().contains("give one exercise"), r::toString);
    }
}
