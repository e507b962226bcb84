package dev.mppractice.checker;

import java.time.Duration;

/**
 * Where the time of a check went.
 *
 * @param compile       compiling (near zero when the compile cache was used)
 * @param run           from starting the JVM to its end (JVM start included)
 * @param total         from reading the source to the verdict
 * @param compileCached true when compiled classes from the cache were used
 */
public record Timings(Duration compile, Duration run, Duration total, boolean compileCached) {
}
