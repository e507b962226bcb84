package dev.mppractice.checker;

import dev.mppractice.catalogue.Exercise;
import java.nio.file.Path;
import java.time.Duration;

/** A checker in a JVM of its own, for tests that stop the checker in the middle of a run. */
public final class CheckInAnotherJvm {
    private CheckInAnotherJvm() {
    }

    /** Arguments: the fixture name, the cache directory. */
    public static void main(String[] args) throws Exception {
        Exercise ex = TestFiles.processBasics();
        Checker checker = new Checker(new CheckerOptions(Path.of(args[1]), Duration.ofMinutes(2),
                CheckerOptions.DEFAULT_OUTPUT_CAP));
        CheckResult r = checker.check(ex, TestFiles.fixture(args[0]));
        System.out.println(r.outcome());
    }
}
