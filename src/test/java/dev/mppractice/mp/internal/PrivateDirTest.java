package dev.mppractice.mp.internal;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Jvm;
import dev.mppractice.mp.NoProcessLeftBehind;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
