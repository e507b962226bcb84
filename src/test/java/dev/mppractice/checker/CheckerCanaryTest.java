package dev.mppractice.checker;

import static dev.mppractice.checker.ProcessTable.assertNothingLeftBehind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.CanaryRun;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.catalogue.OutputMatch;
import dev.mppractice.catalogue.SecondRuns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary run, with real runs of exercise 2: a program that prints results it computed again in the main
 * process, after a pool computed them, prints the expected output even when every result the pool sends back is
 * altered, and is refused; the reference, which prints what the pool returned, passes.
 */
class CheckerCanaryTest {
    @TempDir
    Path cache;

    private Checker checker;
    private Exercise poolMap;
    private Set<ProcessHandle> before;

    @BeforeEach
    void setUp() throws Exception {
        before = ProcessTable.snapshot();
        checker = new Checker(new CheckerOptions(cache, null, CheckerOptions.DEFAULT_OUTPUT_CAP));
        poolMap = Catalogue.load(Path.of("exercises")).find("pool-map").orElseThrow();
        assertNotNull(poolMap.canary(), "exercise 2 has a canary run");
    }

    @AfterEach
    void nothingIsLeftRunning() {
        assertNothingLeftBehind(checker, before);
    }

    /** Sums written by the workers into a shared array: nothing crosses processes for the canary run to alter. */
    private static final String THROUGH_SHARED_MEMORY = """
            import dev.mppractice.mp.Array;
            import dev.mppractice.mp.LongArray;
            import dev.mppractice.mp.Pool;

            import java.util.ArrayList;
            import java.util.List;

            public class PoolMap {

                static long cpuIntensive(int n) {
                    long total = 0;
                    for (int i = 0; i < n * 10000; i++) {
                        total += i;
                    }
                    return total;
                }

                public static void main(String[] args) {
                    var numbers = List.of(100, 200, 150, 300, 250);
                    LongArray sums = Array.ofLongs(numbers.size());
                    try (var pool = new Pool()) {
                        pool.map((Integer i) -> { sums.set(i, cpuIntensive(numbers.get(i))); return 0; }, List.of(0, 1, 2, 3, 4));
                    }
                    List<Long> out = new ArrayList<>();
                    for (int i = 0; i < numbers.size(); i++) out.add(sums.get(i));
                    System.out.println(out);
                }
            }
            """;

    /** The squares come back from the pool; the total line is TOTAL, worked out from them or written out. */
    private static final String TOTALS = """
            import dev.mppractice.mp.Pool;
            import java.util.List;

            public class Totals {
                public static void main(String[] args) {
                    try (var pool = new Pool(2)) {
                        List<Integer> squares = pool.map((Integer n) -> n * n, List.of(1, 2, 3));
                        System.out.println(squares);
                        System.out.println("total: " + TOTAL);
                    }
                }
            }
            """;

    /**
     * A line of the output that must change in the canary run, where the others need not: exercise 23's total line
     * written out passed, since the counts beside it changed the output as a whole.
     */
    @Test
    void aCanaryLinePrintedUnchangedIsToldItsMessageAndOneWorkedOutFromTheResultsPasses() throws Exception {
        CanaryRun canary = new CanaryRun(null, false, List.of(new CanaryRun.Line(2, "The total is not the squares' sum.")));
        Exercise totals = new Exercise(98, "totals", "Totals", "", "Totals", "", "", "[1, 4, 9]\ntotal: 14\n", OutputMatch.EXACT,
                List.of("a", "b", "c"), Duration.ofSeconds(20), List.of(), List.of(), canary, SecondRuns.NONE);
        Path dir = java.nio.file.Files.createDirectories(cache.resolve("totals"));
        Path written = java.nio.file.Files.writeString(dir.resolve("Totals.java"), TOTALS.replace("TOTAL", "14"));
        CheckResult r = checker.check(totals, written);
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("The total is not the squares' sum.", r.missingBehaviour());
        Path summed = java.nio.file.Files.writeString(dir.resolve("Totals.java"),
                TOTALS.replace("TOTAL", "squares.stream().mapToInt(Integer::intValue).sum()"));
        CheckResult right = checker.check(totals, summed);
        assertEquals(Outcome.PASSED, right.outcome(), () -> Summary.of(right));
    }

