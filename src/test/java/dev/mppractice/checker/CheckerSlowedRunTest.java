package dev.mppractice.checker;

import static dev.mppractice.checker.ProcessTable.assertNothingLeftBehind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.BehaviourRule;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.catalogue.OutputMatch;
import dev.mppractice.catalogue.SecondRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slowed run, with real runs: a program whose output depends on how fast its child puts on a queue (main drains
 * what is there after a while, as consumers that stop on an empty queue do) passes its first run and is refused by
 * the second, in which every put is made later; a program that waits for what it needs passes both.
 */
class CheckerSlowedRunTest {
    @TempDir
    Path cache;

    private Checker checker;
    private Set<ProcessHandle> before;

    @BeforeEach
    void setUp() {
        before = ProcessTable.snapshot();
        checker = new Checker(new CheckerOptions(cache, null, CheckerOptions.DEFAULT_OUTPUT_CAP));
    }

    @AfterEach
    void nothingIsLeftRunning() {
        assertNothingLeftBehind(checker, before);
    }

    private static final String MESSAGE = "Take what the producer sends until it says it is done.";

    /** Checks {@code source} as {@code ex}'s program, written in a folder of its own ({@code folder}) of the cache. */
    private CheckResult check(Exercise ex, String folder, String source) throws Exception {
        Path file = Files.writeString(Files.createDirectories(cache.resolve(folder)).resolve(ex.fileName()), source);
        return checker.check(ex, file);
    }

    private static Exercise drain() {
        return new Exercise(99, "drain", "Drain", "", "Drain", "", "", "20\n", OutputMatch.EXACT, List.of("a", "b", "c"),
                Duration.ofSeconds(20), List.of(), List.of(), null, SecondRuns.NONE.withSlowPuts(MESSAGE));
    }

    /** The child says it begins, then puts 20 items: in a plain run they are all there long before main looks, 0.3 s later. */
    private static final String EMPTY_MEANS_DONE = """
            import dev.mppractice.mp.Event;
            import dev.mppractice.mp.Process;
            import dev.mppractice.mp.Queue;

            public class Drain {
                public static void main(String[] args) throws Exception {
                    var items = new Queue<Integer>();
                    var begun = new Event();
                    var p = new Process(() -> {
                        begun.set();
                        for (int i = 0; i < 20; i++) items.put(i);
                    });
                    p.start();
                    begun.await();
                    Thread.sleep(300);
                    int count = 0;
                    while (!items.isEmpty()) {
                        items.get();
                        count++;
                    }
                    p.join();
                    System.out.println(count);
                }
            }
            """;

    private static final String WAITS_FOR_EACH = EMPTY_MEANS_DONE.replace("while (!items.isEmpty()) {", "while (count < 20) {");

    private static final String THROWS_WHEN_EMPTY = EMPTY_MEANS_DONE.replace("while (!items.isEmpty()) {",
            "while (count < 20) {\n if (items.isEmpty()) throw new IllegalStateException(\"empty after \" + count);");

    @Test
    void aProgramWhoseOutputDependsOnHowFastItsChildPutsIsRefusedByTheSlowedRun() throws Exception {
        CheckResult r = check(drain(), "empty", EMPTY_MEANS_DONE);
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("20\n", r.stdout(), "the first run printed the expected output");
        assertTrue(r.missingBehaviour().startsWith("In a second run, with each put on a queue made 20 ms later and the fifth put of"
                + " each process 1000 ms later still (a slow producer, as on a busy machine), the program printed something else. " + MESSAGE + "\nWhat it printed then:\n| "),
                r.missingBehaviour());
        assertTrue(r.timings().slowed().compareTo(Duration.ofMillis(300)) > 0, "the slowed run's time is told: " + r.timings());
    }

    /**
     * Main takes items until a get waits 200 ms in vain: a learner's consumers that stopped on a 50 or 100 ms timeout, not
     * on the producer's STOP, passed the slowed run of exercise 13 (every put 20 ms later is sooner than any such timeout).
     */
    private static final String TIMEOUT_MEANS_DONE = EMPTY_MEANS_DONE.replace("Thread.sleep(300);", "")
            .replace("while (!items.isEmpty()) {\n            items.get();", "while (true) {\n"
                    + "            try { items.get(java.time.Duration.ofMillis(200)); }"
                    + " catch (dev.mppractice.mp.EmptyQueueException e) { break; }");

