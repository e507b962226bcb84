package dev.mppractice.mp.internal;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mppractice.mp.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spare JVMs keep up with a loop of starts: a program that takes a spare before it can have booted
 * gets one more kept booting (up to the processor count), one whose spare was ready keeps one; one whose
 * processes compute for longer than a boot gets its spares between them, not beside them. In
 * JVMs of their own, so that no other test's starts count.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SparesTest {
    private static String run(String mode) throws Exception {
        try (Jvm program = Jvm.start(SparesMain.class, mode)) {
            String line = program.awaitLine(l -> l.startsWith("wanted ") || l.startsWith("spares "), secs(240));
            assertEquals(0, program.waitFor(secs(30)), program::stderr);
            assertEquals("", program.stderr());
            return line;
        }
    }

    @Test
    void startsFasterThanASpareBootsKeepOneMoreSpareBooting() throws Exception {
        int spares = Math.min(2, Runtime.getRuntime().availableProcessors());
        assertEquals("wanted " + spares + " kept " + spares + " exits 0 0 0", run("outpaced"));
    }

    /** A spare booting beside a process that computes takes processor time from it: it boots when the process ends. */
    @Test
    void aProcessThatRunsLongerThanABootHasItsSpareStartedWhenItEnds() throws Exception {
        assertEquals("spares while it ran 0, after 1, exits 0 0 0", run("long-lived"));
    }

    /** Spare workers booting beside a pool's work took processor time from it (row b's maps half as fast). */
    @Test
    void aPoolGivenWorkHasItsSpareWorkersStartedWhenItEnds() throws Exception {
        int spares = Math.min(2, Runtime.getRuntime().availableProcessors());
        assertEquals("spares while it worked 0, after " + spares, run("pool-work"));
    }

    /**
     * A spare for processes started together, or a single pool, booted beside their work and was killed unused at exit:
     * the catalogue's 52 checks started 86 spares and took 32 (2026-12-04).
     */
    @Test
    void processesStartedTogetherAndAPoolAskForNoSpare() throws Exception {
        assertEquals("spares asked for 0 and 0, exits 0 0 0", run("burst"));
    }

    @Test
    void startsSlowerThanASpareBootsKeepOneSpare() throws Exception {
        assertEquals("wanted 1 kept 1 exits 0 0 0", run("kept-up"));
    }
}
