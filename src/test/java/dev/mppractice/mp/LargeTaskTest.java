package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.pattern;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A task travels whole whatever it captures, from nothing to hundreds of megabytes, to a
 * {@link Process} over the child's standard input and to a {@link Pool} worker over its
 * connection, under the children's default heap limit.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LargeTaskTest {
    /** Big enough to be "hundreds of megabytes", small enough for a test on a shared machine. */
    private static final int HUGE = 200_000_000;

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    @Test
    void aProcessReceivesEveryByteItsTaskCapturesAroundAndWellPastTheReadBuffer() {
        int[] sizes = {0, 100, 8_000, 8_191, 8_192, 8_193, 20_000, 65_536, 1_000_000};
        Queue<List<Long>> seen = new Queue<>();
        List<Process> ps = new ArrayList<>();
        for (int size : sizes) {
            byte[] data = pattern(size, size);
            Process p = new Process(() -> seen.put(List.of((long) data.length, crc(data))));
            p.start();
            ps.add(p);
        }
        List<Integer> codes = new ArrayList<>();
        for (Process p : ps) {
            p.join(secs(60));
            codes.add(p.exitCode());
        }
        assertEquals(java.util.Collections.nCopies(sizes.length, 0), codes, "exit codes for captures of " + java.util.Arrays.toString(sizes) + " bytes");
        List<List<Long>> got = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            got.add(seen.get(secs(10)));
        }
        for (int size : sizes) {
            List<Long> expected = List.of((long) size, crc(pattern(size, size)));
            assertEquals(1, got.stream().filter(expected::equals).count(), "capture of " + size + " bytes, as the children saw them: " + got);
        }
    }

    @Test
    void aProcessReceivesAHugeCaptureUnderTheDefaultHeapLimit() {
        byte[] data = pattern(HUGE, 7);
        long expected = crc(data);
        Queue<Long> seen = new Queue<>();
        Process p = new Process(() -> seen.put(crc(data)));
        p.start();
        p.join(secs(120));
        assertEquals(0, p.exitCode(), "exit code of a child given " + HUGE + " bytes");
        assertEquals(expected, seen.get(secs(10)));
    }

    @Test
    void aPoolFunctionCapturingABigArrayRunsWhateverItsSize() {
        byte[] small = pattern(20_000, 1);
        byte[] mega = pattern(1_000_000, 2);
        try (Pool pool = new Pool(1)) {
            assertEquals(crc(small), pool.applyAsync(() -> crc(small)).get(secs(60)));
            assertEquals(List.of(crc(mega), crc(mega) + 1), pool.map(x -> crc(mega) + x, List.of(0L, 1L), 1));
        }
    }

    @Test
    void aPoolFunctionCapturingAHugeArrayRunsChunkAfterChunkUnderTheDefaultHeapLimit() {
        byte[] huge = pattern(HUGE, 3);
        long expected = crc(huge);
        try (Pool pool = new Pool(1)) {
            // one chunk per item: the worker receives the function three times
            assertEquals(List.of(expected, expected + 1, expected + 2), pool.map(x -> crc(huge) + x, List.of(0L, 1L, 2L), 1));
            // and a different huge function after it
            byte[] other = huge.clone();
            other[0]++;
            assertEquals(crc(other), pool.applyAsync(() -> crc(other)).get(secs(120)));
        }
    }

    @Test
    void aTaskTooLargeForTheChildsHeapEndsTheChildWithOneAndSaysWhyWithoutFailingStart() throws Exception {
        try (Jvm parent = Jvm.start(List.of("-Dmp.childMaxHeap=64m"), BigCaptureMain.class, "100000000")) {
            assertEquals(0, parent.waitFor(secs(60)), parent::stderr);
            assertEquals("parent: exitcode 1", parent.stdout());
            String err = parent.stderr();
            assertTrue(err.matches("(?s)mp: a child JVM \\(pid \\d+\\) cannot receive its task: the task of Process-1 \\(100000\\d{3} bytes.*"), err);
            assertTrue(err.contains("-Dmp.childMaxHeap="), "does not say how to give children more: " + err);
        }
    }

    @Test
    void aPoolTaskTooLargeForAWorkersHeapFailsItsCallAndThePoolGoesOn() {
        byte[] big = new byte[100_000_000];
        System.setProperty("mp.childMaxHeap", "64m");
        try (Pool pool = new Pool(1)) {
            // each worker dies as it receives the task: after a few, the call fails (it used to go on forever)
            WorkerDiedException e = org.junit.jupiter.api.Assertions.assertThrows(WorkerDiedException.class,
                    () -> pool.applyAsync(() -> big.length).get(secs(60)));
            assertTrue(e.getMessage().contains("died receiving 1 task(s) of applyAsync"), e.getMessage());
            assertEquals(42, pool.applyAsync(() -> 42).get(secs(60)), "the pool still works");
        } finally {
            System.clearProperty("mp.childMaxHeap");
        }
    }
}