    @Test
    void aProgramThatStopsWhenAGetTimesOutIsRefusedByTheSlowedRun() throws Exception {
        assertTrue(TIMEOUT_MEANS_DONE.contains("ofMillis(200)"), TIMEOUT_MEANS_DONE);
        CheckResult r = check(drain(), "timeout", TIMEOUT_MEANS_DONE);
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("20\n", r.stdout(), "the first run printed the expected output");
        assertTrue(r.missingBehaviour().contains("What it printed then:\n| 4"), r.missingBehaviour());
    }

    @Test
    void aSlowedRunThatFailsIsToldWithWhatItThrew() throws Exception {
        CheckResult r = check(drain(), "throws", THROWS_WHEN_EMPTY);
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        String told = r.missingBehaviour();
        assertTrue(told.startsWith("In a second run, with each put on a queue made 20 ms later and the fifth put of each process"
                + " 1000 ms later still (a slow producer, as on a busy machine), the program ended with exit code 1. " + MESSAGE
                + "\nMainProcess failed at Drain.java:18, with IllegalStateException: empty after "), told);
        assertTrue(told.contains("\nWhat it wrote on its standard error then:\n| "), told);
        assertTrue(told.contains("java.lang.IllegalStateException: empty after "), told);
    }

    /** Main answers the child only when it found all 20 items at its look: slowed, the child waits for ever, and main in join. */
    private static final String STUCK_WHEN_SLOWED = """
            import dev.mppractice.mp.Event;
            import dev.mppractice.mp.Process;
            import dev.mppractice.mp.Queue;

            public class Drain {
                public static void main(String[] args) throws Exception {
                    var items = new Queue<Integer>();
                    var acks = new Queue<String>();
                    var begun = new Event();
                    var p = new Process(() -> {
                        begun.set();
                        for (int i = 0; i < 20; i++) items.put(i);
                        acks.get();
                    });
                    p.start();
                    begun.await();
                    Thread.sleep(300);
                    int count = 0;
                    while (!items.isEmpty()) {
                        items.get();
                        count++;
                    }
                    if (count == 20) acks.put("thanks");
                    System.out.println(count);
                    p.join();
                }
            }
            """;

    @Test
    void aSlowedRunThatGetsStuckIsToldWhereEachProcessWaited() throws Exception {
        CheckResult r = check(drain(), "stuck", STUCK_WHEN_SLOWED);
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        String told = r.missingBehaviour();
        assertTrue(told.startsWith("In a second run, with each put on a queue made 20 ms later and the fifth put of each process"
                + " 1000 ms later still (a slow producer, as on a busy machine), the program got stuck: every process still running waited, and nothing happened. " + MESSAGE), told);
        assertTrue(told.contains("\nWhen it was stopped:\nmain waits in p.join() at Drain.java:25; Process-1 has not ended"
                + Diagnosis.RECEIVES_IN_A_LOOP + ".\nProcess-1 waits in acks.get() at Drain.java:13; nothing was ever put on acks."), told);
    }

    /**
     * The child's five puts come at once in a plain run, long before main marks a moment 0.3 s after the child began;
     * in the slowed run the fifth comes a second later, after it. An exercise's rule that the puts come first is then
     * broken with the right output: exercise 21's workers that marked a number done before they put its result passed
     * the slowed run, which judged the output alone, and its plain runs three times in four.
     */
    private static final String PUTS_THEN_MARK = """
            import dev.mppractice.mp.Event;
            import dev.mppractice.mp.Process;
            import dev.mppractice.mp.Queue;

            public class Drain {
                public static void main(String[] args) throws Exception {
                    var items = new Queue<Integer>();
                    var begun = new Event();
                    var mark = new Event();
                    var p = new Process(() -> {
                        begun.set();
                        for (int i = 0; i < 5; i++) items.put(i);
                    });
                    p.start();
                    begun.await();
                    Thread.sleep(300);
                    mark.set();
                    int count = 0;
                    while (count < 5) {
                        items.get();
                        count++;
                    }
                    p.join();
                    System.out.println(count);
                }
            }
            """;

