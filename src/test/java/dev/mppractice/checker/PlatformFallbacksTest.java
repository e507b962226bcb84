package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Exercise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths that stand in for Linux's {@code /proc} where there is none (macOS, Windows), taken here with
 * {@code -Dmp.forceFallbacks=true}: a run's whole tree is still ended, and the platform probe still runs.
 */
class PlatformFallbacksTest {
    @TempDir
    Path cache;
    private String before;
    private Set<ProcessHandle> processesBefore;

    @BeforeEach
    void forceTheFallbacks() {
        // The library reads the property once, when its class is first used, on whatever thread uses it first: a
        // thread left by an earlier test did so once while this class had it set, and the tests after it in that JVM
        // skipped what needs /proc. Used here first, it keeps the machine's own answer.
        dev.mppractice.mp.internal.LinuxPaths.proc();
        before = System.setProperty(Platform.FORCE_FALLBACKS, "true");
        processesBefore = ProcessTable.snapshot();
    }

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty(Platform.FORCE_FALLBACKS);
        else System.setProperty(Platform.FORCE_FALLBACKS, before);
    }

    /** The tests after these, in this test JVM, see the machine as it is: the library did not keep the forced fallbacks. */
    @AfterAll
    static void theLibraryInThisJvmKeptTheMachinesOwnAnswer() {
        assertEquals(Files.isDirectory(Path.of("/proc/self")), dev.mppractice.mp.internal.LinuxPaths.proc());
    }

    @Test
    void withoutProcNoScanIsMadeAndNoProcessIsTakenForAZombie() {
        assertNull(Platform.proc());
        assertEquals(List.of(), ProcessTree.marked("anything"));
        assertEquals(false, ProcessTree.isZombie(ProcessHandle.current().pid()));
    }

    @Test
    void aRunThatHangsIsStoppedWithItsWholeTreeThroughTheJdkAlone() throws Exception {
        Exercise ex = TestFiles.processBasics();
        Checker impatient = new Checker(new CheckerOptions(cache, Duration.ofSeconds(2), CheckerOptions.DEFAULT_OUTPUT_CAP));
        CheckResult r = impatient.check(ex, TestFiles.fixture("child-never-ends"));
        assertEquals(Outcome.TIMED_OUT, r.outcome(), () -> Summary.of(r));
        assertEquals(List.of(), ProcessTable.describe(ProcessTable.newDescendants(processesBefore)), "descendants still alive");
        assertEquals(List.of(), ProcessTable.describe(impatient.lastRun.survivors()), "processes that survived the kill");
    }

    @Test
    void theProbeDoctorRunsPassesHere() {
        PlatformProbe.Result r = PlatformProbe.run();
        assertTrue(r.ok(), r::toString);
    }

    @Test
    void linuxHasNothingThatCannotBeServed() {
        if (!System.getProperty("os.name").startsWith("Linux")) return;
        assertTrue(Platform.posixPermissions());
        assertTrue(Platform.unixDomainSockets());
        assertEquals(List.of(), Platform.limitations());
    }
}
