package dev.mppractice.checker;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names no other run on this machine uses at the same time: this process's pid, the monotonic clock and a
 * count. Not {@link java.util.UUID#randomUUID()} nor {@link Files#createTempDirectory}: both seed a
 * {@link java.security.SecureRandom} at their first use, about 9 ms of a check's processor time, for names that
 * need to be unique, not unpredictable (they live in the learner's own cache folder, or mark its own processes).
 */
final class UniqueNames {
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final AtomicLong COUNT = new AtomicLong();

    private UniqueNames() {
    }

    /** A name unique among those made on this machine while this process lives. */
    static String next() {
        return PID + "-" + Long.toHexString(System.nanoTime()) + "-" + COUNT.incrementAndGet();
    }

    /** Creates a new folder {@code prefix + next()} in {@code dir} (which must exist) and returns it. */
    static Path newFolder(Path dir, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(dir.resolve(prefix + next()));
            } catch (FileAlreadyExistsException e) {
                // left by a process that had this pid before: the next count differs
            }
        }
    }
}
