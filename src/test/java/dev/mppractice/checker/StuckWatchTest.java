package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StuckWatch} on a record it is given and real processes that use no processor time (each
 * a {@code sleep}): what it takes for waiting, and what not.
 */
@Timeout(60)
class StuckWatchTest {
    @TempDir
    Path dir;

    private final List<java.lang.Process> sleepers = new java.util.ArrayList<>();

    @AfterEach
    void endTheSleepers() {
        sleepers.forEach(java.lang.Process::destroyForcibly);
    }

    private ProcessHandle sleeper() throws Exception {
        java.lang.Process p = new ProcessBuilder("sleep", "60").directory(dir.toFile()).start();
        sleepers.add(p);
        return p.toHandle();
    }

    /**
     * A JVM such as the library keeps ready ahead of need: its child main, waiting for its setup on its standard input
     * (kept open). A process the record never names is taken for a spare only when it is one of these: a command the
     * program ran is not ({@code sleep}, or a {@code java} of its own).
     */
    private ProcessHandle spare() throws Exception {
        java.lang.Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                dev.mppractice.mp.internal.ChildMain.class.getName()).directory(dir.toFile()).start();
        sleepers.add(p);
        return p.toHandle();
    }

    /**
     * A run is looked into (its JVMs' threads dumped, 0.3 s or more) before it is called stuck; an event written
     * meanwhile is something that happened: the run is not stuck. A learner's select loop of exercise 25 was stopped as
     * stuck 0.36 s after a message was sent and received, its timeline showed.
     */
    @Test
    void anEventWrittenWhileTheRunIsLookedIntoMeansItIsNotStuck() throws Exception {
        Path source = Files.writeString(dir.resolve("Sleeps.java"),
                "public class Sleeps { public static void main(String[] a) throws Exception {"
                        + " System.out.println(\"waiting\"); synchronized (Sleeps.class) { Sleeps.class.wait(); } } }\n");   // waits with no timeout: no thread goes on
        java.lang.Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", source.toString()).directory(dir.toFile()).start();
        sleepers.add(jvm);
        ProcessHandle main = jvm.toHandle();
        Path record = dir.resolve("record.jsonl");
        String head = "{\"pid\":" + main.pid() + ",\"proc\":\"MainProcess\",\"ms\":1,\"us\":1000,";
        Files.writeString(record, head + "\"ev\":\"wait\",\"call\":\"Queue.get\",\"kind\":\"queue\",\"obj\":\"q\","
                + "\"at\":\"Sleeps.java:1\",\"span\":1}\n");
        StuckWatch watch = new StuckWatch(record, Set.of("Sleeps"), Duration.ofSeconds(60));
        // the JVM has compiled its source and is about to wait
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream()))) {
            assertTrue("waiting".equals(out.readLine()), "the JVM said it waits");
        }
        // Once a jcmd is looking into the run, an event comes.
        Thread writer = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                if (ProcessHandle.current().descendants().anyMatch(h -> h.info().command().orElse("").endsWith("jcmd"))) {
                    try {
                        Files.writeString(record, head + "\"ev\":\"queue-put\",\"queue\":\"q\"}\n",
                                java.nio.file.StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return;
                }
                Thread.onSpinWait();
            }
        });
        writer.start();
        boolean stuck = false;
        long end = System.nanoTime() + StuckWatch.QUIET.toNanos() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end && !stuck && writer.isAlive()) {
            stuck = watch.stuck(main.pid(), List.of(main));
            writer.join(100);   // the checker asks every 100 ms; the writer's end ends the loop at once
        }
        writer.join();
        assertFalse(stuck, "an event came while the run was looked into: not stuck");
    }

    /** Main's events up to its wait in {@code Pool.map} (as a real run writes them), with {@code more} after them. */
    private static String mainWaitsInMap(long main, String more) {
        String head = "{\"pid\":" + main + ",\"proc\":\"MainProcess\",\"ms\":1,\"us\":1000,";
        return head + "\"ev\":\"pool-create\",\"pool\":\"" + main + ":1\",\"workers\":1,\"initializer\":false,\"maxtasks\":0}\n"
                + head + "\"ev\":\"pool-call\",\"pool\":\"" + main + ":1\",\"call\":\"map\",\"tasks\":4}\n"
                + head + "\"ev\":\"wait\",\"call\":\"Pool.map\",\"kind\":\"pool\",\"obj\":\"" + main + ":1\",\"at\":\"Main.java:6\",\"span\":1}\n"
                + more;
    }

    /**
     * A pool worker whose JVM has not yet written anything (on a loaded machine it may take seconds,
     * and use less processor time than a waiting JVM may) is starting, not waiting: main waiting in
     * {@code Pool.map} meanwhile is not stuck. It used to be taken for a spare JVM, idle by nature,
     * and correct programs of exercises 8 and 23 were stopped after 4.5 s as stuck while 8 checks
     * ran at once. A spare itself (a JVM of the library's child main that the record never names) is
     * still taken for waiting: the same run without the worker's start is judged stuck.
     */
    @Test
    void aPoolWorkerStillStartingItsJvmIsNotTakenForAnIdleSpare() throws Exception {
        ProcessHandle main = sleeper();
        ProcessHandle worker = spare();
        Path named = dir.resolve("named.jsonl");
        Path unnamed = dir.resolve("unnamed.jsonl");
        Files.writeString(named, mainWaitsInMap(main.pid(), "{\"pid\":" + main.pid() + ",\"proc\":\"MainProcess\",\"ms\":1,"
                + "\"us\":1000,\"ev\":\"worker-start\",\"pool\":\"" + main.pid() + ":1\",\"worker\":" + worker.pid()
                + ",\"name\":\"PoolWorker-1\"}\n"));
        Files.writeString(unnamed, mainWaitsInMap(main.pid(), ""));
        StuckWatch starting = new StuckWatch(named, Set.of("Main"), Duration.ofSeconds(60));
        StuckWatch spare = new StuckWatch(unnamed, Set.of("Main"), Duration.ofSeconds(60));
        boolean startingStuck = false;
        boolean spareStuck = false;
        // the worker's JVM uses processor time while it boots, which puts off the quiet: time enough for both
        long end = System.nanoTime() + StuckWatch.QUIET.toNanos() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end && !startingStuck) {
            startingStuck = starting.stuck(main.pid(), List.of(main, worker));
            spareStuck |= spare.stuck(main.pid(), List.of(main, worker));
            Thread.sleep(100);
        }
        assertFalse(startingStuck, "main waits for a worker that is still starting: not stuck");
        assertTrue(spareStuck, "with the same process never named (a spare), the run is stuck");
        // Before a run is called stuck its processes' threads are dumped with jcmd, which leaves its attach file in the folder
        // of a process that is no JVM (and may end it with SIGQUIT): such a process is not dumped.
        assertTrue(main.isAlive() && worker.isAlive(), "no process that is no JVM, and no spare, was sent jcmd's SIGQUIT");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".attach_pid")), "no attach file left by jcmd");
        }
    }
}
