package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A child JVM has a bounded heap by default, so that a runaway child ends with an
 * {@link OutOfMemoryError} instead of taking the machine's memory; {@code mp.childMaxHeap} and
 * {@code mp.childJvmArgs} change it.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildHeapTest {
    private static final Pattern REPORT = Pattern.compile("parent: exitcode (-?\\d+) allocatedMB (\\d+) maxHeapMB (\\d+)");
    /** The default limit chosen for children (see the Javadoc of Process). */
    private static final long DEFAULT_MB = 2048;

    private record Run(int exitCode, long allocatedMb, long maxHeapMb, String stderr) {
    }

    private static Run run(List<String> jvmOptions, String... args) throws Exception {
        try (Jvm parent = Jvm.start(jvmOptions, RunawayChildMain.class, args)) {
            String line = parent.awaitLine(l -> l.startsWith("parent: "), secs(150));
            assertEquals(0, parent.waitFor(secs(20)), parent::stderr);
            Matcher m = REPORT.matcher(line);
            assertTrue(m.matches(), line);
            return new Run(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), parent.stderr());
        }
    }

    private static void assertRanOutOfMemory(Run r) {
        assertEquals(1, r.exitCode(), "the runaway child's exit code; " + r);
        assertTrue(r.allocatedMb() < RunawayChildMain.GUARD_MB, "it held " + r.allocatedMb() + " MB and went on: " + r);
        assertTrue(r.allocatedMb() <= r.maxHeapMb(), r.toString());
        assertTrue(r.stderr().contains("java.lang.OutOfMemoryError"), "stderr: " + r.stderr());
        assertTrue(r.stderr().matches("(?s).*Process Process-\\d+ \\(pid \\d+\\) failed.*"), "the process is not named: " + r.stderr());
        assertTrue(r.stderr().contains("mp.childMaxHeap"), "stderr does not say how to give children more: " + r.stderr());
    }

    @Test
    void aRunawayChildEndsWithAnOutOfMemoryErrorAtTheDefaultLimit() throws Exception {
        Run r = run(List.of());
        assertTrue(r.maxHeapMb() <= DEFAULT_MB, "a child's default maximum heap is " + r.maxHeapMb() + " MB");
        assertRanOutOfMemory(r);
    }

    @Test
    void theChildMaxHeapPropertySetsTheLimit() throws Exception {
        Run r = run(List.of("-Dmp.childMaxHeap=96m"));
        assertTrue(r.maxHeapMb() > 64 && r.maxHeapMb() <= 96, "max heap with mp.childMaxHeap=96m: " + r.maxHeapMb() + " MB");
        assertRanOutOfMemory(r);
    }

    @Test
    void aHeapSizeInTheChildJvmArgsWinsOverTheDefault() throws Exception {
        Run r = run(List.of("-Dmp.childJvmArgs=-Xmx128m"), "measure");
        assertTrue(r.maxHeapMb() > 96 && r.maxHeapMb() <= 128, "max heap with mp.childJvmArgs=-Xmx128m: " + r.maxHeapMb() + " MB");
        Run percent = run(List.of("-Dmp.childJvmArgs=-XX:MaxRAMPercentage=1"), "measure");
        long onePercent = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getTotalMemorySize() / 100 / (1 << 20);
        assertTrue(percent.maxHeapMb() > onePercent / 2 && percent.maxHeapMb() <= onePercent + 1,
                "max heap with -XX:MaxRAMPercentage=1: " + percent.maxHeapMb() + " MB; 1 % of the memory is " + onePercent + " MB");
    }

    @Test
    void theJvmsOwnDefaultCanBeAskedFor() throws Exception {
        Run r = run(List.of("-Dmp.childMaxHeap=jvm"), "measure");
        long quarter = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getTotalMemorySize() / 4 / (1 << 20);
        assertTrue(r.maxHeapMb() > quarter * 9 / 10 && r.maxHeapMb() <= quarter, "max heap with mp.childMaxHeap=jvm: " + r.maxHeapMb()
                + " MB; a quarter of the memory is " + quarter + " MB");
    }

    @Test
    void aHeapSizeThatIsNotOneFailsStartNamingTheProperty() {
        System.setProperty("mp.childMaxHeap", "lots");
        try {
            Process p = new Process(() -> { });
            ProcessException e = org.junit.jupiter.api.Assertions.assertThrows(ProcessException.class, p::start);
            assertTrue(e.getMessage().contains("mp.childMaxHeap") && e.getMessage().contains("lots"), e.getMessage());
            assertEquals(null, p.pid(), "no process was started");
        } finally {
            System.clearProperty("mp.childMaxHeap");
        }
    }
}
