package dev.mppractice.checker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time a process has used so far: user plus system time from {@code /proc/<pid>/stat} on
 * Linux (cheap, and readable for any process of this user), else what the JDK reports.
 */
final class ProcessCpu {
    private static final Path PROC = Path.of("/proc");
    /** The kernel's clock ticks per second for {@code /proc} times: 100 on every Linux we run on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU milliseconds used by {@code h} so far, or -1 when it cannot be told. */
    static long millis(ProcessHandle h) {
        Path stat = PROC.resolve(Long.toString(h.pid())).resolve("stat");
        try {
            String s = Files.readString(stat, StandardCharsets.ISO_8859_1);
            // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return h.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        }
    }
}
