package dev.mppractice.checker;

import static dev.mppractice.checker.ProcessTable.assertNothingLeftBehind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlocked programs are stopped as soon as every process waits with nothing happening, and told
 * where each process waits; a busy one that hits the time limit is told the line it was on. Real
 * compiles, real forked JVMs, the catalogue's own stuck fixtures.
 */
class CheckerStuckTest {
    /**
     * The exercises' 20 s limit, which a stuck check, compile included, must end before. Being stopped as stuck rather than
     * at the limit is what {@link Outcome#STUCK} says (a run that reaches its limit is {@link Outcome#TIMED_OUT}); how much
     * before depends on the machine's load: a tighter bound (9 s) failed once at 10.4 s with the suite running beside it.
     */
    private static final long BEFORE_THE_LIMIT_MILLIS = 20_000;

    @TempDir
    static Path cache;

    static Catalogue catalogue;
    static Checker checker;

    @BeforeAll
    static void setUp() throws Exception {
        catalogue = Catalogue.load(Path.of("exercises"));
        checker = new Checker(new CheckerOptions(cache, null, CheckerOptions.DEFAULT_OUTPUT_CAP));
    }

    private Set<ProcessHandle> before;

    @BeforeEach
    void rememberTheProcessTable() {
        before = ProcessTable.snapshot();
    }

    @AfterEach
    void nothingIsLeftRunning() {
        assertNothingLeftBehind(checker, before);
    }

    @Test
    void forgottenStartIsStoppedEarlyAndSaysWhereMainWaitsAndWhatWasNeverStarted() throws Exception {
        String text = checkStuckFixture("queue-primes", "exercises/03-queue-primes/fixtures/forgot-start");
        assertTrue(text.contains("main waits in q.get() at QueuePrimes.java:20; nothing was ever put on q."), text);
        assertTrue(text.contains("Process-1 was created at QueuePrimes.java:19 but never started."), text);
    }

    @Test
    void samePipeEndInBothProcessesIsStoppedEarlyAndSaysWhereEachWaits() throws Exception {
        String text = checkStuckFixture("pipe-calculator", "exercises/06-pipe-calculator/fixtures/same-end-twice");
        assertTrue(text.contains("main waits in parentConn.recv() at PipeCalculator.java:38;"), text);
        assertTrue(text.contains("main and Process-1 both receive on the left end of that pipe"), text);
        assertTrue(text.contains("nothing was ever sent from its right end"), text);
        assertTrue(text.contains("Process-1 waits in conn.recv() at PipeCalculator.java:14."), text);
    }

    @Test
    void aChildLeftWaitingWhenMainReturnedIsStoppedEarlyAndSaysTheProgramWaitsForIt() throws Exception {
        String text = checkStuckFixture("pipe-calculator", "exercises/06-pipe-calculator/fixtures/no-stop-no-join");
        assertTrue(text.contains("main returned, and the program waits for Process-1 to end: a process not made a daemon is"
                + " joined at the end of the program that started it."), text);
        assertTrue(text.contains("Process-1 waits in conn.recv() at PipeCalculator.java:14."), text);
    }

    /**
     * A pool, a manager and main in a deadlock: the manager's server counted as waiting only while no pool task was
     * outstanding, and the worker with no task only once every task was done, so the run was told at its time limit
     * (20 s), and "the pool's workers had no task left" was said of the manager (a second probe's program of exercise 3).
     */
    @Test
    void aPoolTaskWaitingOnAManagersQueueIsStoppedEarlyAndSaysWhichWorkerHadNoTask() throws Exception {
        String text = checkStuckFixture("queue-primes", "exercises/03-queue-primes/fixtures/pool-task-waits-on-a-manager");
        assertTrue(text.contains("main waits in pool.map() at QueuePrimes.java:21."), text);
        assertTrue(text.matches("(?s).*PoolWorker-[12] waits in limits.get\\(\\) at QueuePrimes.java:21; nothing was ever put on limits.*"), text);
        assertTrue(text.matches("(?s).*PoolWorker-[12] had no task left to run\\..*"), text);
        assertFalse(text.contains("The pool's workers had no task left to run."), text);
    }

    /**
     * A process that waits in the library in one thread and sleeps in another is doing its work: a run looks stuck from
     * its record alone (every process has an open wait, no processor time is used), and a thread dump shows otherwise.
     * Both were called stuck after 3 s (a learner's correct solutions of exercise 6).
     */
    @Test
    void aProcessWhoseOtherThreadSleepsIsNotStuck() throws Exception {
        for (String fixture : java.util.List.of("sleeps-while-a-thread-waits", "main-returns-a-thread-goes-on", "pool-task-thread-sleeps",
                "scheduled-send", "delayed-executor-send", "program-waits-for-a-command",
                "program-waits-for-a-java-command", "latch-counted-by-a-scheduled-task", "awaits-a-latch-for-a-while",
                "helper-polls-the-library-briefly")) {
            CheckResult r = checker.check(TestFiles.processBasics(), TestFiles.fixture(fixture));
            assertEquals(Outcome.PASSED, r.outcome(), () -> fixture + ": " + Summary.of(r));
        }
    }

