package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a crashed run that started no process is told (exercise 22's filters written as threads, each closing the one
 * shared buffer: the learner read "closed in this process" and did not learn that no process had run).
 */
class NoProcessBeforeTheCrashTest {
    @Test
    void theThreadsWhoseExceptionsStandardErrorShowsAreNamedOnceEachAndMainIsNot() {
        String stderr = """
                Exception in thread "filter-2" dev.mppractice.mp.ClosedException: this shared buffer (shm-1-1) was closed in this process
                \tat SharedBufferFilter.negative(SharedBufferFilter.java:26)
                Exception in thread "filter-3" java.lang.IllegalStateException: Exception in thread "filter-9" is not a header
                Exception in thread "filter-2" java.lang.Error: again
                Exception in thread "main" dev.mppractice.mp.ClosedException: this shared buffer (shm-1-1) was closed in this process
                """;
        assertEquals(List.of("filter-2", "filter-3"), Checker.threadsThatThrew(stderr));
        assertEquals(List.of(), Checker.threadsThatThrew("Exception in thread \"main\" java.lang.Error\n"));
    }

    @Test
    void theThreadsAreSaidToBeThreadsOfTheMainProcess() {
        assertEquals("The program started no process before it ended: everything it ran, ran in the main process."
                + " filter-2 and filter-3, whose exceptions are below, are threads of the main process, and share its"
                + " memory and every object in it with its other threads. Start the work in processes, with"
                + " `new Process(...)` or a pool, as the exercise asks: each has objects of its own.",
                Explanations.noProcessBeforeTheCrash(List.of("filter-2", "filter-3")));
        assertEquals("The program started no process before it ended: everything it ran, ran in the main process."
                + " worker, whose exception is below, is a thread of the main process, and shares its memory and every"
                + " object in it with its other threads. Start the work in processes, with `new Process(...)` or a pool,"
                + " as the exercise asks: each has objects of its own.",
                Explanations.noProcessBeforeTheCrash(List.of("worker")));
        assertEquals("The program started no process before it ended: everything it ran, ran in the main process.",
                Explanations.noProcessBeforeTheCrash(List.of()));
    }
    /** Rules that count a pool's calls or chunks ask for processes, as rules of children and starts do (exercises 7 and 8). */
    @Test
    void rulesThatCountAPoolsCallsAskForProcessesAndOnesThatForbidThemDoNot() {
        var calls = new dev.mppractice.catalogue.BehaviourRule("pool-call", "main", java.util.Map.of("call", "applyAsync"), null, 5,
                null, false, "m");
        var noPoolOfOne = new dev.mppractice.catalogue.BehaviourRule("pool-create", "main", java.util.Map.of("workers", 1), null, 0,
                null, false, "m");
        var starts = new dev.mppractice.catalogue.BehaviourRule("process-start", "main", null, null, 4, null, false, "m");
        assertEquals(true, BehaviourJudge.askForProcesses(List.of(calls)));
        assertEquals(true, BehaviourJudge.askForProcesses(List.of(starts)));
        assertEquals(false, BehaviourJudge.askForProcesses(List.of(noPoolOfOne)), "a rule with no least count (one that forbids a pool of one) asks for nothing");
    }
}
