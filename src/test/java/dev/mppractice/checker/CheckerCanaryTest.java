package dev.mppractice.checker;

import static dev.mppractice.checker.ProcessTable.assertNothingLeftBehind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.nio.file.Path;
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

    @Test
    void resultsComputedAgainInMainAreRefusedAndTheReferencePasses() throws Exception {
        CheckResult recomputed = checker.check(poolMap, Path.of("exercises/02-pool-map/fixtures/recompute-in-main/PoolMap.java"));
        assertEquals(Outcome.MISSING_BEHAVIOUR, recomputed.outcome(), () -> Summary.of(recomputed));
        assertEquals(poolMap.canary(), recomputed.missingBehaviour());
        assertEquals(poolMap.expectedOutput(), recomputed.stdout(), "the first run's own output, which was right");

        CheckResult reference = checker.check(poolMap, Path.of("exercises/02-pool-map/solution/PoolMap.java"));
        assertEquals(Outcome.PASSED, reference.outcome(), () -> Summary.of(reference));
    }
}