    /**
     * A wait of the JDK's that nothing can end (a latch nobody counts down, in main or in a child's task) is stopped as
     * stuck once the run is quiet, as a wait of the library's is, and told by the JDK's call at the learner's line: such a
     * run went on to its time limit (20 s), since only the library's waits counted.
     */
    @Test
    void aWaitOutsideTheLibraryThatNothingEndsIsStoppedEarlyAndToldByTheJdksCall() throws Exception {
        String text = checkStuck("parks-on-a-latch");
        assertTrue(text.contains("had been waiting in a call of the library or in a wait of the JDK's without a timeout, and"
                + " nothing happened."), text);
        assertTrue(text.contains("main was waiting in CountDownLatch.await at ProcessBasics.java:16 when the run was stopped:"
                + " a wait of the JDK's, not of the library, that nothing in the program ended."), text);
        text = checkStuck("child-parks-on-a-latch");
        assertTrue(text.contains("main waits in p.join() at ProcessBasics.java:16; Process-1 has not ended."), text);
        assertTrue(text.contains("Process-1 was waiting in CountDownLatch.await at ProcessBasics.java:9 when the run was"
                + " stopped: a wait of the JDK's, not of the library, that nothing in the program ended."), text);
        // A pool worker waiting so runs a task: it was told as having no task left to run.
        text = checkStuck("pool-task-parks-on-a-latch");
        assertTrue(text.contains("main waits in pool.apply() at ProcessBasics.java:16."), text);
        assertAWorkerWasTold(text);
        assertFalse(text.contains("The pool's workers had no task left to run."), text);
    }

    /**
     * A main waiting on a latch that applyAsync's callbacks count down, given no error callback, waits for ever once a
     * task throws: told which task failed where, and that its error callback, not its callback, is called for it (the
     * probe's exercises 7 and 10 were told only where main waited and that the workers had no task left).
     */
    @Test
    void aTaskThatFailedIsToldWhenMainWaitsForItsCallback() throws Exception {
        String text = checkStuck("pool-task-fails-callbacks-never-come");
        assertTrue(text.contains("main was waiting in CountDownLatch.await at ProcessBasics.java:22 when the run was stopped"), text);
        assertTrue(text.matches("(?s).*A task of the pool failed in PoolWorker-[12] at ProcessBasics.java:11, with"
                + " IllegalStateException: no result for 2: its result holds the exception \\(get\\(\\) throws it\\), and"
                + " applyAsync calls its error callback for it, not its callback\\..*"), text);
    }

    /** A cached pool's idle thread (it ends after 60 s idle) does not keep a run stuck on a latch going to its time limit. */
    @Test
    void anExecutorsIdleThreadDoesNotKeepAStuckRunGoing() throws Exception {
        String text = checkStuck("cached-pool-waits-for-nothing");
        assertTrue(text.contains("main was waiting in FutureTask.get at ProcessBasics.java:23"), text);
    }

    /**
     * A pool's close waits for its tasks: one that waits for a task nothing can end is a wait on the pool, stopped once
     * the run is quiet and told at the line where the pool is closed. It was no recorded wait: the run went on to its
     * time limit (20 s), main drawn running throughout and told "in java.lang.Object.wait", the library's own call.
     */
    @Test
    void aPoolsCloseThatWaitsForATaskNothingEndsIsStoppedEarlyAndToldAtTheClose() throws Exception {
        String text = checkStuck("pool-close-waits-for-a-parked-task");
        assertTrue(text.contains("main waits in Pool.close() at ProcessBasics.java:17."), text);
        assertAWorkerWasTold(text);
    }

    /** The fixtures' pool task parks on a latch nobody counts down, at line 10: the worker that ran it is told so. */
    private static void assertAWorkerWasTold(String text) {
        assertTrue(text.matches("(?s).*PoolWorker-[12] was waiting in CountDownLatch.await at ProcessBasics.java:10 when the run"
                + " was stopped: a wait of the JDK's, not of the library, that nothing in the program ended.*"), text);
    }

