package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The private directory of a process tree, made by its main process: mode 0700, under
 * {@code /dev/shm} where there is one, named {@code mp-<pid>-<12 hex digits>}. It holds the hubs'
 * sockets and the shared-memory segments of the tree.
 *
 * <p>A tree killed before it could clean up leaves its directory behind, and the next main process
 * sweeps such directories away. Which ones are stale is decided by a lock, never by the pid in
 * the name: the main process holds an OS lock ({@link FileChannel#lock()}, {@code fcntl} on Linux)
 * on the directory's {@value #LOCK_FILE} for as long as it lives, and the operating system
 * releases it when the process ends, however it ends. A sweeper deletes only directories whose
 * lock it can take. A lock is seen by every process that shares the file system, whereas a pid
 * is not: a program in another PID namespace that shares {@code /dev/shm} cannot see the owner's
 * pid (or sees another process under it), and must not delete a live tree's directory.
 *
 * <p>Within one JVM the lock file is opened once, by its owner: POSIX locks belong to a process, and
 * closing any other descriptor of the file would release them.
 */
final class PrivateDir {
    /** The file whose lock the main process holds while the tree lives. */
    static final String LOCK_FILE = "owner.lock";

    /** A tree's directory; with {@code .new} while it is made, before its lock is held. */
    private static final Pattern NAME = Pattern.compile("mp-\\d+-[0-9a-f]{12}(\\.new)?");
    /** How long a {@code .new} directory without a lock file is left before a sweep takes it as abandoned. */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(1);

    private final Path path;
    /** Held, its channel open, for the life of this JVM: closing the channel would release it. */
    private final FileLock lock;

    private PrivateDir(Path path, FileLock lock) {
        this.path = path;
        this.lock = lock;
    }

    /**
     * Sweeps stale directories, then makes this tree's directory, under {@code /dev/shm} (or the
     * temporary directory where there is no writable {@code /dev/shm}), its lock held from the
     * moment it has its name.
     *
     * @throws ProcessException if the directory cannot be made
     */
    static PrivateDir create() {
        return create(LinuxPaths.sharedMemoryBase());
    }

    /** {@link #create()} under {@code base}. */
    static PrivateDir create(Path base) {
        sweepStale(base);
        String name = "mp-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(HmacSha256.random(6));
        Path making = base.resolve(name + ".new");
        Path dir = base.resolve(name);
        try {
            Files.createDirectory(making, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // The lock file is made and locked under a name no sweep looks at, and only then named: a sweep
            // that found an unlocked owner.lock in between would take it as stale and delete the directory.
            Path unnamed = making.resolve(LOCK_FILE + ".new");
            FileChannel channel = FileChannel.open(unnamed, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            Files.move(unnamed, making.resolve(LOCK_FILE), StandardCopyOption.ATOMIC_MOVE); // the lock stays with the file
            // Only now does it get the name the library looks for, and its lock is already held.
            Files.move(making, dir, StandardCopyOption.ATOMIC_MOVE);
            return new PrivateDir(dir, lock);
        } catch (IOException | RuntimeException e) {
            deleteTree(making);
            throw new ProcessException("cannot create the private directory " + dir + ": " + e, e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes the directory and everything in it (at the end of the main process, which still holds the lock). */
    void delete() {
        if (lock.isValid()) {
            deleteTree(path);
        }
    }

    /**
     * Deletes the directories under {@code base} of trees whose main process has ended: those whose
     * lock file can be locked. A directory without a lock file is kept: it may be a live tree's,
     * made by a version of the library that did not lock, and nothing else tells that it is dead.
     */
    static void sweepStale(Path base) {
        try (Stream<Path> entries = Files.list(base)) {
            entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(PrivateDir::sweepIfStale);
        } catch (IOException | RuntimeException e) {
            // best effort: a directory left behind costs a little memory, one deleted a live tree
        }
    }

    private static void sweepIfStale(Path dir) {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.isRegularFile(lockFile)) {
            if (abandoned(dir)) deleteTree(dir);
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock != null) {
                deleteTree(dir); // its owner has ended: nobody else can hold the lock meanwhile
            }
        } catch (IOException | OverlappingFileLockException e) {
            // held (by this JVM, or by a process we may not ask), or not ours to open: keep it
        }
    }

    /**
     * A directory left half made by a process that ended while making it: a {@code .new} one without its
     * lock file, untouched for {@link #ABANDONED_AFTER}. Making one takes microseconds.
     */
    private static boolean abandoned(Path dir) {
        if (!dir.getFileName().toString().endsWith(".new")) return false;
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(dir).toMillis();
            return age > ABANDONED_AFTER.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