    @Test
    void aCanaryLineIsComparedOnlyWhereTheOutputHasAsManyLines() {
        CanaryRun canary = new CanaryRun(null, false, List.of(new CanaryRun.Line(2, "two"), new CanaryRun.Line(3, "three")));
        assertEquals(Optional.empty(), Checker.unchangedLine(canary, "a\nb\nc\n", "x\ny\nz\n"));
        assertEquals(Optional.of(new CanaryRun.Line(3, "three")), Checker.unchangedLine(canary, "a\nb\nc\n", "x\ny\nc  \n"));
        assertEquals(Optional.of(new CanaryRun.Line(2, "two")), Checker.unchangedLine(canary, "a\nb\nc\n", "a\nb\nc\n"));
        assertEquals(Optional.empty(), Checker.unchangedLine(canary, "a\nb\nc\n", "a\nb\n"), "laid out otherwise");
    }

    @Test
    void linesAreTheSameButForTheirNumbersWhenOnlyNumbersDiffer() {
        assertTrue(Checker.sameLinesButNumbers("exit code 1 (1 of 10)\ndone\n", "exit code -4217 (1 of 10)  \ndone\n"));
        assertTrue(Checker.sameLinesButNumbers("took 0.25 s\n", "took 13 s\n"));
        assertTrue(!Checker.sameLinesButNumbers("exit code 1\ndone\n", "done\n"), "a line fewer");
        assertTrue(!Checker.sameLinesButNumbers("exit code 1\n", "exit status 1\n"), "a word changed");
    }

    /** A child that crashes (exit code 1), and main telling a crash from a clean end: CRASH_TEST. */
    private static final String CRASH = """
            import dev.mppractice.mp.Process;

            public class Crash {
                public static void main(String[] args) throws Exception {
                    Process p = new Process(() -> { throw new IllegalStateException("crash"); });
                    p.start();
                    p.join();
                    int code = p.exitCode();
                    System.out.println("ended with " + code);
                    if (CRASH_TEST) {
                        System.out.println("a crash: restarting");
                    }
                }
            }
            """;

    /**
     * A program that takes only exit code 1 for a crash prints the expected lines when its child crashes with 1 and
     * other lines when the canary run changes that code: exercise 11's supervisor that restarted only after exit code
     * 1 passed. With canary-same-lines it is told so; one that takes any code but 0 for a crash passes.
     */
    @Test
    void aCanaryRunThatPrintsOtherLinesThanTheNumbersAloneIsToldWithCanarySameLines() throws Exception {
        CanaryRun canary = new CanaryRun("Made up.", false, List.of(), false, "Only exit code 1 was taken for a crash.");
        Exercise crash = new Exercise(97, "crash", "Crash", "", "Crash", "", "", "ended with 1\na crash: restarting\n",
                OutputMatch.EXACT, List.of("a", "b", "c"), Duration.ofSeconds(20), List.of(), List.of(), canary, SecondRuns.NONE);
        Path dir = java.nio.file.Files.createDirectories(cache.resolve("crash"));
        Path onlyOne = java.nio.file.Files.writeString(dir.resolve("Crash.java"), CRASH.replace("CRASH_TEST", "code == 1"));
        CheckResult r = checker.check(crash, onlyOne);
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertTrue(r.missingBehaviour().startsWith("Only exit code 1 was taken for a crash.\nWhat it printed then:\n| ended with "),
                r.missingBehaviour());
        Path anyButZero = java.nio.file.Files.writeString(dir.resolve("Crash.java"), CRASH.replace("CRASH_TEST", "code != 0"));
        CheckResult right = checker.check(crash, anyButZero);
        assertEquals(Outcome.PASSED, right.outcome(), () -> Summary.of(right));
    }

