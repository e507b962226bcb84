package dev.mppractice.checker;

import static dev.mppractice.checker.ProcessTable.assertNothingLeftBehind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deadlock that the program's own timeout ends is told from the record: exercise 16's starter, whose
 * two movers take two locks in opposite orders, each with a 5 s timeout. Real compile, real JVMs.
 */
class CheckerDeadlockTest {
    @TempDir
    Path cache;

    @Test
    void theStarterOfExercise16SaysWhichMoversWaitedForWhichUntilOneGaveUp() throws Exception {
        Exercise ex = Catalogue.load(Path.of("exercises")).find("lock-ordering").orElseThrow();
        Checker checker = new Checker(new CheckerOptions(cache, null, CheckerOptions.DEFAULT_OUTPUT_CAP));
        Set<ProcessHandle> before = ProcessTable.snapshot();

        // The starter deadlocks when its two movers run at the same time. On a loaded machine the second mover's JVM
        // can start after the first has done all its transfers: then nothing deadlocks, and the verdict says so (the
        // opposite orders, "this run's timing got through"). Such a run is checked for that verdict, and tried again,
        // up to three times in all.
        CheckResult r = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            r = checker.check(ex, Path.of("exercises/16-lock-ordering/starter").resolve(ex.fileName()));
            if (r.outcome() != Outcome.MISSING_BEHAVIOUR) {
                break;
            }
            CheckResult missed = r;
            assertTrue(r.missingBehaviour().contains("Locks were taken in opposite orders")
                    && r.missingBehaviour().contains("(this run's timing got through)"), () -> Summary.of(missed));
        }

        CheckResult last = r;
        assertEquals(Outcome.OUTPUT_MISMATCH, last.outcome(), () -> Summary.of(last));
        assertTrue(Pattern.compile("The run shows a deadlock: mover-(\\d) waited for a lock mover-(\\d) held, while mover-\\2"
                + " waited for a lock mover-\\1 held, until mover-\\1's Lock\\.acquire at LockOrdering\\.java:(18|20) gave up after"
                + " 5 seconds \\(its timeout\\)\\. Neither could have gone on without it").matcher(last.explanation()).find(),
                last.explanation());
        assertNothingLeftBehind(checker, before);
    }
}
