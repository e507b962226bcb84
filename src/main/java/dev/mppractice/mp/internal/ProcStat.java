package dev.mppractice.mp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of Linux's {@code /proc/<pid>/stat}: the process's state and processor times. Read
 * only where {@link LinuxPaths#proc()} says there is a {@code /proc} to read.
 */
public final class ProcStat {
    /** Linux's USER_HZ, the unit of the times: 100 ticks a second on every architecture it runs on. */
    private static final long MICROS_PER_TICK = 10_000;

    /** The fields from the third (the state) on: the command name before them may hold spaces and parentheses. */
    private final String[] fields;

    private ProcStat(String[] fields) {
        this.fields = fields;
    }

    /** The process's reading now, or null when it is gone, unreadable, or there is no {@code /proc}. */
    public static ProcStat of(long pid) {
        if (!LinuxPaths.proc()) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return f.length > 14 ? new ProcStat(f) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True for a process that has ended but is not reaped yet, or is dying ({@code Z}, {@code X}). */
    public boolean ended() {
        char state = fields[0].isEmpty() ? '?' : fields[0].charAt(0);
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /** Microseconds of processor time the process itself used (utime + stime). */
    public long ownMicros() {
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MICROS_PER_TICK;
    }

    /** As {@link #ownMicros()}, plus that of its children that ended and were reaped (cutime + cstime). */
    public long withEndedChildrenMicros() {
        return ownMicros() + (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * MICROS_PER_TICK;
    }
}
