package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static dev.mppractice.mp.MpTesting.sendSignal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A program that ends, however it ends, while its pool is busy and its processes run, prints
 * nothing of the library's on its standard error and starts no JVM on its way out; none of its
 * JVMs outlives it. Each way of ending is tried a few times: what goes wrong here is a race.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownTest {
    private static final int ROUNDS = 3;

    @ParameterizedTest(name = "a program ending by {0} while busy")
    @CsvSource({"return, 0", "exit, 3", "throw, 1", "SIGTERM, 143"})
    void endsQuietlyAndStartsNothingOnItsWayOut(String ending, int expectedExit) throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            endOnce(ending, expectedExit, round);
        }
    }

    @Test
    void aChildWhoseTaskEndsWhileItsPoolIsBusyStillWaitsForTheNonDaemonChildItJustStarted() {
        Queue<String> heard = new Queue<>();
        Process parent = new Process(() -> {
            IntArray running = Array.ofInts(1);
            Pool pool = new Pool(1);
            pool.applyAsync(() -> BusyShutdownMain.spin(running, 0));
            MpTesting.await("the worker is busy", secs(60), () -> running.get(0) == 1);
            new Process(() -> heard.put("the late child ran to its end")).start();
            // the task ends here, its pool busy and its last child still starting
        });
        parent.start();
        parent.join(secs(60));
        assertEquals(0, parent.exitCode());
        assertEquals("the late child ran to its end", heard.get(secs(30)));
    }

    private static void endOnce(String ending, int expectedExit, int round) throws Exception {
        String marker = "mp.test.tree=" + UUID.randomUUID();
        String mode = ending.equals("SIGTERM") ? "wait" : ending;
        // Every JVM of the tree carries the marker on its command line, so that one started on the
        // way out can be found after the program has ended (and its children were re-parented).
        try (Jvm program = Jvm.start(List.of("-Dmp.childJvmArgs=-D" + marker), BusyShutdownMain.class, mode)) {
            program.awaitLine("BUSY"::equals, secs(60));
            Set<Long> before = withMarker(marker);
            if (ending.equals("SIGTERM")) {
                sendSignal("TERM", program.pid());
            }
            Set<Long> seen = new TreeSet<>(before);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (program.process().isAlive() && System.nanoTime() < deadline) {
                seen.addAll(withMarker(marker));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            int exit = program.waitFor(secs(30));
            Set<Long> left = awaitNoneWithMarker(marker, secs(5));
            seen.addAll(left);
            seen.removeAll(before);
            List<String> problems = new ArrayList<>();
            if (exit != expectedExit) {
                problems.add("it exited with " + exit + ", not " + expectedExit);
            }
            if (!seen.isEmpty()) {
                problems.add("JVMs were started on its way out: " + seen);
            }
            if (!left.isEmpty()) {
                problems.add("JVMs of the program were still alive 5 s after it ended: " + left);
            }
            String noise = noise(ending, program.stderr());
            if (!noise.isEmpty()) {
                problems.add("it printed on its standard error:\n" + noise);
            }
            if (!problems.isEmpty()) {
                fail("round " + round + " of ending by " + ending + ": " + String.join("; ", problems));
            }
        }
    }

    /** What the program printed on its standard error but, when main threw, its own stack trace. */
    private static String noise(String ending, String stderr) {
        List<String> lines = stderr.lines().toList();
        String own = "Exception in thread \"main\" java.lang.IllegalStateException: the program fails on purpose";
        if (ending.equals("throw") && !lines.isEmpty() && lines.get(0).equals(own)) {
            lines = lines.subList(1, lines.size()).stream()
                    .filter(l -> !l.startsWith("\tat " + BusyShutdownMain.class.getName() + ".")).toList();
        }
        return String.join("\n", lines);
    }

    /** Live (not zombie) processes whose command line holds {@code marker}. */
    private static Set<Long> withMarker(String marker) {
        Set<Long> pids = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
                long pid = Long.parseLong(n);
                if (MpTesting.commandLine(pid).contains(marker) && !MpTesting.gone(pid)) {
                    pids.add(pid);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    /** Waits until no process holds {@code marker}; returns (and kills) those that still do. */
    private static Set<Long> awaitNoneWithMarker(String marker, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<Long> left = withMarker(marker);
            if (left.isEmpty() || System.nanoTime() > deadline) {
                left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                return left;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
