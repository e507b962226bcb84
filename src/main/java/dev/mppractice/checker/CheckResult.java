package dev.mppractice.checker;

import dev.mppractice.mp.internal.timeline.Timeline;
import java.util.List;

/**
 * The verdict on one learner's solution, with what the learner needs to see about it.
 *
 * @param timeline the run drawn from its record: every process and what it did when (empty when
 *     the program did not run: it did not compile)
 * @param timelineRun which run {@code timeline} is, when it is not the run whose output is judged: "" for that run,
 *     else a sentence that says which (the run with held locks, whose verdict is told last)
 */
public record CheckResult(
        Outcome outcome,
        List<CompileError> compileErrors,
        String explanation,
        Integer exitCode,
        String stdout, String stderr,
        String expected,
        List<DiffLine> diff,
        String missingBehaviour,
        Timings timings,
        Timeline timeline,
        String timelineRun) {

    /** A result without a timeline (the program did not run). */
    public CheckResult(Outcome outcome, List<CompileError> compileErrors, String explanation, Integer exitCode,
            String stdout, String stderr, String expected, List<DiffLine> diff, String missingBehaviour, Timings timings) {
        this(outcome, compileErrors, explanation, exitCode, stdout, stderr, expected, diff, missingBehaviour, timings, null);
    }

    /** A result whose timeline is of the run judged. */
    public CheckResult(Outcome outcome, List<CompileError> compileErrors, String explanation, Integer exitCode,
            String stdout, String stderr, String expected, List<DiffLine> diff, String missingBehaviour, Timings timings,
            Timeline timeline) {
        this(outcome, compileErrors, explanation, exitCode, stdout, stderr, expected, diff, missingBehaviour, timings, timeline, "");
    }

    /** This result with {@code timings} for its own. */
    CheckResult withTimings(Timings timings) {
        return new CheckResult(outcome, compileErrors, explanation, exitCode, stdout, stderr, expected, diff, missingBehaviour,
                timings, timeline, timelineRun);
    }

    public CheckResult {
        timeline = timeline == null ? Timeline.empty() : timeline;
        timelineRun = timelineRun == null ? "" : timelineRun;
        compileErrors = compileErrors == null ? List.of() : List.copyOf(compileErrors);
        diff = diff == null ? List.of() : List.copyOf(diff);
        explanation = explanation == null ? "" : explanation;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    /**
     * True when the slowed run refused a program whose run passed (the slowed run follows a passing run only, and a
     * refusal after it is its own): its output depends on how fast its producer is.
     */
    public boolean refusedBySlowedRun() {
        return outcome == Outcome.MISSING_BEHAVIOUR && timings != null && !timings.slowed().isZero() && timings.heldLocks().isZero();
    }

    /** True when the slowed run that refused a program ({@link #refusedBySlowedRun}) slowed its receives on pipes. */
    public boolean refusedBySlowedReceives() {
        return refusedBySlowedRun() && missingBehaviour != null && missingBehaviour.startsWith(Checker.SLOWED_RECEIVES_TOLD);
    }

    /** True when a busy wait refused a program (its output right): a process kept asking whether something was ready. */
    public boolean refusedForBusyWait() {
        return outcome == Outcome.MISSING_BEHAVIOUR && missingBehaviour != null && missingBehaviour.contains(Explanations.BUSY_WAIT_TOLD)
                && !refusedBySlowedRun() && !refusedByHeldLocksRun();
    }

    /** True when the slowed run that refused a program ({@link #refusedBySlowedRun}) started its processes after the first two later. */
    public boolean refusedByLateStarts() {
        return refusedBySlowedRun() && missingBehaviour != null && missingBehaviour.startsWith(Checker.LATE_STARTS_TOLD);
    }

    /** True when the slowed run that refused a program ({@link #refusedBySlowedRun}) made a barrier's last arrival late. */
    public boolean refusedByLateArrival() {
        return refusedBySlowedRun() && missingBehaviour != null && missingBehaviour.startsWith(Checker.LATE_ARRIVAL_TOLD);
    }

    /**
     * True when the run with held locks refused a program whose run passed: it fails when its processes meet at their
     * locks. (A run refused for the order of its locks and then by the run with held locks is told by its own rule.)
     */
    public boolean refusedByHeldLocksRun() {
        return outcome == Outcome.MISSING_BEHAVIOUR && timings != null && !timings.heldLocks().isZero()
                && missingBehaviour != null && missingBehaviour.startsWith(Checker.HELD_LOCKS_TOLD);
    }
}
