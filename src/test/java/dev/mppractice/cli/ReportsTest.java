package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.checker.CheckResult;
import dev.mppractice.checker.Checker;
import dev.mppractice.checker.Outcome;
import dev.mppractice.checker.Timings;
import dev.mppractice.mp.internal.timeline.Timeline;
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

        String one = verboseReport(ex, new Timings(ms(0), ms(100), ms(400), ms(20), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(450), true));
        assertTrue(one.contains("  compile 0 s (cached), start 0.1 s, run 0.3 s, judge 0.0 s, total 0.5 s\n"), one);

        String all = verboseReport(ex, new Timings(ms(1200), ms(100), ms(2500), ms(30), ms(2600), ms(600), ms(700), Duration.ZERO, ms(7000), false));
        assertTrue(all.contains("  compile 1.2 s, a first run 2.6 s (measured again), start 0.1 s, run 2.4 s, judge 0.0 s,"
                + " canary run 0.6 s, slowed run 0.7 s, total 7 s\n"), all);
    }

    /**
     * A refusal by the slowed run is headed as what it is: the first run's output was right, the second's not. It was
     * headed "the output is right", over the slowed run's wrong output ("Consumed 8 items, total 36").
     */
    @Test
    void aRefusalByTheSlowedRunSaysTheOutputDependsOnTheProducersSpeed() throws Exception {
        Exercise ex = Catalogue.builtin().find("13").orElseThrow();
        Timings t = new Timings(ms(0), ms(100), ms(900), ms(20), Duration.ZERO, Duration.ZERO, ms(2300), Duration.ZERO, ms(3400), true);
        CheckResult slowed = new CheckResult(Outcome.MISSING_BEHAVIOUR, List.of(), "", 0, ex.expectedOutput(), "",
                ex.expectedOutput(), List.of(), "In a second run, ... the program printed something else.", t);
        String report = new Reports(Style.plain(), "mp-practice").check(ex, Path.of("ProducerConsumer.java"), slowed, 0, false, false);
        assertTrue(report.startsWith(Style.plain().fail() + " Exercise 13 "), report);
        assertTrue(report.contains("a stop signal: the run passed, but not a second one with a slower producer\n"), report);
        assertTrue(CheckCommand.summary(slowed).equals("the output depends on how fast the producer is"), CheckCommand.summary(slowed));
        Exercise select = Catalogue.builtin().find("25").orElseThrow();
        CheckResult slowReader = new CheckResult(Outcome.MISSING_BEHAVIOUR, List.of(), "", 0, select.expectedOutput(), "",
                select.expectedOutput(), List.of(), Checker.SLOWED_RECEIVES_TOLD + "50 ms later ..., the program printed something else.", t);
        assertTrue(new Reports(Style.plain(), "mp-practice").check(select, Path.of("SelectLoop.java"), slowReader, 0, false, false)
                .contains(": the run passed, but not a second one with a slower reader\n"), "receives slowed, not puts");
        assertEquals("the output depends on how fast the reader is", CheckCommand.summary(slowReader));
        Exercise buffer = Catalogue.builtin().find("20").orElseThrow();
        CheckResult lateStarts = new CheckResult(Outcome.MISSING_BEHAVIOUR, List.of(), "", 0, buffer.expectedOutput(), "",
                buffer.expectedOutput(), List.of(), Checker.LATE_STARTS_TOLD + "1000 ms later ..., the program got stuck ...", t);
        assertTrue(new Reports(Style.plain(), "mp-practice").check(buffer, Path.of("ConditionBuffer.java"), lateStarts, 0, false, false)
                .contains(": the run passed, but not a second one in which some processes started later\n"), "starts made late, not puts");
        assertEquals("the output depends on when the processes start", CheckCommand.summary(lateStarts));
        CheckResult rule = new CheckResult(Outcome.MISSING_BEHAVIOUR, List.of(), "", 0, ex.expectedOutput(), "",
                ex.expectedOutput(), List.of(), "The consumers did not take all 20 items.", new Timings(ms(0), ms(100),
                ms(900), ms(20), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(1000), true));
        assertTrue(new Reports(Style.plain(), "mp-practice").check(ex, Path.of("ProducerConsumer.java"), rule, 0, false, false)
                .contains(": the output is right, but the run does not show what the exercise is about\n"), "a rule's refusal");
    }

    /**
     * A refusal by the run with held locks is headed as what it is, and its time is told with --verbose; a refusal by a
     * rule of the first run, followed by what the run with held locks showed, keeps the rule's heading.
     */
    @Test
    void aRefusalByTheRunWithHeldLocksSaysTheProcessesMetAtTheirLocks() throws Exception {
        Exercise ex = Catalogue.builtin().find("16").orElseThrow();
        Timings t = new Timings(ms(0), ms(100), ms(900), ms(20), Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(2100), ms(3200), true);
        CheckResult held = new CheckResult(Outcome.MISSING_BEHAVIOUR, List.of(), "", 0, ex.expectedOutput(), "",
                ex.expectedOutput(), List.of(), Checker.HELD_LOCKS_TOLD + "1000 ms first (...), the program printed something else.", t);
        String report = new Reports(Style.plain(), "mp-practice").check(ex, Path.of("LockOrdering.java"), held, 0, true, false);
        assertTrue(report.contains("two orders: the run passed, but not a second one in which the processes met at their locks\n"), report);
        assertTrue(report.contains(", run with held locks 2.1 s"), report);
        assertEquals("it fails when its processes meet at their locks", CheckCommand.summary(held));
        CheckResult rule = new CheckResult(Outcome.MISSING_BEHAVIOUR, List.of(), "", 0, ex.expectedOutput(), "",
                ex.expectedOutput(), List.of(), "Locks were taken in opposite orders ...\n" + Checker.HELD_LOCKS_TOLD + "1000 ms first", t);
        assertTrue(new Reports(Style.plain(), "mp-practice").check(ex, Path.of("LockOrdering.java"), rule, 0, false, false)
                .contains(": the output is right, but the run does not show what the exercise is about\n"), "a rule's refusal");
        assertEquals("the output is right but a behaviour is missing", CheckCommand.summary(rule));
    }

    /**
     * A stuck run is headed by what the watch saw: every process still running was waiting. It was headed "every process
     * was waiting", untrue of a run in which a child had ended (exercise 3's child put its item and returned, and main
     * waited on another queue).
     */
    @Test
    void aStuckRunIsHeadedByTheProcessesStillRunning() throws Exception {
        Exercise ex = Catalogue.builtin().find("3").orElseThrow();
        Timings t = new Timings(ms(0), ms(100), ms(3000), ms(20), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(3200), true);
        CheckResult stuck = new CheckResult(Outcome.STUCK, List.of(),
                "The run was stopped after 2.9 s: for 2.5 s every one of its processes still running had been waiting.", null, "", "",
                ex.expectedOutput(), List.of(), null, t);
        String report = new Reports(Style.plain(), "mp-practice").check(ex, Path.of("QueuePrimes.java"), stuck, 0, false, false);
        assertTrue(report.startsWith(Style.plain().fail() + " Exercise 3 "), report);
        assertTrue(report.contains(": stuck, every process still running was waiting\n"), report);
        assertEquals("stopped: every process still running was waiting", CheckCommand.summary(stuck));
    }

    /** The timeline under a verdict told by a second run is that run's, and the report says so above it. */
    @Test
    void aTimelineOfTheRunWithHeldLocksSaysWhichRunItIs() throws Exception {
        Exercise ex = Catalogue.builtin().find("16").orElseThrow();
        Timings t = new Timings(ms(0), ms(100), ms(900), ms(20), Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(2100), ms(3200), true);
        Timeline secondRun = new Timeline(0, 2_000_000, List.of(lane(1, "MainProcess", true), lane(2, "mover-1", false)),
                List.of(), false);
        CheckResult held = new CheckResult(Outcome.MISSING_BEHAVIOUR, List.of(), "", 0, ex.expectedOutput(), "",
                ex.expectedOutput(), List.of(), Checker.HELD_LOCKS_TOLD + "1000 ms first (...), the program printed something else.",
                t, secondRun, "The timeline is of the second run.");
        Reports reports = new Reports(Style.plain(), "mp-practice");
        for (Reports.TimelineView view : Reports.TimelineView.values()) {
            String report = reports.check(ex, Path.of("LockOrdering.java"), held, 0, false, false, view);
            assertTrue(report.contains("\n  The timeline is of the second run.\n  Timeline "), view + ":\n" + report);
            assertTrue(view != Reports.TimelineView.FULL || report.contains("Timeline of the second run: 2.00 s"), report);
        }
        CheckResult first = new CheckResult(Outcome.PASSED, List.of(), "", 0, ex.expectedOutput(), "", ex.expectedOutput(),
                List.of(), null, t, secondRun);
        String report = reports.check(ex, Path.of("LockOrdering.java"), first, 0, false, false);
        assertTrue(report.contains("\n  Timeline ") && !report.contains("second run"), report);
    }

    private static Timeline.Lane lane(long pid, String name, boolean main) {
        return new Timeline.Lane(pid, name, main, 0, 2_000_000, 0, List.of(),
                List.of(new Timeline.Segment(Timeline.State.RUNNING, 0, 2_000_000, false)));
    }
}
