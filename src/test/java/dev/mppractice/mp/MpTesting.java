package dev.mppractice.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mppractice.mp.internal.TestAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * What the library's tests share: deadlines, gates in shared memory, and the process table as
 * {@code /proc} tells it (a zombie is dead; a pid whose start time changed is another process).
 */
public final class MpTesting {
    private MpTesting() {
    }

    public static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    public static Duration secs(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    /** Joins {@code p} for at most 60 s and fails the test unless it ended with exit code 0. */
    public static void joinOk(Process p) {
        p.join(secs(60));
        org.junit.jupiter.api.Assertions.assertFalse(p.isAlive(), "the child did not end within 60 s");
        org.junit.jupiter.api.Assertions.assertEquals(0, p.exitCode(), "the child failed (see its stack trace above)");
    }

    /** Milliseconds since {@code startNanos} (a {@link System#nanoTime()} reading). */
    public static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Waits until {@code condition} holds, failing the test with {@code what} at the deadline. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /**
     * Checks that {@code condition} keeps holding for the whole of {@code window} (something that must
     * not happen does not), failing the test with {@code what} the moment it stops holding.
     */
    public static void assertHolds(String what, Duration window, BooleanSupplier condition) {
        long end = System.nanoTime() + window.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                fail("stopped holding within " + window.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        } while (System.nanoTime() - end < 0);
        if (!condition.getAsBoolean()) {
            fail("stopped holding within " + window.toMillis() + " ms: " + what);
        }
    }

    /**
     * Runs in a child that the test ends by killing it (or by a signal): blocks until then, at most ten
     * minutes, so that a test that failed before its kill never leaves the child behind for long.
     */
    public static void holdUntilKilled() throws InterruptedException {
        new java.util.concurrent.CountDownLatch(1).await(10, TimeUnit.MINUTES);
    }

    /**
     * Runs in a child: waits until another process opens the gate (sets it to non-zero). Bounded,
     * so that a failed test never leaves a worker stuck for longer than a minute.
     */
    public static void passGate(IntValue gate) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (gate.get() == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the gate was never opened");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** A bytes pattern that a truncated or reordered copy cannot match. */
    public static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        int x = seed;
        for (int i = 0; i < length; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) (x >>> 16);
        }
        return b;
    }

    // --- the process table --------------------------------------------------------------------

    /** A process as seen at one moment: its pid and its start time (field 22 of /proc/pid/stat). */
    public record Seen(long pid, long startTicks) {
        /** True while the same process still runs (not ended, not a zombie, pid not reused). */
        public boolean alive() {
            String[] stat = stat(pid);
            return stat != null && !"Z".equals(stat[0]) && !"X".equals(stat[0]) && Long.parseLong(stat[19]) == startTicks;
        }

        @Override
        public String toString() {
            return pid + " " + commandLine(pid);
        }
    }

    /** The process {@code pid} as it is now; null if there is none (or only a zombie). */
    public static Seen see(long pid) {
        String[] stat = stat(pid);
        if (stat == null || "Z".equals(stat[0])) {
            return null;
        }
        return new Seen(pid, Long.parseLong(stat[19]));
    }

    /** True if {@code pid} has ended but its parent has not reaped it yet (state Z). */
    public static boolean zombie(long pid) {
        String[] stat = stat(pid);
        return stat != null && "Z".equals(stat[0]);
    }

