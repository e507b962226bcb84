package dev.mppractice.mp.internal;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Jvm;
import dev.mppractice.mp.NoProcessLeftBehind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep of stale private directories: a directory belongs to a live tree while its lock file is
 * locked, whatever its name says about the owner's pid (a program in another PID namespace that
 * shares {@code /dev/shm} cannot see the owner's pid, and must not delete its directory).
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrivateDirTest {
    @TempDir
    Path base;

    /** A pid that no process of this namespace has: as a pid of another namespace looks from here. */
    private static long invisiblePid() throws Exception {
        // read by lines: Files.readString of a /proc/sys file returns its first byte only
        return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim()) + 1;
    }

    private Path tree(long pid, String hex) throws Exception {
        Path dir = Files.createDirectory(base.resolve("mp-" + pid + "-" + hex));
        Files.writeString(dir.resolve("shm-1"), "data of the tree");
        return dir;
    }

    @Test
    void aDirectoryWhoseLockIsHeldIsKeptThoughItsOwnersPidIsNotVisible() throws Exception {
        Path live = tree(invisiblePid(), "a1a1a1a1a1a1");
        try (Jvm owner = Jvm.start(LockFileMain.class, "hold", live.resolve(PrivateDir.LOCK_FILE).toString())) {
            owner.awaitLine("LOCKED"::equals, secs(60));
            PrivateDir.sweepStale(base);
            assertTrue(Files.exists(live.resolve("shm-1")), "the live tree's directory was deleted");
        }
    }

    @Test
    void theMainProcessHoldsTheLockOfItsDirectoryWhileItLives() throws Exception {
        Path lockFile = TestAccess.privateDir().resolve(PrivateDir.LOCK_FILE);
        assertTrue(Files.isRegularFile(lockFile), lockFile + " is missing");
        try (Jvm probe = Jvm.start(LockFileMain.class, "probe", lockFile.toString())) {
            assertEquals(0, probe.waitFor(secs(60)), probe::stderr);
            assertEquals("HELD", probe.stdout(), "another process could take the lock of a live tree's directory");
        }
    }

    @Test
    void aDirectoryWithoutALockFileIsKept() throws Exception {
        // made by a version of the library that did not lock, or by a tree whose name it cannot read
        Path unknown = tree(invisiblePid(), "d4d4d4d4d4d4");
        PrivateDir.sweepStale(base);
        assertTrue(Files.exists(unknown.resolve("shm-1")));
    }

    @Test
    void aDirectoryWhoseLockNobodyHoldsIsSweptWhateverItsPid() throws Exception {
        Path invisible = tree(invisiblePid(), "b2b2b2b2b2b2");
        Files.createFile(invisible.resolve(PrivateDir.LOCK_FILE));
        // a pid that is alive here (this JVM's) does not make the directory live: pids are reused
        Path reused = tree(ProcessHandle.current().pid(), "c3c3c3c3c3c3");
        Files.createFile(reused.resolve(PrivateDir.LOCK_FILE));
        PrivateDir.sweepStale(base);
        assertFalse(Files.exists(invisible), "a directory nobody holds is stale");
        assertFalse(Files.exists(reused), "a directory nobody holds is stale, though its pid is in use");
    }

    /**
     * A directory being made is never swept by another program's sweep running at the same moment: the
     * sweep used to find the new directory's lock file after it was created and before it was locked,
     * take the lock, and delete the directory under its maker ("cannot create the private directory").
     */
    @Test
    void aDirectoryBeingMadeIsNeverSweptUnderItsMaker() throws Exception {
        AtomicBoolean making = new AtomicBoolean(true);
        Thread sweeper = new Thread(() -> {
            while (making.get()) PrivateDir.sweepStale(base);
        });
        sweeper.start();
        try {
            for (int i = 0; i < 500; i++) {
                PrivateDir dir = PrivateDir.create(base);
                assertTrue(Files.isRegularFile(dir.path().resolve(PrivateDir.LOCK_FILE)), "made whole: " + dir.path());
                dir.delete();
            }
        } finally {
            making.set(false);
            sweeper.join();
        }
    }

    @Test
    void aHalfMadeDirectoryIsSweptOnlyOnceItHasBeenLeftLongerThanMakingOneTakes() throws Exception {
        Path fresh = Files.createDirectory(base.resolve("mp-" + invisiblePid() + "-d4d4d4d4d4d4.new"));
        Path left = Files.createDirectory(base.resolve("mp-" + invisiblePid() + "-e5e5e5e5e5e5.new"));
        Files.setLastModifiedTime(left, FileTime.fromMillis(System.currentTimeMillis()
                - PrivateDir.ABANDONED_AFTER.toMillis() - 1_000));
        PrivateDir.sweepStale(base);
        assertTrue(Files.exists(fresh), "a directory being made is kept");
        assertFalse(Files.exists(left), "a directory left half made by a process that ended is swept");
    }
}
