package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}: real compiles and real forked JVMs on the test catalogue. */
class CheckCommandTest {
    @TempDir
    Path tmp;
    Path catalogue;
    Path ws;
    CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        catalogue = TestCatalogue.write(tmp.resolve("catalogue"));
        ws = tmp.resolve("ws");
        cli = new CliRun(tmp).env("MP_PRACTICE_CATALOGUE", catalogue.toString());
    }

    private CliRun.Result run(String... args) {
        return cli.run(Stream.concat(Stream.of("--workspace", ws.toString()), Stream.of(args)).toArray(String[]::new));
    }

    private void solve(int n, String folder, String cls) throws Exception {
        run("start", String.valueOf(n));
        Files.copy(catalogue.resolve(folder + "/solution/" + cls + ".java"), ws.resolve(folder + "/" + cls + ".java"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private JsonNode listed(int n) throws Exception {
        return new ObjectMapper().readTree(run("list", "--json").out()).get(n - 1);
    }

    @Test
    void aWrongOutputExitsOneAndShowsExpectedActualAndTheWayOn() throws Exception {
        run("start", "1");
        CliRun.Result r = run("check", "1");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("the output is not the expected one"), r::toString);
        assertTrue(r.out().contains("- Hello, world"), r::toString);
        assertTrue(r.out().contains("+ Hello, wrold"), r::toString);
        assertTrue(r.out().contains("Edit   " + ws.resolve("01-hello/Hello.java")), r::toString);
        assertTrue(r.out().contains("mp-practice hint 1"), r::toString);
        assertEquals("failing", listed(1).get("status").asText());
        assertEquals("output-mismatch", listed(1).get("lastOutcome").asText());
    }

    @Test
    void verboseSplitsTheTimeIntoCompileStartRunAndJudgeAndNoJvmIsLeftWaiting() throws Exception {
        solve(1, "01-hello", "Hello");
        java.util.Set<ProcessHandle> before = ProcessHandle.current().descendants().collect(java.util.stream.Collectors.toSet());
        CliRun.Result r = run("check", "1", "--verbose");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().matches("(?s).*compile [0-9.]+ s, start [0-9.]+ s, run [0-9.]+ s, judge [0-9.]+ s, total [0-9.]+ s.*"),
                r::toString);
        CliRun.Result broken = run("check", "2");
        assertEquals(1, broken.code(), "not started: no check, and the JVM started ahead is ended");
        assertEquals(java.util.List.of(), ProcessHandle.current().descendants().filter(h -> !before.contains(h) && h.isAlive()).toList());
    }

    @Test
    void theJvmStartedBeforeTheParseServesTheCheckOrIsEndedAndLeavesNoRunFolder() throws Exception {
        solve(1, "01-hello", "Hello");
        java.util.Set<ProcessHandle> before = ProcessHandle.current().descendants().collect(java.util.stream.Collectors.toSet());
        Path runs = ws.resolve(".mp-practice/cache/runs");
        CliRun.Result usage = run("check", "1", "--no-such-option");
        assertEquals(2, usage.code(), usage::toString);
        assertEquals(java.util.List.of(), ProcessHandle.current().descendants().filter(h -> !before.contains(h) && h.isAlive()).toList());
        assertTrue(!Files.exists(runs) || Files.list(runs).findAny().isEmpty(), "the run folder of the JVM started ahead is gone");
        CliRun.Result pass = run("check", "1");
        assertEquals(0, pass.code(), pass::toString);
        assertTrue(pass.out().contains("passes"), pass::toString);
        assertEquals(java.util.List.of(), ProcessHandle.current().descendants().filter(h -> !before.contains(h) && h.isAlive()).toList());
        assertTrue(Files.list(runs).findAny().isEmpty(), "no run folder left");
    }

    @Test
    void onlyAPlainCheckInAWorkspaceThatExistsStartsItsJvmBeforeTheParse() throws Exception {
        run("start", "1");
        java.util.function.Predicate<String[]> early = args -> {
            Context ctx = new Context(new Env(java.util.Map.of("HOME", tmp.resolve(".home").toString()), tmp, false, true));
            ctx.startCheckEarly(args);
            boolean started = ctx.checkStartedEarly();
            ctx.discardEarlyCheck();
            return started;
        };
        String w = ws.toString();
        assertTrue(early.test(new String[] {"--workspace", w, "check", "1"}));
        assertTrue(early.test(new String[] {"--verbose", "--workspace=" + w, "--color", "never", "check"}));
        assertFalse(early.test(new String[] {"--workspace", w, "list"}));
        assertFalse(early.test(new String[] {"--workspace", w, "check", "--help"}));
        assertFalse(early.test(new String[] {"--workspace", w, "check", "1", "--workspace", w}), "options after the name: picocli's");
        assertFalse(early.test(new String[] {"--workspace"}));
        assertFalse(early.test(new String[] {}));
    }

    /**
     * With the built-in catalogue, a plain {@code check 1} (or {@code check}, the current exercise) runs its
     * program while its command line is parsed, and the verdict is that run's: the program runs once.
     */
    @Test
    void aPlainCheckOfTheBuiltInCatalogueRunsItsProgramOnceBeforeTheParseEnds() throws Exception {
        CliRun builtin = new CliRun(tmp);
        String w = ws.toString();
        assertEquals(0, builtin.run("--workspace", w, "start", "1").code());
        dev.mppractice.catalogue.Exercise one = dev.mppractice.catalogue.Catalogue.builtin().find("1").orElseThrow();
        Path runs = tmp.resolve("runs");
        String main = "public static void main(String[] args) throws InterruptedException {";
        Files.writeString(ws.resolve(one.folderName()).resolve(one.fileName()), one.solutionSource().replace(main, main
                + " try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + runs + "\"), \"run\\n\","
                + " java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND); }"
                + " catch (java.io.IOException e) { throw new RuntimeException(e); }"));
        java.util.Set<ProcessHandle> before = ProcessHandle.current().descendants().collect(java.util.stream.Collectors.toSet());
        CliRun.Result current = builtin.run("--workspace", w, "check");
        assertEquals(0, current.code(), current::toString);
        assertTrue(current.out().contains("Exercise 1"), current::toString);
        assertEquals(1, Files.readAllLines(runs).size(), "the program ran once");
        CliRun.Result pass = builtin.run("--workspace", w, "check", "1");
        assertEquals(0, pass.code(), pass::toString);
        assertEquals(2, Files.readAllLines(runs).size(), "once more");
        assertEquals(java.util.List.of(), ProcessHandle.current().descendants().filter(h -> !before.contains(h) && h.isAlive()).toList());

        // A check whose command fails after its program began (an unreadable progress file) ends that program.
        Files.writeString(ws.resolve(".mp-practice/state.json"), "{ not json");
        CliRun.Result broken = builtin.run("--workspace", w, "check", "1");
        assertEquals(3, broken.code(), broken::toString);
        assertEquals(java.util.List.of(), ProcessHandle.current().descendants().filter(h -> !before.contains(h) && h.isAlive()).toList());
        assertTrue(Files.list(ws.resolve(".mp-practice/cache/runs")).findAny().isEmpty(), "no run folder left");
    }

    @Test
    void theDiffIsColouredWhenColourIsOn() throws Exception {
        run("start", "1");
        CliRun.Result r = run("check", "1", "--color=always");
        assertTrue(r.out().contains("\033[31m- Hello, world"), r::toString);
        assertTrue(r.out().contains("\033[32m+ Hello, wrold"), r::toString);
    }

    @Test
    void aPassExitsZeroRecordsDoneAndPointsToTheNextExercise() throws Exception {
        solve(1, "01-hello", "Hello");
        CliRun.Result r = run("check", "hello");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Exercise 1 · Say hello: passes"), r::toString);
        assertTrue(r.out().contains("mp-practice start 2"), r::toString);
        assertTrue(r.out().contains("mp-practice solution 1"), r::toString);
        JsonNode one = listed(1);
        assertEquals("done", one.get("status").asText());
        assertFalse(one.get("passedAt").isNull());
        CliRun.Result solution = run("solution", "1");
        assertEquals(0, solution.code(), "the solution is open once the exercise passes: " + solution);
        assertTrue(run().out().contains("1/3 done"), "the welcome counts it");
    }

    @Test
    void aCompileErrorShowsFileLineAndCaret() throws Exception {
        run("start", "2");
        Path file = ws.resolve("02-count-up/CountUp.java");
        Files.writeString(file, "public class CountUp {\n    public static void main(String[] args) {\n        System.out.println(x);\n    }\n}\n");
        CliRun.Result r = run("check", "2");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("does not compile"), r::toString);
        assertTrue(r.out().contains("CountUp.java:3:"), r::toString);
        assertTrue(r.out().contains("System.out.println(x);"), "shows the line: " + r);
        assertTrue(r.out().contains("^"), r::toString);
        assertEquals("compile-error", listed(2).get("lastOutcome").asText());
    }

    @Test
    void theRightLinesInAnotherOrderAreNamedAsSuch() throws Exception {
        run("start", "2");
        Files.writeString(ws.resolve("02-count-up/CountUp.java"),
                "public class CountUp { public static void main(String[] a) { System.out.println(3); System.out.println(2); System.out.println(1); } }\n");
        CliRun.Result r = run("check", "2");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("right lines in another order"), r::toString);
    }

    @Test
    void aHangIsStoppedAtTheTimeLimitAndSaysSo() {
        run("start", "3");
        CliRun.Result r = run("check", "3");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("the run was stopped after 1 s"), r::toString);
        assertTrue(r.out().contains("Edit"), r::toString);
    }

    @Test
    void checkingAnExerciseNotStartedSaysHowToStartIt() {
        CliRun.Result r = run("check", "2");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("mp-practice start 2"), r::toString);
    }

    @Test
    void checkWithoutAnExerciseChecksTheCurrentOne() throws Exception {
        solve(2, "02-count-up", "CountUp");
        CliRun.Result r = run("check");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Exercise 2"), r::toString);
    }

    @Test
    void checkAllChecksEveryStartedExerciseOneLineEach() throws Exception {
        solve(1, "01-hello", "Hello");
        run("start", "2");
        CliRun.Result r = run("check", "--all");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().matches("(?s).*1\\s+hello\\s+passes.*"), r::toString);
        assertTrue(r.out().matches("(?s).*2\\s+count-up\\s+the output is not the expected one.*"), r::toString);
        assertFalse(r.out().contains("stop-in-time"), "not started, not checked: " + r);
        var rows = r.out().lines().filter(l -> l.contains("hello") || l.contains("count-up")).toList();
        assertEquals(rows.get(0).indexOf("passes"), rows.get(1).indexOf("the output"), "verdicts in one column: " + r);
        assertTrue(r.out().contains("1 of 2 started exercises pass."), r::toString);
        assertTrue(r.out().contains("mp-practice check 2"), r::toString);

        solve(2, "02-count-up", "CountUp");
        assertEquals(0, run("check", "--all").code());
    }

    @Test
    void checkAllWithNothingStartedSaysWhereToBegin() {
        CliRun.Result r = run("check", "--all");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("mp-practice start 1"), r::toString);
    }

    @Test
    void devCheckFindsTheTestCatalogueSound() {
        CliRun.Result r = cli.run("dev", "check");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("The catalogue is sound"), r::toString);
    }

    @Test
    void devCheckFailsWhenASolutionDoesNotPass() throws Exception {
        Files.writeString(catalogue.resolve("02-count-up/expected.txt"), "1\n2\n3\n4\n");
        CliRun.Result r = cli.run("dev", "check");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("count-up"), r::toString);
    }
}
