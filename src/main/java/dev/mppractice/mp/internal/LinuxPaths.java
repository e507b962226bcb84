package dev.mppractice.mp.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The library's Linux-only paths, each with the fallback it takes elsewhere: {@code /dev/shm} for
 * the private directory and shared memory (else the temporary directory), and {@code /proc} for a
 * process's state and processor time (else {@link ProcessHandle}, which cannot tell an unreaped
 * zombie from a live process, nor count the time of children that ended).
 *
 * <p>{@code -Dmp.forceFallbacks=true} makes the library behave as on a system without them, so that
 * the fallbacks are tested on Linux too; children inherit it.
 */
public final class LinuxPaths {
    /** The system property that forces the fallbacks (shared with the checker's own paths). */
    public static final String FORCE_FALLBACKS = "mp.forceFallbacks";

    private static final boolean FORCED = Boolean.getBoolean(FORCE_FALLBACKS);

    private LinuxPaths() {
    }

    /** True when the fallbacks are forced. */
    public static boolean forced() {
        return FORCED;
    }

    /** True when {@code /proc} can be read for process states and times (and the fallbacks are not forced). */
    public static boolean proc() {
        return !FORCED && Files.isDirectory(Path.of("/proc/self"));
    }

    /**
     * This process's id: the last pid of the {@code NSpid} line of {@code /proc/self/status} (its pid in its
     * own pid namespace, which {@code getpid} gives, even where {@code /proc} was mounted from another
     * namespace), else from {@link ProcessHandle}. The JDK's process handles set themselves up (a thread pool
     * for reaping, their native part) the first time any is used, milliseconds of a new child's processor
     * time (a profile of a child's start on this project's 2-core machine); a child that starts no process
     * of its own need not pay them.
     */
    public static long selfPid() {
        if (!FORCED) {
            try {
                long pid = nsPid(Files.readString(Path.of("/proc/self/status"), java.nio.charset.StandardCharsets.ISO_8859_1));
                if (pid > 0) {
                    return pid;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux, or /proc not mounted: the JDK's way (the file is read as Latin-1, as ProcStat reads
                // its own: a process's name there may be any bytes)
            }
        }
        return ProcessHandle.current().pid();
    }

    /** The last pid of the {@code NSpid:} line of a {@code /proc/PID/status} text, or -1 when it has none (Linux before 4.1). */
    static long nsPid(String status) {
        int at = status.startsWith("NSpid:") ? 0 : status.indexOf("\nNSpid:");
        if (at < 0) {
            return -1;
        }
        int end = status.indexOf('\n', at + 1);
        String pids = status.substring(status.indexOf(':', at) + 1, end < 0 ? status.length() : end).strip();
        int last = Math.max(pids.lastIndexOf('\t'), pids.lastIndexOf(' ')) + 1;
        return asciiDigits(pids, last, pids.length(), 18) ? Long.parseLong(pids, last, pids.length(), 10) : -1;
    }

    /**
     * True when {@code s[from, to)} is 1 to {@code most} ASCII digits: a number in a name or a file of the
     * system, checked without a regular expression (whose first use costs a new JVM milliseconds).
     */
    static boolean asciiDigits(String s, int from, int to, int most) {
        if (to - from < 1 || to - from > most) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Where the private directory goes: {@code /dev/shm} when it is a writable folder, else the temporary directory. */
    static Path sharedMemoryBase() {
        Path shm = Path.of("/dev/shm");
        if (!FORCED && Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
