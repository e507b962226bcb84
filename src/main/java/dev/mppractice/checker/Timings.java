package dev.mppractice.checker;

import java.time.Duration;

/**
 * Where the time of a check went.
 *
 * @param compile       compiling (near zero when the compile cache was used)
 * @param start         from asking for the program's JVM to its {@code main} being called: a JVM's
 *                      start, or near zero when a JVM started ahead was ready (zero when not known)
 * @param run           from asking for the program's JVM to the end of its whole process tree (start included)
 * @param judge         from the end of the run to the verdict: reading the record, the timeline, the rules
 * @param total         from reading the source to the verdict
 * @param compileCached true when compiled classes from the cache were used
 */
public record Timings(Duration compile, Duration start, Duration run, Duration judge, Duration total, boolean compileCached) {
    /** Timings of a check that ran nothing. */
    static Timings compileOnly(Duration compile, Duration total, boolean compileCached) {
        return new Timings(compile, Duration.ZERO, Duration.ZERO, Duration.ZERO, total, compileCached);
    }
}