    @Test
    void aRuleThatTheSlowedRunBreaksWithTheRightOutputRefusesTheCheck() throws Exception {
        BehaviourRule putsFirst = new BehaviourRule(new BehaviourRule.Match("queue-put", "child"), 5, null, null, false, null,
                new BehaviourRule.Match("event-set", "main"), 0, "{early} of the {count} puts came before the mark.");
        // the begun event is set by the child: main's only event-set is the mark
        Exercise ex = new Exercise(99, "drain", "Drain", "", "Drain", "", "", "5\n", OutputMatch.EXACT, List.of("a", "b", "c"),
                Duration.ofSeconds(20), List.of(putsFirst), List.of(), null, SecondRuns.NONE.withSlowPuts(MESSAGE));
        CheckResult r = check(ex, "marked", PUTS_THEN_MARK);
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("In a second run, with each put on a queue made 20 ms later and the fifth put of each process 1000 ms"
                + " later still (a slow producer, as on a busy machine), the program printed the expected output, but its record"
                + " showed this: 4 of the 5 puts came before the mark.", r.missingBehaviour());
    }

    @Test
    void aProgramThatWaitsForWhatItNeedsPassesTheSlowedRun() throws Exception {
        CheckResult r = check(drain(), "waits", WAITS_FOR_EACH);
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.timings().slowed().compareTo(Duration.ofMillis(400)) > 0, "20 puts of 20 ms: " + r.timings());
    }

    private static final String RECEIVES_MESSAGE = "Read each pipe until it reaches its end.";

    private static Exercise readPipe() {
        return new Exercise(96, "reader", "Reader", "", "Reader", "", "", "5\n", OutputMatch.EXACT, List.of("a", "b", "c"),
                Duration.ofSeconds(20), List.of(), List.of(), null, SecondRuns.NONE.withSlowReceives(RECEIVES_MESSAGE));
    }

    /**
     * A child sends 5 messages and ends; main reads while the child lives, then stops: in a plain run it reads each
     * message as it comes, long before the child's JVM has ended (exercise 25's select loop that stopped listening to a
     * sensor's pipe once its process ended passed 7 checks in 7).
     */
    private static final String STOPS_WHEN_THE_SENDER_ENDS = """
            import dev.mppractice.mp.ConnectionEOFException;
            import dev.mppractice.mp.Pipe;
            import dev.mppractice.mp.Process;

            public class Reader {
                public static void main(String[] args) throws Exception {
                    var pipe = Pipe.open(false);
                    var out = pipe.right();
                    var p = new Process(() -> {
                        for (int i = 0; i < 5; i++) {
                            Thread.sleep(20);
                            out.send(i);
                        }
                        out.close();
                    });
                    p.start();
                    int count = 0;
                    while (READING) {
                        if (pipe.left().poll(java.time.Duration.ofMillis(10))) {
                            try {
                                pipe.left().recv();
                                count++;
                            } catch (ConnectionEOFException e) {
                                break;
                            }
                        }
                    }
                    p.join();
                    System.out.println(count);
                }
            }
            """;

    @Test
    void aReaderThatStopsWhenItsSenderEndsIsRefusedByTheRunWithSlowedReceives() throws Exception {
        CheckResult r = check(readPipe(), "alive", STOPS_WHEN_THE_SENDER_ENDS.replace("READING", "p.isAlive()"));
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("5\n", r.stdout(), "the first run printed the expected output");
        assertTrue(r.missingBehaviour().startsWith("In a second run, with each receive on a pipe made 50 ms later (a slow reader,"
                + " as on a busy machine: the messages pile up in the pipes, and a sender may end before its last ones are read),"
                + " the program printed something else. " + RECEIVES_MESSAGE + "\nWhat it printed then:\n| "), r.missingBehaviour());
        assertTrue(r.refusedBySlowedReceives(), "told as a slower reader's");
    }

    @Test
    void aReaderThatReadsToThePipesEndPassesTheRunWithSlowedReceives() throws Exception {
        CheckResult r = check(readPipe(), "eof", STOPS_WHEN_THE_SENDER_ENDS.replace("READING", "true"));
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.timings().slowed().compareTo(Duration.ofMillis(300)) > 0, "6 receives of 50 ms: " + r.timings());
    }

    private static final String ARRIVAL_MESSAGE = "Let each party wait at the barrier as long as the slowest takes.";

    private static Exercise meet() {
        return new Exercise(95, "meet", "Meet", "", "Meet", "", "", "met\n", OutputMatch.EXACT, List.of("a", "b", "c"),
                Duration.ofSeconds(20), List.of(), List.of(), null, SecondRuns.NONE.withLateArrival(ARRIVAL_MESSAGE));
    }

    /**
     * Main and a child meet at a barrier once the child is up (an event says so), so in a plain run they arrive
     * together, well within any timeout: exercise 19's workers that waited at most 20 ms at the barrier passed 2 checks
     * in 6, when their JVMs happened to start together.
     */
    private static final String MEETS = """
            import dev.mppractice.mp.Barrier;
            import dev.mppractice.mp.Event;
            import dev.mppractice.mp.Process;

            public class Meet {
                public static void main(String[] args) throws Exception {
                    var barrier = new Barrier(2);
                    var up = new Event();
                    var p = new Process(() -> {
                        up.set();
                        barrier.AWAIT;
                    });
                    p.start();
                    up.await();
                    barrier.AWAIT;
                    p.join();
                    System.out.println(p.exitCode() == 0 ? "met" : "the child ended with exit code " + p.exitCode());
                }
            }
            """;

    @Test
    void partiesThatWaitAtABarrierWithAShortTimeoutAreRefusedByTheRunWithALateArrival() throws Exception {
        CheckResult r = check(meet(), "short", MEETS.replace("AWAIT", "await(java.time.Duration.ofMillis(300))"));
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("met\n", r.stdout(), "the first run printed the expected output");
        assertTrue(r.missingBehaviour().startsWith("In a second run, in which the last process to arrive at a barrier where"
                + " another waited with a timeout arrived 1000 ms later (as when the machine pauses a process: the others wait for"
                + " it that much longer), the program ended with exit code 1. " + ARRIVAL_MESSAGE), r.missingBehaviour());
        assertTrue(r.missingBehaviour().contains("BarrierTimeoutException"), r.missingBehaviour());
        assertTrue(r.refusedByLateArrival(), "told as a late arrival's");
    }

    /**
     * The late arrival comes at a round where a party waits with a timeout, not at the first round alone: parties that
     * met without a timeout first, then with a short one, passed (a prober's exercise 19 program, later phases only).
     */
    @Test
    void partiesThatWaitWithAShortTimeoutInALaterRoundAreRefusedByTheRunWithALateArrival() throws Exception {
        CheckResult r = check(meet(), "later", MEETS.replace("AWAIT", "await(); barrier.await(java.time.Duration.ofMillis(300))"));
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertTrue(r.refusedByLateArrival(), r.missingBehaviour());
        assertTrue(r.missingBehaviour().contains("BarrierTimeoutException"), r.missingBehaviour());
        // which process failed where, as a first run's verdict says it (a prober's workers that crashed on their guard
        // were told only that the run printed something else)
        assertTrue(java.util.regex.Pattern.compile("(?m)^\\S+ failed at Meet\\.java:\\d+").matcher(r.missingBehaviour()).find(),
                r.missingBehaviour());
    }

    @Test
    void partiesThatWaitAtABarrierAsLongAsItTakesPassTheRunWithALateArrival() throws Exception {
        // a guard of 10 s: longer than a second run outwaits, so the late arrival is a second's
        CheckResult r = check(meet(), "long", MEETS.replace("AWAIT", "await(java.time.Duration.ofSeconds(10))"));
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.timings().slowed().compareTo(Duration.ofMillis(1000)) > 0, "a late arrival of 1000 ms: " + r.timings());
    }

    private static final String STARTS_MESSAGE = "Let the processes find each other whenever each one starts.";

    private static Exercise starts() {
        return new Exercise(93, "starts", "Starts", "", "Starts", "", "", "started\n", OutputMatch.EXACT, List.of("a", "b", "c"),
                Duration.ofSeconds(20), List.of(), List.of(), null, SecondRuns.NONE.withLateStarts(STARTS_MESSAGE));
    }

    /** Main starts three processes, then joins them, and prints what TOLD says: how long the three starts took, or not. */
    private static final String STARTS_THREE = """
            import dev.mppractice.mp.Process;

            public class Starts {
                public static void main(String[] args) throws Exception {
                    var all = new Process[3];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = new Process(() -> { });
                    }
                    long began = System.nanoTime();
                    for (var p : all) {
                        p.start();
                    }
                    long tookMillis = (System.nanoTime() - began) / 1_000_000;
                    for (var p : all) {
                        p.join();
                    }
                    System.out.println(TOLD);
                }
            }
            """;

    /**
     * Exercise 20's consumers that never signalled passed a check in 6, when a consumer's take happened to come between
     * a producer's puts; started a second later than the producers, they find both producers waiting for room, and the
     * run is stuck. Here the program's output says whether its three starts took a second or more, as they do when the
     * third is started later.
     */
    @Test
    void aProgramWhoseOutputDependsOnWhenItsProcessesStartIsRefusedByTheRunWithLateStarts() throws Exception {
        CheckResult r = check(starts(), "together", STARTS_THREE.replace("TOLD", "tookMillis < 1000 ? \"started\" : \"started one by one\""));
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("started\n", r.stdout(), "the first run printed the expected output");
        assertTrue(r.missingBehaviour().startsWith("In a second run, in which each start of a process after the first 2 waited"
                + " 1000 ms first (as on a busy machine, slow to start a JVM: the processes started first ran alone for a"
                + " while), the program printed something else. " + STARTS_MESSAGE), r.missingBehaviour());
        assertTrue(r.missingBehaviour().contains("started one by one"), r.missingBehaviour());
        assertTrue(r.refusedByLateStarts(), "told as late starts'");
        // the timeline shown is the second run's, where it went otherwise (the first run's passed)
        assertEquals("The timeline is of the second run, the one with late starts.", r.timelineRun());
        assertEquals(4, r.timeline().lanes().size(), "main and its three children: " + r.timeline());
        assertTrue(r.timeline().endUs() - r.timeline().startUs() > 1_000_000, "a start put off by 1000 ms: " + r.timeline());
    }

    @Test
    void aProgramWhoseOutputDoesNotDependOnWhenItsProcessesStartPassesTheRunWithLateStarts() throws Exception {
        CheckResult r = check(starts(), "whenever", STARTS_THREE.replace("TOLD", "\"started\""));
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.timings().slowed().compareTo(Duration.ofMillis(1000)) > 0, "a third start 1000 ms later: " + r.timings());
    }

    /**
     * The run with late starts is judged by its output and how it ended, not by the exercise's rules, which its delays
     * alone can break: exercise 20's consumers that waited on the condition with a timeout of 200 ms, and signalled after
     * every take, were refused for the waits that timed out there, for producers the checker itself held back. Here a
     * rule asks that every child was started before the first one ended, which a start put off by a second breaks.
     */
    @Test
    void aRuleThatOnlyTheDelaysOfLateStartsBreakDoesNotRefuseTheCheck() throws Exception {
        BehaviourRule allStartedFirst = new BehaviourRule(new BehaviourRule.Match("process-start", "main"), 3, null, null, false,
                null, new BehaviourRule.Match("process-exit", "main"), 0, "{late} of the {count} starts came after an end.");
        Exercise ex = new Exercise(93, "starts", "Starts", "", "Starts", "", "", "started\n", OutputMatch.EXACT,
                List.of("a", "b", "c"), Duration.ofSeconds(20), List.of(allStartedFirst), List.of(), null,
                SecondRuns.NONE.withLateStarts(STARTS_MESSAGE));
        CheckResult r = check(ex, "rules", STARTS_THREE.replace("() -> { }", "() -> Thread.sleep(500)").replace("TOLD", "\"started\""));
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.timings().slowed().compareTo(Duration.ofMillis(1500)) > 0, "a third start put off by 1000 ms, and a sleep: " + r.timings());
    }
}
