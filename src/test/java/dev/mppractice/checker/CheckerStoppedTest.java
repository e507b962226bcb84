package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the checker itself is stopped in the middle of a run, the run's processes end too. */
class CheckerStoppedTest {
    @TempDir
    Path cache;

    private Set<ProcessHandle> before;

    @BeforeEach
    void rememberTheProcessTable() {
        before = ProcessTable.snapshot();
    }

    /** Starts a checker JVM on the never-ending fixture and waits until its run has a child JVM. */
    private Process startCheckerAndWaitForTheRunsChild() throws Exception {
        Process checker = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CheckInAnotherJvm.class.getName(), "child-never-ends", cache.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && checker.isAlive()) {
            // the run's JVM, and the child it started
            if (checker.descendants().count() >= 2) return checker;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        checker.destroyForcibly();
        throw new AssertionError("the checker never got to a run with a child process");
    }

    private void assertAllEnd(List<ProcessHandle> run) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<ProcessHandle> alive = run;
        while (System.nanoTime() < deadline) {
            alive = run.stream().filter(h -> h.isAlive() && !ProcessTree.isZombie(h.pid())).collect(Collectors.toList());
            if (alive.isEmpty()) break;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertEquals(List.of(), ProcessTable.describe(alive), "processes of the run outlived the checker");
        assertEquals(List.of(), ProcessTable.describe(ProcessTable.newDescendants(before)));
        assertEquals(List.of(), ProcessTable.describe(ProcessTable.mentioning(cache)), "JVMs of the run still alive");
    }

    @Test
    void stoppingTheCheckerEndsTheRun() throws Exception {
        Process checker = startCheckerAndWaitForTheRunsChild();
        List<ProcessHandle> run = checker.descendants().collect(Collectors.toList());
        checker.destroy(); // SIGTERM, as Ctrl-C or a closed terminal would
        assertTrue(checker.waitFor(30, TimeUnit.SECONDS));
        assertAllEnd(run);
    }

    @Test
    void killingTheCheckerEndsTheRun() throws Exception {
        Process checker = startCheckerAndWaitForTheRunsChild();
        List<ProcessHandle> run = checker.descendants().collect(Collectors.toList());
        checker.destroyForcibly(); // SIGKILL: no shutdown hook runs in the checker
        assertTrue(checker.waitFor(30, TimeUnit.SECONDS));
        assertAllEnd(run);
    }
}
