package dev.mppractice.checker;

import static dev.mppractice.checker.ProcessTable.assertNothingLeftBehind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Exercise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One learner solution per outcome, each judged by a real compile and a real forked JVM. */
class CheckerFixturesTest {
    private static final Duration SHORT_LIMIT = Duration.ofSeconds(3);

    @TempDir
    static Path cache;

    static Exercise exercise;
    static Checker checker;
    static Checker impatient;

    @BeforeAll
    static void setUp() {
        exercise = TestFiles.processBasics();
        checker = new Checker(new CheckerOptions(cache, null, CheckerOptions.DEFAULT_OUTPUT_CAP));
        impatient = new Checker(new CheckerOptions(cache, SHORT_LIMIT, CheckerOptions.DEFAULT_OUTPUT_CAP));
    }

    private Set<ProcessHandle> before;

    @BeforeEach
    void rememberTheProcessTable() {
        before = ProcessTable.snapshot();
    }

    @AfterEach
    void nothingIsLeftRunning() {
        assertNothingLeftBehind(checker, before);
        assertNothingLeftBehind(impatient, before);
    }

    private static CheckResult check(Checker c, String fixture) throws CheckerException {
        return c.check(exercise, TestFiles.fixture(fixture));
    }

    @Test
    void referenceSolutionPasses() throws Exception {
        CheckResult r = check(checker, "passes");
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.passed());
        assertEquals(0, r.exitCode());
        assertEquals("Process Alpha done\nMain process done\n", r.stdout());
        assertTrue(r.compileErrors().isEmpty());
        assertTrue(r.diff().isEmpty());
        assertNull(r.missingBehaviour());
        assertTrue(r.timings().run().toMillis() > 0);
        assertTrue(r.timings().total().compareTo(r.timings().run()) >= 0);
    }

    @Test
    void compileErrorsComeBackWithFileLineAndColumnInJavacOrder() throws Exception {
        CheckResult r = check(checker, "does-not-compile");
        assertEquals(Outcome.COMPILE_ERROR, r.outcome(), () -> Summary.of(r));
        assertNull(r.exitCode());
        List<CompileError> errors = r.compileErrors();
        assertEquals(2, errors.size(), () -> Summary.of(r));
        assertEquals(TestFiles.fixture("does-not-compile"), errors.get(0).file());
        assertEquals(14, errors.get(0).line());
        assertEquals(10, errors.get(0).column());
        assertTrue(errors.get(0).message().startsWith("cannot find symbol"), errors.get(0).message());
        assertEquals(15, errors.get(1).line());
        assertTrue(errors.get(1).message().contains("incompatible types"), errors.get(1).message());
        assertEquals("", r.explanation());
    }

    @Test
    void processAmbiguityWithJavaLangProcessGetsAPlainExplanation() throws Exception {
        CheckResult r = check(checker, "process-ambiguous");
        assertEquals(Outcome.COMPILE_ERROR, r.outcome(), () -> Summary.of(r));
        assertTrue(r.compileErrors().get(0).message().contains("reference to Process is ambiguous"),
                () -> Summary.of(r));
        assertTrue(r.explanation().contains("import dev.mppractice.mp.Process;"), r.explanation());
        assertTrue(r.explanation().contains("java.lang.Process"), r.explanation());
    }

    @Test
    void throwingProgramCrashesWithTheExceptionAndTheLearnersFramesOnly() throws Exception {
        CheckResult r = check(checker, "throws");
        assertEquals(Outcome.CRASHED, r.outcome(), () -> Summary.of(r));
        assertEquals(1, r.exitCode());
        assertEquals("Process Alpha done\n", r.stdout());
        String err = r.stderr();
        assertTrue(err.contains("java.lang.NumberFormatException: For input string: \"Alpha\""), err);
        assertTrue(err.contains("at ProcessBasics.parseCount(ProcessBasics.java:13)"), err);
        assertTrue(err.contains("at ProcessBasics.main(ProcessBasics.java:20)"), err);
        assertTrue(err.contains("of the mp library and the JDK left out"), err);
        assertFalse(err.contains("java.lang.Integer.parseInt(Integer.java"), err);
        assertEquals("The program ended with exit code 1 instead of 0.\nMainProcess failed at ProcessBasics.java:13, with"
                + " NumberFormatException: For input string: \"Alpha\".", r.explanation());
    }

    @Test
    void nonZeroExitIsACrashWithItsExitCode() throws Exception {
        CheckResult r = check(checker, "exits-non-zero");
        assertEquals(Outcome.CRASHED, r.outcome(), () -> Summary.of(r));
        assertEquals(3, r.exitCode());
        assertTrue(r.explanation().contains("exit code 3"), r.explanation());
    }

    @Test
    void wrongOutputComesWithALineDiff() throws Exception {
        CheckResult r = check(checker, "wrong-output");
        assertEquals(Outcome.OUTPUT_MISMATCH, r.outcome(), () -> Summary.of(r));
        assertEquals(0, r.exitCode());
        assertEquals("Process Alpha done\nMain process done\n", r.expected());
        assertEquals(List.of(
                new DiffLine(DiffLine.Kind.SAME, "Process Alpha done"),
                new DiffLine(DiffLine.Kind.EXPECTED_ONLY, "Main process done"),
                new DiffLine(DiffLine.Kind.ACTUAL_ONLY, "Main process finished")), r.diff());
    }

    @Test
    void wrongOutputSaysWhatTheRunShowsIsMissingToo() throws Exception {
        CheckResult r = check(checker, "wrong-output-no-process");
        assertEquals(Outcome.OUTPUT_MISMATCH, r.outcome(), () -> Summary.of(r));
        assertEquals("The run also shows: " + exercise.behaviour().get(0).message(), r.explanation());
        CheckResult right = check(checker, "wrong-output");
        assertEquals("", right.explanation(), "a wrong line from a run that did all it should: the diff alone");
    }

    /**
     * A child whose call the library refused (a signal without the condition's lock) is told first, where and why: told
     * only as a wrong output and "no process signalled the condition (0 signals)", the learner was sent after a signal
     * that the program did try to make. What the rules miss follows it.
     */
    @Test
    void wrongOutputAfterACallTheLibraryRefusedSaysWhichProcessFailedWhereAndWhy() throws Exception {
        CheckResult r = check(checker, "child-refused-by-the-library");
        assertEquals(Outcome.OUTPUT_MISMATCH, r.outcome(), () -> Summary.of(r));
        assertEquals("Alpha failed at ProcessBasics.java:9, where the library refused the call (ProcessException): signalAll"
                + " on a Condition whose lock the caller does not hold: take it first with `try (var held ="
                + " condition.acquire()) { ... }`\nThe run also shows: " + exercise.behaviour().get(1).message(), r.explanation());
    }

    @Test
    void rightOutputWithoutProcessesDoesNotPass() throws Exception {
        CheckResult r = check(checker, "no-processes");
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("Process Alpha done\nMain process done\n", r.stdout());
        assertEquals(exercise.behaviour().get(0).message(), r.missingBehaviour());
    }

    @Test
    void hangingOnAQueueNobodyFillsIsStoppedAsStuckBeforeTheTimeLimit() throws Exception {
        long t0 = System.nanoTime();
        CheckResult r = check(checker, "hangs-on-queue");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Outcome.STUCK, r.outcome(), () -> Summary.of(r));
        assertNull(r.exitCode());
        assertTrue(r.explanation().contains("main waits in results.get() at ProcessBasics.java:18; nothing was ever put on results."),
                r.explanation());
        assertTrue(took < exercise.timeLimit().toMillis() / 2, "took " + took + " ms");
    }

    @Test
    void sleepingForeverIsNotStuckButTimesOut() throws Exception {
        long t0 = System.nanoTime();
        CheckResult r = check(impatient, "child-never-ends");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Outcome.TIMED_OUT, r.outcome(), () -> Summary.of(r));
        assertTrue(r.explanation().contains("stopped after 3 seconds"), r.explanation());
        assertTrue(r.explanation().contains("main waits in p.join() at ProcessBasics.java:17"), r.explanation());
        assertEquals("", r.stdout(), "main never got past join(): ending the run must not let it print what follows");
        assertTrue(took >= SHORT_LIMIT.toMillis() && took < SHORT_LIMIT.toMillis() + 6_000, "took " + took + " ms");
    }

    @Test
    void timesOutAndKillsTheWholeTree() throws Exception {
        CompletableFuture<CheckResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return check(impatient, "child-never-ends");
            } catch (CheckerException e) {
                throw new IllegalStateException(e);
            }
        });
        // While it runs, the run's JVM and the child JVM it started are both in the process table.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int most = 0;
        while (!running.isDone() && System.nanoTime() < deadline) {
            most = Math.max(most, ProcessTable.newDescendants(before).size());
            if (most >= 2) break;
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertTrue(most >= 2, "the run never had a child process: " + most);
        CheckResult r = running.get(30, TimeUnit.SECONDS);
        assertEquals(Outcome.TIMED_OUT, r.outcome(), () -> Summary.of(r));
    }

    @Test
    void floodingTheOutputStopsTheRunAtTheCap() throws Exception {
        long t0 = System.nanoTime();
        CheckResult r = check(checker, "floods-output");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Outcome.OUTPUT_TOO_LARGE, r.outcome(), () -> Summary.of(r));
        assertEquals(CheckerOptions.DEFAULT_OUTPUT_CAP, r.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertTrue(r.stdout().startsWith("Process Alpha done\n"));
        assertTrue(r.explanation().contains("more than 1 MiB"), r.explanation());
        assertTrue(took < exercise.timeLimit().toMillis(), "took " + took + " ms: the cap did not stop the run");
    }

    @Test
    void outputPastTheCapFromAProgramThatEndsAtOnceIsStillTooLarge() throws Exception {
        Path dir = Files.createTempDirectory(cache, "burst");
        Path file = dir.resolve(exercise.fileName());
        Files.writeString(file, "public class ProcessBasics {\n    public static void main(String[] args) {\n"
                + "        String line = \"x\".repeat(1023);\n"
                + "        for (int i = 0; i < 2048; i++) System.out.println(line);\n    }\n}\n");
        CheckResult r = checker.check(exercise, file);
        assertEquals(Outcome.OUTPUT_TOO_LARGE, r.outcome(), () -> Summary.of(r));
        assertEquals(CheckerOptions.DEFAULT_OUTPUT_CAP, r.stdout().length());
    }

    @Test
    void interruptedCheckEndsItsRunAndSaysSo() throws Exception {
        Thread caller = Thread.currentThread();
        CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ProcessTable.newDescendants(before).size() < 2 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            caller.interrupt();
        });
        CheckerException e = assertThrows(CheckerException.class, () -> check(checker, "child-never-ends"));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        interrupter.get(30, TimeUnit.SECONDS);
    }

    @Test
    void killsProcessesLeftBehindAfterTheProgramEnds() throws Exception {
        CheckResult r = check(checker, "leaves-an-orphan");
        Matcher m = Pattern.compile("orphan pid (\\d+)").matcher(r.stderr());
        assertTrue(m.find(), () -> Summary.of(r));
        long orphan = Long.parseLong(m.group(1));
        assertFalse(ProcessHandle.of(orphan).map(h -> h.isAlive() && !ProcessTree.isZombie(orphan)).orElse(false),
                "the orphan " + orphan + " is still alive");
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
    }

    @Test
    void starterCompilesAndDoesNotPass() throws Exception {
        Path dir = Files.createTempDirectory(cache, "starter");
        Path file = dir.resolve(exercise.fileName());
        Files.writeString(file, exercise.starterSource());
        CheckResult r = checker.check(exercise, file);
        assertEquals(Outcome.OUTPUT_MISMATCH, r.outcome(), () -> Summary.of(r));
        assertEquals("", r.stdout());
    }

    @Test
    void aPreparedJvmRunsTheNextCheckAtOnceAndItsTimeIsSplit() throws Exception {
        Checker warm = new Checker(checker.options());
        Set<ProcessHandle> mine = ProcessTable.snapshot();
        warm.prepare();
        List<ProcessHandle> prepared = ProcessHandle.current().children().filter(h -> !mine.contains(h)).toList();
        assertEquals(1, prepared.size(), "one JVM started ahead");
        // Until it has booted (then it only waits for its main class, using no processor time), so that
        // its check pays no JVM start, unlike one that starts its JVM.
        awaitIdle(prepared.get(0), Duration.ofSeconds(30));
        CheckResult r = warm.check(exercise, TestFiles.fixture("passes"));
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        // The check launched no JVM: the program ran in the one started and booted before it. (How much sooner main is
        // called then is a figure for bin/mp-checker-cost, whose watch re-checks run so. Compared here with a check that
        // starts its JVM, it failed once with the suite running beside it: 266 ms to main against 193.)
        assertEquals(prepared.get(0).pid(), warm.lastRun.pid(), "the program ran in the prepared JVM");
        Timings t = r.timings();
        assertTrue(t.run().compareTo(t.start()) > 0, t.toString());
        assertTrue(t.judge().compareTo(Duration.ZERO) > 0, t.toString());
        assertTrue(t.total().compareTo(t.compile().plus(t.run()).plus(t.judge())) >= 0, t.toString());
        assertNothingLeftBehind(warm, before);
    }

    @Test
    void aPreparedJvmNotUsedIsEndedAndACompileErrorLeavesItForTheNextCheck() throws Exception {
        Checker warm = new Checker(checker.options());
        warm.prepare();
        CheckResult broken = warm.check(exercise, TestFiles.fixture("does-not-compile"));
        assertEquals(Outcome.COMPILE_ERROR, broken.outcome());
        warm.prepare(); // still the same: nothing to start
        assertEquals(1, ProcessHandle.current().children().filter(h -> !before.contains(h)).count());
        warm.discardPrepared();
        assertNothingLeftBehind(warm, before);
    }

    /**
     * The solution of exercise 1, which first appends a line to {@code runs} (so that a test can count its
     * runs), then does {@code more} (Java statements), then what the solution does.
     */
    private static String countingRuns(Path runs, String more) {
        String main = "public static void main(String[] args) throws InterruptedException {";
        assertTrue(exercise.solutionSource().contains(main));
        return exercise.solutionSource().replace(main, main + "\n        try { java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + runs.toString().replace("\\", "\\\\") + "\"), \"run\\n\", java.nio.file.StandardOpenOption.CREATE,"
                + " java.nio.file.StandardOpenOption.APPEND); } catch (java.io.IOException e) { throw new RuntimeException(e); }\n        "
                + more + "\n");
    }

    /** A learner's file that counts its runs in {@code runs} (see {@link #countingRuns}). */
    private record Counted(Path file, Path runs) {
    }

    /** In a new folder named after {@code name}: the solution of exercise 1 counting its runs, doing {@code more} first. */
    private static Counted counted(String name, String more) throws Exception {
        Path dir = Files.createTempDirectory(cache, name);
        Counted c = new Counted(dir.resolve(exercise.fileName()), dir.resolve("runs"));
        Files.writeString(c.file(), countingRuns(c.runs(), more));
        return c;
    }

    /** A checker that began checking {@code file} ahead, once its program runs (it wrote to {@code runs}). */
    private static Checker aheadAndRunning(Path file, Path runs) throws Exception {
        Checker early = new Checker(checker.options());
        early.checkAhead(exercise, file);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (runs(runs) == 0) {
            assertTrue(System.nanoTime() < deadline, "the check begun ahead never ran the program");
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return early;
    }

    private static long runs(Path runs) throws Exception {
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    @Test
    void aCheckBegunAheadIsTheResultOfTheCheckThatFollowsAndItsProgramRunsOnce() throws Exception {
        Counted c = counted("ahead", "");
        Path file = c.file();
        Path runs = c.runs();
        Checker early = new Checker(checker.options());
        early.prepare();
        early.checkAhead(exercise, file);
        early.prepare(); // a check begun ahead took the JVM started ahead: no second one is started for nothing
        CheckResult r = early.check(exercise, file);
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertEquals(1, runs(runs), "the program ran once");
        early.discardPrepared();
        assertNothingLeftBehind(early, before);
    }

    /** A program whose speed-up is measured is not run while the command line's JVM is busy parsing it. */
    @Test
    void anExerciseThatMeasuresASpeedUpIsNotCheckedAhead() throws Exception {
        Exercise measured = dev.mppractice.catalogue.Catalogue.builtin().find("measured-speedup").orElseThrow();
        assertTrue(measured.behaviour().stream().anyMatch(b -> b.kind() == dev.mppractice.catalogue.BehaviourRule.Kind.SPEEDUP));
        Checker early = new Checker(checker.options());
        early.checkAhead(measured, cache.resolve("nowhere").resolve(measured.fileName()));
        assertFalse(early.checkingAhead());
        early.checkAhead(exercise, cache.resolve("nowhere").resolve(exercise.fileName()));
        assertTrue(early.checkingAhead(), "another exercise is");
        early.discardPrepared();
        assertFalse(early.checkingAhead());
    }

    @Test
    void aFileSavedAgainAfterItsCheckBeganAheadIsCheckedAsItIsNow() throws Exception {
        // The first version prints something else; it is saved again once its run has begun (the text checked is read
        // before that), whether or not that run has ended by then.
        Counted c = counted("ahead-saved", "System.out.println(\"first version\");");
        Path file = c.file();
        Path runs = c.runs();
        Checker early = aheadAndRunning(file, runs);
        Files.writeString(file, countingRuns(runs, ""));
        CheckResult r = early.check(exercise, file);
        assertEquals(Outcome.PASSED, r.outcome(), () -> "the file as it is now passes: " + Summary.of(r));
        assertEquals(2, runs(runs), "the first version ran ahead, the second for the check");
        assertNothingLeftBehind(early, before);
    }

    @Test
    void aCheckBegunAheadThatNobodyTakesIsEndedWithItsProcesses() throws Exception {
        Counted c = counted("ahead-discarded", "new java.util.concurrent.CountDownLatch(1).await(); // never ends by itself");
        Checker early = aheadAndRunning(c.file(), c.runs());
        long t0 = System.nanoTime();
        early.discardPrepared();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15), "ending it waited for the program to end");
        assertNothingLeftBehind(early, before);
    }

    @Test
    void unchangedSourceIsNotCompiledAgain() throws Exception {
        Path dir = Files.createTempDirectory(cache, "cached");
        Path file = dir.resolve(exercise.fileName());
        Files.writeString(file, exercise.solutionSource().replace("Main process done", "Main process done!"));
        CheckResult first = checker.check(exercise, file);
        assertFalse(first.timings().compileCached());
        assertEquals(Outcome.OUTPUT_MISMATCH, first.outcome(), () -> Summary.of(first));

        CheckResult second = new Checker(checker.options()).check(exercise, file);
        assertTrue(second.timings().compileCached());
        assertEquals(Outcome.OUTPUT_MISMATCH, second.outcome());

        Files.writeString(file, exercise.solutionSource() + "// changed " + System.nanoTime() + "\n");
        CheckResult third = checker.check(exercise, file);
        assertFalse(third.timings().compileCached(), "a changed source must be compiled again");
        assertEquals(Outcome.PASSED, third.outcome(), () -> Summary.of(third));
    }

    @Test
    void fileNamedAfterAnotherClassIsACompileError() throws Exception {
        Path dir = Files.createTempDirectory(cache, "renamed");
        Path file = dir.resolve(exercise.fileName());
        Files.writeString(file, exercise.solutionSource().replace("class ProcessBasics", "class Basics"));
        CheckResult r = checker.check(exercise, file);
        assertEquals(Outcome.COMPILE_ERROR, r.outcome());
        assertTrue(r.compileErrors().get(0).message().contains("Basics"), () -> Summary.of(r));
    }

    @Test
    void packageLineIsACompileErrorThatSaysSo() throws Exception {
        Path dir = Files.createTempDirectory(cache, "packaged");
        Path file = dir.resolve(exercise.fileName());
        Files.writeString(file, "package mine;\n" + exercise.solutionSource());
        CheckResult r = checker.check(exercise, file);
        assertEquals(Outcome.COMPILE_ERROR, r.outcome());
        assertTrue(r.compileErrors().get(0).message().contains("Remove the `package` line"), () -> Summary.of(r));
    }

    @Test
    void missingSourceIsAToolErrorNotAResult() {
        CheckerException e = assertThrows(CheckerException.class,
                () -> checker.check(exercise, cache.resolve("nowhere").resolve("ProcessBasics.java")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void theLibraryIsFoundOnTheClassPath() throws Exception {
        Path lib = checker.libraryPath();
        assertNotNull(lib);
        assertTrue(Files.exists(lib.resolve("dev/mppractice/mp/Process.class")) || Files.isRegularFile(lib), lib.toString());
    }

    /** Waits until {@code h} has used no processor time for 100 ms (a JVM done booting and blocked in a read). */
    private static void awaitIdle(ProcessHandle h, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = ProcessCpu.millis(h);
        while (System.nanoTime() < deadline) {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(100);
            long now = ProcessCpu.millis(h);
            if (now == last) return;
            last = now;
        }
        throw new AssertionError("pid " + h.pid() + " was still busy after " + timeout);
    }
}
