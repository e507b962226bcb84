package dev.mppractice.checker;

import dev.mppractice.mp.internal.ProcStat;
import java.time.Duration;

/**
 * The CPU time a process has used so far: user plus system time from {@code /proc/<pid>/stat} on
 * Linux (cheap, and readable for any process of this user), else what the JDK reports.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** CPU milliseconds used by {@code h} so far, or -1 when it cannot be told. */
    static long millis(ProcessHandle h) {
        ProcStat stat = ProcStat.of(h.pid());
        if (stat != null) {
            return stat.ownMicros() / 1000;
        }
        return h.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }
}