    @Test
    void aRunThatReceivedNoValueThroughTheAlteredWaysIsNotHeldAgainstTheProgram() throws Exception {
        Path file = java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(cache.resolve("shared")).resolve("PoolMap.java"),
                THROUGH_SHARED_MEMORY);
        CheckResult r = checker.check(poolMap, file);
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
    }

    /**
     * A main that receives nothing from its processes and prints the expected output wrote it out itself: exercise 5's
     * children filled the shared memory, and main printed literals (a tester's program, which passed: the canary run
     * left no count when nothing loaded the class that writes it, and no count was taken to say nothing).
     */
    @Test
    void aMainThatReceivedNothingAndPrintedTheExpectedOutputIsRefused() throws Exception {
        Exercise shared = Catalogue.load(Path.of("exercises")).find("shared-value-array").orElseThrow();
        CheckResult r = checker.check(shared, Path.of("exercises/05-shared-value-array/fixtures/prints-literals")
                .resolve(shared.fileName()));
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        int numbers = Checker.numbers(shared.expectedOutput()).size();
        assertEquals(shared.canary().told(numbers, numbers) + " " + Checker.CANARY_RECEIVED_NOTHING, r.missingBehaviour());
        CheckResult reference = checker.check(shared, Path.of("exercises/05-shared-value-array/solution").resolve(shared.fileName()));
        assertEquals(Outcome.PASSED, reference.outcome(), () -> Summary.of(reference));
    }

    @Test
    void resultsComputedAgainInMainAreRefusedAndTheReferencePasses() throws Exception {
        CheckResult recomputed = checker.check(poolMap, Path.of("exercises/02-pool-map/fixtures/recompute-in-main/PoolMap.java"));
        assertEquals(Outcome.MISSING_BEHAVIOUR, recomputed.outcome(), () -> Summary.of(recomputed));
        assertEquals(poolMap.canary().message(), recomputed.missingBehaviour());
        assertEquals(poolMap.expectedOutput(), recomputed.stdout(), "the first run's own output, which was right");

        long t0 = System.nanoTime();
        CheckResult reference = checker.check(poolMap, Path.of("exercises/02-pool-map/solution/PoolMap.java"));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(Outcome.PASSED, reference.outcome(), () -> Summary.of(reference));
        // The canary run is part of the check's time: --verbose's split names it, and its total is the check's
        Timings t = reference.timings();
        assertTrue(t.canary().toMillis() > 0, t::toString);
        assertTrue(t.total().compareTo(t.compile().plus(t.run()).plus(t.judge()).plus(t.canary())) >= 0, t::toString);
        assertTrue(took.minus(t.total()).toMillis() < 100, "the check took " + took.toMillis() + " ms, its total says " + t);
        assertTrue(recomputed.timings().canary().toMillis() > 0, recomputed.timings()::toString);
    }
    /**
     * A canary run slower than twice the first run is still judged: its time limit is at least {@link Checker#CANARY_FLOOR}.
     * It had only twice the first run's time and half a second, and a canary run cut short says nothing: on a loaded machine
     * a program that printed sums it computed again in main passed (the suite with four test JVMs). Here the altered
     * results make the program wait 3 s before it prints, as a loaded machine slows a run.
     */
    @Test
    void aCanaryRunSlowerThanTwiceTheFirstIsStillJudged() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(cache.resolve("slowed-canary"));
        String recomputed = java.nio.file.Files.readString(Path.of("exercises/02-pool-map/fixtures/recompute-in-main/PoolMap.java"));
        String slowed = recomputed.replace("            pool.map(PoolMap::cpuIntensive, numbers);",
                "            List<Long> sent = pool.map(PoolMap::cpuIntensive, numbers);\n"
                        + "            if (sent.get(0) != cpuIntensive(100)) {\n"
                        + "                try { Thread.sleep(3000); } catch (InterruptedException e) { throw new RuntimeException(e); }\n"
                        + "            }");
        assertTrue(!slowed.equals(recomputed), "the fixture's map call was found");
        Path file = java.nio.file.Files.writeString(dir.resolve("PoolMap.java"), slowed);
        CheckResult r = checker.check(poolMap, file);
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals(poolMap.canary().message(), r.missingBehaviour());
    }
}
