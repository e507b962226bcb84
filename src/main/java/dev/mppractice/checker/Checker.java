package dev.mppractice.checker;

import dev.mppractice.catalogue.Exercise;
import java.nio.file.Path;

/** Compiles a learner's solution, runs it in a forked JVM, compares its output and judges its behaviour. */
public final class Checker {
    private final CheckerOptions options;

    public Checker() {
        this(CheckerOptions.defaults());
    }

    public Checker(CheckerOptions options) {
        this.options = options;
    }

    /** Checks {@code source} against {@code ex}; a failing solution is a result, exceptions mean the tool failed. */
    public CheckResult check(Exercise ex, Path source) throws CheckerException {
        throw new CheckerException("not implemented yet");
    }

    public CheckerOptions options() {
        return options;
    }
}
