package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Jvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library's Linux-only paths have fallbacks, and -Dmp.forceFallbacks=true takes them on Linux too. */
class LinuxPathsTest {
    @Test
    void aProgramWithTheFallbacksForcedKeepsOutOfDevShmAndItsChildrenInheritTheSwitch() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Jvm jvm = Jvm.start(List.of("-D" + LinuxPaths.FORCE_FALLBACKS + "=true"), FallbacksMain.class);
        assertEquals(0, jvm.waitFor(Duration.ofSeconds(60)), jvm::stderr);
        String out = jvm.stdout();
        assertTrue(out.contains("dir " + tmp + "/mp-"), "the private directory under the temporary directory: " + out);
        assertTrue(out.contains("value 42"), "shared memory and its lock work there: " + out);
        assertTrue(out.contains("child forced,proc true false true"), "the child took the fallbacks too, and knew its pid: " + out);
        assertTrue(out.contains("exit 0"), out);
        // Without /proc the processor time of children that ended cannot be counted: unknown, not too small.
        assertTrue(out.contains("tree clock -1 idle -1"), out);
    }

    @Test
    void aProcessKnowsItsOwnPidWithoutTheJdksProcessHandles() {
        assertEquals(ProcessHandle.current().pid(), LinuxPaths.selfPid());
    }

    @Test
    void itsPidIsTheOneOfItsOwnPidNamespaceTheLastOfNsPid() {
        assertEquals(4242, LinuxPaths.nsPid("Name:\tjava\nPid:\t4242\nNSpid:\t4242\n"));
        // /proc mounted from an outer namespace: Pid and the first NSpid are the outer one's view
        assertEquals(7, LinuxPaths.nsPid("Name:\tjava\nPid:\t91234\nPPid:\t1\nNSpid:\t91234\t7\nNSpgid:\t91234\t7\n"));
        assertEquals(15, LinuxPaths.nsPid("NSpid:\t15"));
        // Linux before 4.1 has no NSpid line; a damaged one is no pid either
        assertEquals(-1, LinuxPaths.nsPid("Name:\tjava\nPid:\t4242\n"));
        assertEquals(-1, LinuxPaths.nsPid("NSpid:\t\n"));
        assertEquals(-1, LinuxPaths.nsPid("NSpid:\t12x\n"));
        assertEquals(-1, LinuxPaths.nsPid("NSpid:\t1234567890123456789012\n"));
    }

    @Test
    void onLinuxProcIsReadUnlessTheFallbacksAreForced() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(Path.of("/proc/self")),
                "no /proc here: only the fallbacks exist");
        assertEquals(!Boolean.getBoolean(LinuxPaths.FORCE_FALLBACKS), LinuxPaths.proc());
    }
}
