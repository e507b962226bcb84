package dev.mppractice.mp.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Timestamps on standard error when {@code -Dmp.bootTrace=true}: for finding where start-up time
 * goes. Each line has the pid, the clock in ms (nanoTime modulo 10^6 s), and on Linux the processor
 * time the JVM's live threads have used so far in ms (its own, the compilers' and the GC's; a
 * thread that has ended no longer counts). Plain string building: a formatter would load its own
 * classes and skew what it measures. ({@code mp.trace} names the file of a run's trace: {@link TraceFile}.)
 */
final class Trace {
    private static final boolean ON = Boolean.getBoolean("mp.bootTrace");
    private static final long PID = ON ? LinuxPaths.selfPid() : 0;

    private Trace() {
    }

    static void at(String what) {
        if (ON) {
            long now = System.nanoTime() / 1000 % 1_000_000_000L;
            long cpu = cpuMicros();
            System.err.println("[mp " + PID + " " + now / 1000 + "." + now % 1000 / 100
                    + " cpu " + cpu / 1000 + "." + cpu % 1000 / 100 + "] " + what);
        }
    }

    /** The sum of /proc/self/task/N/schedstat's first field (ns on the processor), in µs; -1000 without it. */
    private static long cpuMicros() {
        long ns = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String s = Files.readString(task.resolve("schedstat"));
                    ns += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1_000_000;
        }
        return ns / 1000;
    }
}
