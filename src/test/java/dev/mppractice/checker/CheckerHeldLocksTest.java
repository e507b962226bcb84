package dev.mppractice.checker;

import static dev.mppractice.checker.ProcessTable.assertNothingLeftBehind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.mp.internal.timeline.Timeline;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run with held locks, with real runs of exercise 16's fixtures: movers that seldom meet (the starter's sleep
 * removed) are made to meet at their locks in a second run, which refuses one that goes on without a lock its
 * {@code tryAcquire} did not get (it passed every run before), and passes one that takes the locks in two orders with
 * a timeout and backs off (refused as "opposite orders" in a run where no take timed out, 4 runs in 5 before).
 */
class CheckerHeldLocksTest {
    @TempDir
    static Path cache;

    private static Checker checker;
    private static Exercise lockOrdering;
    private Set<ProcessHandle> before;

    @BeforeAll
    static void setUp() throws Exception {
        lockOrdering = Catalogue.load(Path.of("exercises")).find("lock-ordering").orElseThrow();
        checker = new Checker(new CheckerOptions(cache, null, CheckerOptions.DEFAULT_OUTPUT_CAP));
    }

    @BeforeEach
    void rememberTheProcessTable() {
        before = ProcessTable.snapshot();
    }

    @AfterEach
    void nothingIsLeftRunning() {
        assertNothingLeftBehind(checker, before);
    }

    private static CheckResult check(String fixture) throws Exception {
        return checker.check(lockOrdering, Path.of("exercises/16-lock-ordering/fixtures", fixture, "LockOrdering.java"));
    }

    @Test
    void aMoverThatWritesWithoutTheLockItsTryAcquireDidNotGetIsRefusedWhenTheMoversMeet() throws Exception {
        CheckResult r = check("try-lock-ignored-without-the-sleep");
        if (r.outcome() == Outcome.OUTPUT_MISMATCH) {
            // The first run's movers met by themselves, and a lost update showed in the balances: a right refusal too.
            assertTrue(r.explanation().contains("after its take of a lock gave up"), r.explanation());
            return;
        }
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        if (!r.refusedByHeldLocksRun()) {
            // The first run's movers met by themselves, its balances right by luck: its own rule refused it, a right
            // refusal too (the full suite on a loaded machine met it once in four runs).
            assertTrue(r.missingBehaviour().startsWith("A mover changed a balance after its take of a lock gave up"),
                    r.missingBehaviour());
            return;
        }
        assertTrue(r.missingBehaviour().startsWith(Checker.HELD_LOCKS_TOLD + "1000 ms first (as when the machine pauses a"
                + " process there, so that two processes meet at their locks), the program "), r.missingBehaviour());
        assertTrue(r.missingBehaviour().contains(lockOrdering.heldLocks()), r.missingBehaviour());
        assertTrue(r.missingBehaviour().contains("after its take of a lock gave up"), r.missingBehaviour());
        assertEquals(lockOrdering.expectedOutput(), r.stdout(), "the first run's output, which was right");
        assertTrue(r.timings().heldLocks().toMillis() >= 1000, "the run with held locks is timed: " + r.timings());
        assertTheTimelineIsTheRunWithHeldLocks(r);
    }

    /**
     * The timeline of a refusal by the run with held locks is that run's, said to be so: a mover held its first lock
     * through the pause there (the first run, whose movers took their locks for microseconds, passed).
     */
    private static void assertTheTimelineIsTheRunWithHeldLocks(CheckResult r) {
        long longestHold = r.timeline().lanes().stream().flatMap(l -> l.spans().stream())
                .filter(s -> s.kind() == Timeline.SpanKind.LOCK).mapToLong(Timeline.Span::durationUs).max().orElse(0);
        assertTrue(longestHold >= 900_000, "a lock held through the pause: " + longestHold + " us");
        assertTrue(r.timelineRun().contains("second run"), r.timelineRun());
    }

    @Test
    void moversThatTakeTheLocksInTwoOrdersWithATimeoutAndBackOffPass() throws Exception {
        CheckResult r = check("timeout-backoff-without-the-sleep");
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.timings().heldLocks().toMillis() >= 1000, "run with held locks either way: " + r.timings());
        // Its own takes timed out now and then (its first run then passes by itself), else the run with held locks passed
        // it, and the note says so.
        assertTrue(r.explanation().isEmpty() || r.explanation().contains("A second run, in which each process, the first time"
                + " it went for a lock while holding another, waited 1000 ms first, so that the movers met at their locks, passed"),
                r.explanation());
        // The timeline is of the run that passed it: its first, or the run with held locks, said to be so.
        if (r.explanation().isEmpty()) {
            assertEquals("", r.timelineRun());
        } else {
            assertTheTimelineIsTheRunWithHeldLocks(r);
        }
    }

    @Test
    void oppositeOrdersWithoutBackingOffAreToldByTheirRuleAndWhatTheRunWithHeldLocksShowed() throws Exception {
        CheckResult r = check("opposite-orders-without-the-sleep");
        if (r.outcome() == Outcome.CRASHED) return;   // the first run's movers deadlocked by themselves (seldom)
        if (r.outcome() == Outcome.OUTPUT_MISMATCH) {
            // So did they here, each ended by its take's timeout while main went on: told as the deadlock it was.
            assertTrue(r.explanation().startsWith("The run shows a deadlock: mover-"), r.explanation());
            return;
        }
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertFalse(r.refusedByHeldLocksRun(), "told by its own rule first");
        assertTrue(r.missingBehaviour().startsWith("Locks were taken in opposite orders"), r.missingBehaviour());
        assertTrue(r.missingBehaviour().contains("\n" + Checker.HELD_LOCKS_TOLD), r.missingBehaviour());
        // There the movers met: a take of the starter's timed out, and its mover ended with the exception.
        assertTrue(r.missingBehaviour().contains("The run shows a deadlock: mover-"), r.missingBehaviour());
        // Told once: the deadlock, after how the run went, and nothing that followed from it (the timed-out take's
        // exception, a mover's exit code) nor the exercise's advice, which the first refusal gave (a tester read five
        // paragraphs that said one thing).
        assertTrue(r.missingBehaviour().contains("so that two processes meet at their locks), the program printed something"
                + " else.\nThe run shows a deadlock: mover-"), r.missingBehaviour());
        assertFalse(r.missingBehaviour().contains("refused the call (LockTimeoutException)"), r.missingBehaviour());
        assertFalse(r.missingBehaviour().contains("The run also shows"), r.missingBehaviour());
        assertFalse(r.missingBehaviour().contains(lockOrdering.heldLocks()), r.missingBehaviour());
        assertTheTimelineIsTheRunWithHeldLocks(r);
    }

}
