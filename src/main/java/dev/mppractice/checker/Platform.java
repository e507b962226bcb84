package dev.mppractice.checker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What of the operating system mp-practice relies on, and the Linux-only paths it takes when they are
 * there: {@code /proc} to follow a run's processes (a fallback through {@link ProcessHandle} alone
 * elsewhere) and to tell whether standard output is a terminal (a fallback through
 * {@link System#console()}). The system property {@value #FORCE_FALLBACKS}{@code =true} makes every
 * such path take its fallback, so that they can be tested on Linux.
 *
 * <p>What cannot be served by a fallback (the mp library's POSIX permissions and Unix domain sockets)
 * is named in {@link #limitations()}, in plain words, for {@code doctor} and a learner's first command.
 */
public final class Platform {
    /** {@code -Dmp.forceFallbacks=true}: behave as on a platform without Linux's {@code /proc} (and, for the library, {@code /dev/shm}). */
    public static final String FORCE_FALLBACKS = dev.mppractice.mp.internal.LinuxPaths.FORCE_FALLBACKS;
    private static final Path PROC = Path.of("/proc");

    private Platform() {
    }

    public static boolean fallbacksForced() {
        return Boolean.getBoolean(FORCE_FALLBACKS);
    }

    /** {@code /proc}, or null where there is none or the fallbacks are forced. */
    public static Path proc() {
        return !fallbacksForced() && Files.isDirectory(PROC.resolve("self")) ? PROC : null;
    }

    /** True when the default file system has POSIX permissions (Linux, macOS; not Windows). */
    public static boolean posixPermissions() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** True when this Java can open a Unix domain socket (Java 16+, and on Windows 10 1803 or later). */
    public static boolean unixDomainSockets() {
        try (SocketChannel ignored = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return true;
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /**
     * What this platform lacks that the mp library's programs need, one plain sentence each with the way
     * on; empty on Linux and macOS.
     */
    public static List<String> limitations() {
        List<String> out = new ArrayList<>();
        String os = System.getProperty("os.name", "this system");
        if (!posixPermissions()) {
            out.add(os + " has no POSIX file permissions, which the mp library uses to keep each program's sockets"
                    + " in a folder only you can open: programs that start processes may fail here. mp-practice doctor"
                    + " tries one. On Windows, run mp-practice inside WSL (in PowerShell: wsl --install).");
        }
        if (!unixDomainSockets()) {
            out.add("This Java cannot open Unix domain sockets (they need Java 16+, and Windows 10 version 1803 or later),"
                    + " over which the mp library's processes talk: programs that start processes cannot run here."
                    + " Use a newer Java or Windows, or WSL.");
        }
        return out;
    }
}
