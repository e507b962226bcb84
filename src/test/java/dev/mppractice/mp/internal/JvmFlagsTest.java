package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.ProcessException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The flags of forked JVMs: start-up by kind of work, and a heap bounded by default, set by a property. */
class JvmFlagsTest {

    private static <T> T with(String heap, Supplier<T> body) {
        String before = System.getProperty(JvmFlags.MAX_HEAP_PROPERTY);
        if (heap == null) {
            System.clearProperty(JvmFlags.MAX_HEAP_PROPERTY);
        } else {
            System.setProperty(JvmFlags.MAX_HEAP_PROPERTY, heap);
        }
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(JvmFlags.MAX_HEAP_PROPERTY);
            } else {
                System.setProperty(JvmFlags.MAX_HEAP_PROPERTY, before);
            }
        }
    }

    @Test
    void byDefaultTheHeapIsTheJvmsOwnDefaultCappedAtTwoGigabytes() {
        assertEquals(List.of("-XX:ErgoHeapSizeLimit=2048m"), with(null, () -> JvmFlags.heap(List.of())));
    }

    @Test
    void thePropertySetsTheHeapAndIsPassedOn() {
        assertEquals(List.of("-Xmx512m", "-Dmp.childMaxHeap=512m"), with(" 512m ", () -> JvmFlags.heap(List.of())));
        assertEquals(List.of("-Dmp.childMaxHeap=jvm"), with("jvm", () -> JvmFlags.heap(List.of())));
    }

    @Test
    void aHeapFlagOfTheUsersWinsOverTheDefaultAndTheProperty() {
        for (String flag : List.of("-Xmx3g", "-XX:MaxHeapSize=1g", "-XX:MaxRAMPercentage=50", "-XX:MaxRAM=8g")) {
            assertEquals(List.of(), with(null, () -> JvmFlags.heap(List.of("-ea", flag))), flag);
            assertEquals(List.of("-Dmp.childMaxHeap=1g"), with("1g", () -> JvmFlags.heap(List.of(flag))), flag);
        }
    }

    @Test
    void aValueThatIsNoHeapSizeIsRefusedNamingTheProperty() {
        for (String bad : List.of("lots", "2 g", "-Xmx2g", "")) {
            ProcessException e = assertThrows(ProcessException.class, () -> with(bad, () -> JvmFlags.heap(List.of())), bad);
            assertTrue(e.getMessage().contains("-Dmp.childMaxHeap=" + bad.trim() + " is not a heap size"), e.getMessage());
        }
    }

    @Test
    void shortWorkGetsTheQuickCompilerOnlyAndLongWorkTheFullOne() {
        List<String> quick = JvmFlags.startUp(JvmFlags.Work.SHORT);
        List<String> full = JvmFlags.startUp(JvmFlags.Work.LONG);
        assertTrue(quick.contains("-XX:TieredStopAtLevel=1") && quick.contains("-XX:+UseSerialGC"), quick.toString());
        assertFalse(full.contains("-XX:TieredStopAtLevel=1"), full.toString());
        assertTrue(full.contains("-XX:+UseSerialGC"), full.toString());
    }

    @Test
    void aShortLivedJvmCompilesLessAndTheOthersAsTheJvmDefaults() {
        assertTrue(JvmFlags.startUp(JvmFlags.Work.SHORT).contains("-XX:CompileThresholdScaling=2"));
        assertFalse(JvmFlags.startUp(JvmFlags.Work.LONG).stream().anyMatch(f -> f.contains("CompileThreshold")));
        String before = System.getProperty("mp.fullJit");
        System.setProperty("mp.fullJit", "true");
        try {
            assertFalse(JvmFlags.startUp(JvmFlags.Work.SHORT).stream().anyMatch(f -> f.contains("CompileThreshold")),
                    "a child that keeps the full compiler keeps its thresholds");
        } finally {
            if (before == null) {
                System.clearProperty("mp.fullJit");
            } else {
                System.setProperty("mp.fullJit", before);
            }
        }
    }

    @Test
    void theHeapAsksForHugePagesOnlyWhereTheSystemGivesThemOnRequest() {
        assertEquals(List.of("-XX:+UseTransparentHugePages"), JvmFlags.hugePages("always [madvise] never\n"));
        assertEquals(List.of(), JvmFlags.hugePages("[always] madvise never\n"), "given without asking");
        assertEquals(List.of(), JvmFlags.hugePages("always madvise [never]\n"), "the flag would print a warning");
        assertEquals(List.of(), JvmFlags.hugePages(null), "no such file: not Linux");
    }

    /** Whatever the system's setting, the flags start a JVM that prints nothing of its own on standard error. */
    @Test
    void aJvmStartedWithTheFlagsSaysNothingOnStandardError() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(JvmFlags.java()));
        cmd.addAll(JvmFlags.startUp(JvmFlags.Work.SHORT));
        cmd.add("-version");
        java.lang.Process p = new ProcessBuilder(cmd).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(err.lines().noneMatch(l -> l.contains("warning")), err);
    }

    @Test
    void flagsInOneStringAreSplitAtWhiteSpace() {
        assertEquals(List.of("-Xmx1g", "-ea"), JvmFlags.split("  -Xmx1g \t -ea "));
        assertEquals(List.of(), JvmFlags.split("  "));
        assertEquals(List.of(), JvmFlags.split(null));
    }
}
