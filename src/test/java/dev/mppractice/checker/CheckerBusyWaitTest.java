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
        assertEquals("MainProcess called `isEmpty()` 1,000 times in a row at Spin.java:12, and each time the queue was"
                + " empty, with no wait in between: a busy wait, which keeps a processor busy doing nothing while other"
                + " processes need it for their work. Call `get()`, which waits for the next item without using a processor"
                + " (or `get(timeout)`, to wait at most that long).", r.missingBehaviour());
        assertTrue(r.refusedForBusyWait(), "told as a busy wait");
    }

    @Test
    void theSameLoopWithANapInItPasses() throws Exception {
        CheckResult r = check("naps", "Thread.sleep(1);");
        assertEquals(Outcome.PASSED, r.outcome(), () -> Summary.of(r));
        assertTrue(r.missingBehaviour() == null || r.missingBehaviour().isEmpty(), r.missingBehaviour());
    }
}
