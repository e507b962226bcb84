package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.checker.CheckResult;
import dev.mppractice.checker.Outcome;
import dev.mppractice.checker.Timings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A check's report from fixed results: what {@code --verbose} says the time went to. */
class ReportsTest {
    private static String verboseReport(Exercise ex, Timings t) {
        CheckResult r = new CheckResult(Outcome.PASSED, List.of(), "", 0, ex.expectedOutput(), "", ex.expectedOutput(), List.of(),
                null, t);
        return new Reports(Style.plain(), "mp-practice").check(ex, Path.of("QueuePrimes.java"), r, 0, true, false);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void theVerboseSplitNamesEveryRunOfTheCheck() throws Exception {
        Exercise ex = Catalogue.builtin().find("3").orElseThrow();

        String one = verboseReport(ex, new Timings(ms(0), ms(100), ms(400), ms(20), Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(450), true));
        assertTrue(one.contains("  compile 0 s (cached), start 0.1 s, run 0.3 s, judge 0.0 s, total 0.5 s\n"), one);

        String all = verboseReport(ex, new Timings(ms(1200), ms(100), ms(2500), ms(30), ms(2600), ms(600), ms(700), ms(7000), false));
        assertTrue(all.contains("  compile 1.2 s, a first run 2.6 s (measured again), start 0.1 s, run 2.4 s, judge 0.0 s,"
                + " canary run 0.6 s, slowed run 0.7 s, total 7 s\n"), all);
    }
}