    /**
     * True once every thread of {@code pid} is stopped (state T): a SIGSTOP takes effect in each thread only when it next
     * runs, and until then a thread blocked in {@code waitpid} (the JDK's process reaper) may still reap a child.
     */
    public static boolean stopped(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String s = Files.readString(t.resolve("stat"));
                if (!s.substring(s.lastIndexOf(')') + 2).startsWith("T")) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sends SIG{@code signal} to {@code pid} the way someone outside the library would. */
    public static void sendSignal(String signal, long pid) throws Exception {
        java.lang.Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        if (kill.waitFor() != 0) {
            fail("kill -" + signal + " " + pid + " failed");
        }
    }

    /** True if no live process has this pid (a zombie counts as gone). */
    public static boolean gone(long pid) {
        String[] stat = stat(pid);
        return stat == null || "Z".equals(stat[0]) || "X".equals(stat[0]);
    }

    /** Fields 3.. of /proc/pid/stat (state first), or null when there is no such process. */
    private static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name, in parentheses, may itself contain spaces and parentheses
            return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A process left behind, told so that its cause can be found from a log: its pid, state,
     * parent, age, command line and, when it is a JVM, what its threads were doing.
     */
    public static String describe(Seen s) {
        StringBuilder out = new StringBuilder(s.toString());
        String[] stat = stat(s.pid());
        if (stat != null) {
            out.append("\n  state ").append(stat[0]).append(", parent ").append(stat[1]);
        }
        ProcessHandle.of(s.pid()).flatMap(h -> h.info().startInstant()).ifPresent(t ->
                out.append(", started ").append(Duration.between(t, java.time.Instant.now()).toMillis()).append(" ms ago"));
        try {
            Path dump = Files.createTempFile("left-behind", ".txt");
            java.lang.Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(s.pid()), "Thread.print").redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (jcmd.waitFor(30, TimeUnit.SECONDS)) {
                out.append("\n  threads:\n").append(Files.readString(dump).indent(4));
            } else {
                jcmd.destroyForcibly();
                out.append("\n  (no thread dump within 30 s)");
            }
            Files.deleteIfExists(dump);
        } catch (IOException | InterruptedException e) {
            out.append("\n  (no thread dump: ").append(e).append(')');
        }
        return out.toString();
    }

    public static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Live (not zombie) descendants of this JVM. */
    public static List<Seen> liveDescendants() {
        List<Seen> out = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(h -> {
            Seen s = see(h.pid());
            if (s != null) {
                out.add(s);
            }
        });
        return out;
    }

    /**
     * Pids of the live (not zombie) direct children of this JVM, but the spare JVMs the library
     * keeps started ahead of need.
     */
    public static Set<Long> liveChildren() {
        Set<Long> spares = TestAccess.sparePids();
        return ProcessHandle.current().children().map(ProcessHandle::pid).filter(p -> !gone(p) && !spares.contains(p))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Waits until every one of {@code processes} is gone; fails naming those that are not. */
    public static void awaitAllGone(String what, Duration timeout, List<Seen> processes) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Seen> alive = processes.stream().filter(Seen::alive).collect(Collectors.toList());
            if (alive.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                alive.forEach(s -> ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly));
                fail(what + ": still alive after " + timeout.toMillis() + " ms: " + alive);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Closes each of {@code resources} that is not null, in order (a pool or manager shared by a test class). */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable r : resources) {
            if (r != null) {
                r.close();
            }
        }
    }

    /** The causes of {@code t}, itself first. */
    public static List<Throwable> chain(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    /** True if {@code t}'s own stack trace has a frame in {@code type}'s method {@code method}. */
    public static boolean hasFrame(Throwable t, Class<?> type, String method) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(type.getName()) && e.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code process-start} of a record: who started a child ({@code pid}) and the child ({@code child}). */
    public static JsonNode firstStart(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("ev").asText().equals("process-start")).findFirst().orElseThrow();
    }

    /**
     * Runs {@code main} in a JVM of its own with its run recorded to {@code record}, checks that it ends
     * with exit code 0 within {@code timeout} printing {@code expectedOut}, and returns the record's events.
     */
    public static List<JsonNode> runRecorded(Path record, Class<?> main, String expectedOut, Duration timeout)
            throws Exception {
        try (Jvm program = Jvm.start(List.of("-Dmp.record=" + record), main)) {
            assertEquals(0, program.waitFor(timeout), program::stderr);
            assertEquals(expectedOut, program.stdout().strip());
        }
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(record)) {
            events.add(json.readTree(line));
        }
        return events;
    }
}
