package dev.mppractice.checker;

import static dev.mppractice.checker.ProcessTable.assertNothingLeftBehind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.catalogue.OutputMatch;
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
 * A busy wait is refused in any exercise, with real runs: testers' programs that spun on {@code isEmpty()},
 * {@code poll()}, {@code ready()} or {@code isAlive()} until something came passed exercises 3, 6, 7, 13 and 15, their
 * output right; the same loop with a nap of a millisecond in it passes.
 */
class CheckerBusyWaitTest {
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

    private static Exercise spin() {
        return new Exercise(94, "spin", "Spin", "", "Spin", "", "", "got 7\n", OutputMatch.EXACT, List.of("a", "b", "c"),
                Duration.ofSeconds(20), List.of(), List.of());
    }

    /** A child puts an item half a second after it starts; main waits for it as WAIT says, then takes it. */
    private static final String WAITS = """
            import dev.mppractice.mp.Process;
            import dev.mppractice.mp.Queue;

            public class Spin {
                public static void main(String[] args) throws Exception {
                    var q = new Queue<Integer>();
                    var p = new Process(() -> {
                        Thread.sleep(500);
                        q.put(7);
                    });
                    p.start();
                    while (q.isEmpty()) {
                        WAIT
                    }
                    System.out.println("got " + q.get());
                    p.join();
                }
            }
            """;

    private CheckResult check(String name, String wait) throws Exception {
        Path file = Files.writeString(Files.createDirectories(cache.resolve(name)).resolve("Spin.java"), WAITS.replace("WAIT", wait));
        return checker.check(spin(), file);
    }

    @Test
    void aMainThatSpinsOnIsEmptyUntilAnItemComesIsRefusedThoughItsOutputIsRight() throws Exception {
        CheckResult r = check("spins", "// nothing: ask again at once");
        assertEquals(Outcome.MISSING_BEHAVIOUR, r.outcome(), () -> Summary.of(r));
        assertEquals("got 7\n", r.stdout());
        assertTrue(java.util.regex.Pattern.compile("MainProcess called `isEmpty\\(\\)` 1,000 times in a row at Spin.java:12, and each"
                + " time the queue was empty, doing next to nothing in between \\(\\d+ ns on average\\): a busy wait, which keeps"
                + " a processor busy asking while other processes need it for their work. Call `get\\(\\)`, which waits for the"
                + " next item without using a processor \\(or `get\\(timeout\\)`, to wait at most that long\\).")
                .matcher(r.missingBehaviour()).matches(), r.missingBehaviour());
        assertTrue(r.refusedForBusyWait(), "told as a busy wait");
    }

    @Test
    void theSameLoopWithANapInItPasses() throws Exception {
        CheckResult r = check("naps", "Thread.sleep(1);");
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.missingBehaviour() == null || r.missingBehaviour().isEmpty(), r.missingBehaviour());
    }

    /**
     * A worker that looks at its stop flag after each short round of real work (20 numbers tested for primes) does not
     * wait busily, however quickly its rounds come: a tester's correct program for exercise 15 was refused 3 checks in 3
     * when what counted was how fast the questions came, not what was done between them.
     */
    private static final String WORKS_UNTIL_STOPPED = """
            import dev.mppractice.mp.Event;
            import dev.mppractice.mp.Process;

            public class Spin {
                public static void main(String[] args) throws Exception {
                    var stop = new Event();
                    var p = new Process(() -> {
                        long n = 2, found = 0;
                        while (!stop.isSet()) {
                            for (int k = 0; k < 20; k++, n++) {
                                boolean prime = n > 1;
                                for (long d = 2; d * d <= n; d++) if (n % d == 0) { prime = false; break; }
                                if (prime) found++;
                            }
                        }
                        if (found < 0) System.out.println("impossible");
                    });
                    p.start();
                    Thread.sleep(700);
                    stop.set();
                    p.join();
                    System.out.println("got 7");
                }
            }
            """;

    @Test
    void aWorkerThatLooksAtItsStopFlagBetweenRoundsOfWorkPasses() throws Exception {
        Path file = Files.writeString(Files.createDirectories(cache.resolve("works")).resolve("Spin.java"), WORKS_UNTIL_STOPPED);
        CheckResult r = checker.check(spin(), file);
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
    }
}
