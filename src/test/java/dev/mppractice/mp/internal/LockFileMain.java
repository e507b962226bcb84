package dev.mppractice.mp.internal;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * For the tests of the stale-directory sweep, a process apart that takes an OS lock on a file:
 * {@code hold FILE} locks it, prints {@code LOCKED} and keeps it until killed, as the main process
 * of a live tree holds its directory's lock file; {@code probe FILE} prints {@code HELD} if another
 * process holds the lock, {@code FREE} if not. (A probe must run in a JVM of its own: closing a
 * second descriptor of the file in the owner's JVM would release the owner's lock.)
 */
public final class LockFileMain {
    private LockFileMain() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (args[0].equals("probe")) {
                try (FileLock lock = ch.tryLock()) {
                    System.out.println(lock == null ? "HELD" : "FREE");
                }
                return;
            }
            ch.lock();
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