    /** Checks a fixture of exercise 1: stuck (stopped once quiet, before the limit); the explanation. */
    private static String checkStuck(String fixture) throws Exception {
        long t0 = System.nanoTime();
        CheckResult r = checker.check(TestFiles.processBasics(), TestFiles.fixture(fixture));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Outcome.STUCK, r.outcome(), () -> fixture + ": " + Summary.of(r));
        assertTrue(took < BEFORE_THE_LIMIT_MILLIS, fixture + " took " + took + " ms");
        return r.explanation();
    }

    @Test
    void aChildThatFailedBeforeTheRunGotStuckIsToldFirst() throws Exception {
        CheckResult r = checker.check(TestFiles.processBasics(), TestFiles.fixture("child-fails"));
        assertEquals(Outcome.STUCK, r.outcome(), () -> Summary.of(r));
        String text = r.explanation();
        assertTrue(text.contains("worker failed at ProcessBasics.java:8, with IllegalStateException: no result today."), text);
        assertTrue(text.contains("main waits in results.get() at ProcessBasics.java:15; nothing was ever put on results."), text);
        assertTrue(r.stderr().contains("IllegalStateException: no result today"), r.stderr());
    }

    @Test
    void aDeadlockOnTwoLocksSaysWhoHoldsWhatTheOtherWaitsFor() throws Exception {
        CheckResult r = checker.check(TestFiles.processBasics(), TestFiles.fixture("deadlock"));
        assertEquals(Outcome.STUCK, r.outcome(), () -> Summary.of(r));
        String text = r.explanation();
        assertTrue(text.contains("left waits in second.acquire() at ProcessBasics.java:11; that lock is held by right, which"
                + " waits for a lock left holds: a deadlock, neither can go on."), text);
        assertTrue(text.contains("right waits in second.acquire() at ProcessBasics.java:11; that lock is held by left, which"
                + " waits for a lock right holds: a deadlock, neither can go on."), text);
    }

    /**
     * Two processes that each hold a lock and try the other's again and again with a timeout never wait for ever, so they
     * are never stuck: at the time limit they are told as what the record shows, each taking a lock the other holds, and
     * how many of their takes timed out (they were told only as two threads parked at a line).
     */
    @Test
    void processesThatKeepTryingEachOthersLockAreToldSoAtTheTimeLimit() throws Exception {
        Checker impatient = new Checker(new CheckerOptions(cache, Duration.ofSeconds(4), CheckerOptions.DEFAULT_OUTPUT_CAP));
        CheckResult r = impatient.check(TestFiles.processBasics(), TestFiles.fixture("livelock"));
        assertEquals(Outcome.TIMED_OUT, r.outcome(), () -> Summary.of(r));
        String text = r.explanation();
        assertTrue(text.matches("(?s).*left and right kept taking, with a timeout, a lock the other held, each holding the lock"
                + " the other was taking: left at ProcessBasics\\.java:13 \\(\\d+ of its takes timed out\\) and right at"
                + " ProcessBasics\\.java:13 \\(\\d+ of its takes timed out\\)\\..*"), text);
        assertTrue(text.contains("A take tried again while its process still holds the lock the other needs cannot succeed"), text);
        assertNothingLeftBehind(impatient, before);
    }

    /** Checks the fixture's file against its exercise: stuck (stopped once quiet, before the limit), as its fixture.toml says. */
    private static String checkStuckFixture(String slug, String dir) throws Exception {
        Exercise ex = catalogue.find(slug).orElseThrow();
        Path fixture = Path.of(dir);
        long t0 = System.nanoTime();
        CheckResult r = checker.check(ex, fixture.resolve(ex.fileName()));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Outcome.STUCK, r.outcome(), () -> Summary.of(r));
        assertFixtureHolds(fixture, r);
        assertTrue(took < ex.timeLimit().toMillis(), "took " + took + " ms");
        return r.explanation();
    }

    @Test
    void busyLoopThatHitsTheTimeLimitIsToldTheLineItSpinsOn() throws Exception {
        Checker impatient = new Checker(new CheckerOptions(cache, Duration.ofSeconds(3), CheckerOptions.DEFAULT_OUTPUT_CAP));
        CheckResult r = impatient.check(TestFiles.processBasics(), TestFiles.fixture("spins"));
        assertEquals(Outcome.TIMED_OUT, r.outcome(), () -> Summary.of(r));
        String text = r.explanation();
        assertTrue(text.contains("main waits in p.join() at ProcessBasics.java:18; Process-1 has not ended."), text);
        // The loop is lines 9-10; which one the compiled code reports depends on where the dump stops it.
        assertTrue(ThreadDump.jcmd().isEmpty()
                || text.matches("(?s).*Process-1 was running, not waiting, at ProcessBasics.java:(9|10) when the run was stopped.*"),
                text);
        assertNothingLeftBehind(impatient, before);
    }

    /** The fixture's own {@code fixture.toml}: its outcome, and the text the verdict must contain. */
    private static void assertFixtureHolds(Path fixture, CheckResult r) throws Exception {
        String toml = Files.readString(fixture.resolve("fixture.toml"));
        assertEquals(field(toml, "outcome"), r.outcome().name().toLowerCase(Locale.ROOT));
        assertTrue(r.explanation().contains(field(toml, "message")), r.explanation());
    }

    private static String field(String toml, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s*=\\s*\"(.*)\"\\s*$").matcher(toml);
        assertTrue(m.find(), "no " + name + " in fixture.toml");
        return m.group(1);
    }
}
