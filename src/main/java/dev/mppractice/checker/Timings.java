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
 * @param firstRun      a first run and its judging, when its speed-up fell just short and this run measured it
 *                      again (zero when there was none)
 * @param canary        the canary run and its judging, after a passing run of an exercise that has one (zero
 *                      when there was none)
 * @param slowed        the slowed run and its judging, after a passing run of an exercise that has one (zero
 *                      when there was none)
 * @param heldLocks     the run with held locks and its judging, after a run of an exercise that has one (zero when
 *                      there was none)
 * @param total         from reading the source to the verdict, every run included
 * @param compileCached true when compiled classes from the cache were used
 */
public record Timings(Duration compile, Duration start, Duration run, Duration judge, Duration firstRun, Duration canary,
        Duration slowed, Duration heldLocks, Duration total, boolean compileCached) {
    /** Timings of a check that ran its program once. */
    static Timings oneRun(Duration compile, Duration start, Duration run, Duration judge, Duration total, boolean compileCached) {
        return new Timings(compile, start, run, judge, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, total,
                compileCached);
    }

    /** Timings of a check that ran nothing. */
    static Timings compileOnly(Duration compile, Duration total, boolean compileCached) {
        return oneRun(compile, Duration.ZERO, Duration.ZERO, Duration.ZERO, total, compileCached);
    }

    /** These timings, for a run that measured again what a first run of {@code firstRun} (judging included) measured. */
    Timings afterFirstRun(Duration firstRun) {
        return new Timings(compile, start, run, judge, firstRun, canary, slowed, heldLocks, total, compileCached);
    }

    /** These timings, followed by a canary run of {@code canary}; {@code total} is the check's, now. */
    Timings withCanary(Duration canary, Duration total) {
        return new Timings(compile, start, run, judge, firstRun, canary, slowed, heldLocks, total, compileCached);
    }

    /** These timings, followed by a slowed run of {@code slowed}; {@code total} is the check's, now. */
    Timings withSlowed(Duration slowed, Duration total) {
        return new Timings(compile, start, run, judge, firstRun, canary, slowed, heldLocks, total, compileCached);
    }

    /** These timings, followed by a run with held locks of {@code heldLocks}; {@code total} is the check's, now. */
    Timings withHeldLocks(Duration heldLocks, Duration total) {
        return new Timings(compile, start, run, judge, firstRun, canary, slowed, heldLocks, total, compileCached);
    }
}
