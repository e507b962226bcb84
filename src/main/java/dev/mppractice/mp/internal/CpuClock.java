package dev.mppractice.mp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How much processor time this process tree has used, and how long the machine's processors have
 * been idle: the two clocks that let a measured speed-up be told apart from a busy machine.
 *
 * <p>On Linux both come from {@code /proc} in clock ticks (1/100 s): a process's own time and that
 * of its children that have ended ({@code utime + stime + cutime + cstime} of {@code /proc/PID/stat}),
 * summed over this process and its live descendants, so that a worker that ended during a phase
 * still counts; and the {@code idle} and {@code iowait} columns of {@code /proc/stat}. Elsewhere the
 * tree's time comes from {@link ProcessHandle.Info#totalCpuDuration()} (children that ended are
 * lost) and the idle time is not known.
 */
public final class CpuClock {
    /** Linux's USER_HZ: the unit of the times in /proc, the same on every architecture it runs on. */
    private static final long MICROS_PER_TICK = 10_000;
    private static final Path PROC = Path.of("/proc");

    private CpuClock() {
    }

    /**
     * Microseconds of processor time used by this process and its descendants, ended ones included;
     * -1 where the system cannot count the ended ones (no {@code /proc}): a total that forgets a
     * worker once it ends would go down, and a speed-up judged from it would wrong the program.
     */
    public static long treeMicros() {
        if (!LinuxPaths.proc()) {
            return -1;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(tree::add);
        long total = 0;
        for (ProcessHandle h : tree) {
            long t = procStatMicros(h.pid());
            if (t < 0) {
                t = h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1000;
            }
            total += t;
        }
        return total;
    }

    /** Microseconds that all processors of the machine together have been idle since boot, or -1 when not known. */
    public static long machineIdleMicros() {
        if (!LinuxPaths.proc()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(PROC.resolve("stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    // cpu user nice system idle iowait ...
                    return (Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0)) * MICROS_PER_TICK;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not readable
        }
        return -1;
    }

    /** utime + stime + cutime + cstime of {@code /proc/PID/stat} in microseconds, or -1. */
    static long procStatMicros(long pid) {
        ProcStat stat = ProcStat.of(pid);
        return stat == null ? -1 : stat.withEndedChildrenMicros();
    }
}
