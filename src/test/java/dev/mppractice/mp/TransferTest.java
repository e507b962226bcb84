package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mppractice.mp.internal.TestAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, item 2: large arrays travel through shared memory (a transfer segment) on every
 * path, pool tasks and results, queue items and pipe messages, between real JVMs; every size
 * around the threshold comes back whole and equal; and no segment outlives its use.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TransferTest {
    private static int threshold;

    /** The round trips run either way (through sockets only, with -Dmp.forceFallbacks=true); the rest need segments. */
    @BeforeAll
    static void threshold() {
        threshold = TestAccess.transferThreshold();
    }

    private static void assumeSegments() {
        assumeTrue(TestAccess.transferOn(), "transfer segments need /dev/shm (not with -Dmp.forceFallbacks=true)");
    }

    /** Element counts whose bytes lie around the threshold (4-byte elements), from empty to a few MB. */
    private static int[] intCounts() {
        int t = threshold / 4;
        return new int[] {0, 1, t - 1, t, t + 1, 200_000, 1_000_000};
    }

    private static int[] ints(int n, int seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i * 31 + seed;
        }
        return a;
    }

    /** One value of every kind that may go through a segment, of about {@code n} elements each. */
    private static List<Object> values(int n, int seed) {
        long[] longs = new long[n / 2];
        double[] doubles = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            longs[i] = (long) i << 33 | seed;
            doubles[i] = i + seed / 7.0;
        }
        byte[] bytes = MpTesting.pattern(4 * n, seed);
        List<Integer> boxed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boxed.add(i - seed);
        }
        List<Object> all = new ArrayList<>();
        all.add(ints(n, seed));
        all.add(longs);
        all.add(doubles);
        all.add(bytes);
        all.add(boxed);
        all.add(List.copyOf(boxed));
        List<Long> boxedLongs = new ArrayList<>();
        List<Double> boxedDoubles = new ArrayList<>();
        for (int i = 0; i < n / 2; i++) {
            boxedLongs.add(longs[i]);
            boxedDoubles.add(doubles[i]);
        }
        all.add(boxedLongs);
        all.add(List.copyOf(boxedDoubles));
        // a list of numbers of mixed classes keeps every element's class
        all.add(new ArrayList<>(List.of(1, 2L, 3.0, 4)));
        // several arrays in one message, nested, with small values between them
        all.add(new ArrayList<>(List.of("before", ints(n, seed + 1), new ArrayList<>(List.of(longs, 7)), doubles, "after")));
        return all;
    }

    /** Equal as values: arrays by content, lists element by element (the kind of list included). */
    private static void assertSame(Object expected, Object actual, String what) {
        if (expected instanceof int[] e) {
            assertArrayEquals(e, (int[]) actual, what);
        } else if (expected instanceof long[] e) {
            assertArrayEquals(e, (long[]) actual, what);
        } else if (expected instanceof double[] e) {
            assertArrayEquals(e, (double[]) actual, what);
        } else if (expected instanceof byte[] e) {
            assertArrayEquals(e, (byte[]) actual, what);
        } else if (expected instanceof List<?> e) {
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), what + ": size");
            assertEquals(e instanceof ArrayList, a instanceof ArrayList, what + ": an ArrayList comes back as one, a frozen list frozen");
            for (int i = 0; i < e.size(); i++) {
                assertSame(e.get(i), a.get(i), what + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, what);
        }
    }

    static Object reversed(Object v) {
        if (v instanceof int[] a) {
            int[] r = a.clone();
            for (int i = 0; i < r.length / 2; i++) {
                int t = r[i];
                r[i] = r[r.length - 1 - i];
                r[r.length - 1 - i] = t;
            }
            return r;
        }
        return v;
    }

    @Test
    void poolTasksAndResultsOfEverySizeAroundTheThresholdComeBackWhole() throws Exception {
        try (Pool pool = new Pool(2)) {
            for (int n : intCounts()) {
                List<Object> items = values(n, n);
                List<Object> back = pool.map(x -> x, items);
                for (int i = 0; i < items.size(); i++) {
                    assertSame(items.get(i), back.get(i), "pool round trip of value " + i + " (" + n + " elements)");
                }
                // a result that is not the argument: made in the worker, read back here
                int[] arg = ints(n, 3);
                assertArrayEquals((int[]) reversed(arg), (int[]) pool.apply(TransferTest::reversed, arg), n + " ints reversed");
            }
        }
        assertOnlyReusableSegmentsLeft();
    }

    @Test
    void queueItemsOfEverySizeAroundTheThresholdComeBackWholeFromAnotherProcess() throws Exception {
        Queue<Object> there = new Queue<>();
        Queue<Object> back = new Queue<>();
        Process echo = new Process(() -> {
            Object o;
            while (!"stop".equals(o = there.get())) {
                back.put(o);
            }
        });
        echo.start();
        for (int n : intCounts()) {
            for (Object v : values(n, n + 1)) {
                there.put(v);
                assertSame(v, back.get(secs(60)), "queue round trip (" + n + " elements)");
            }
        }
        there.put("stop");
        joinOk(echo);
        assertOnlyReusableSegmentsLeft();
    }

    @Test
    void pipeMessagesOfEverySizeAroundTheThresholdComeBackWholeFromAnotherProcess() throws Exception {
        Pipe pipe = Pipe.open();
        Connection here = pipe.left();
        Connection there = pipe.right();
        Process echo = new Process(() -> {
            Object o;
            while (!"stop".equals(o = there.recv())) {
                there.send(o);
            }
        });
        echo.start();
        for (int n : intCounts()) {
            for (Object v : values(n, n + 2)) {
                here.send(v);
                assertSame(v, here.recv(secs(60)), "pipe round trip (" + n + " elements)");
            }
        }
        here.send("stop");
        joinOk(echo);
        assertOnlyReusableSegmentsLeft();
    }

    @Test
    void aSegmentIsReusedOnceReadSoThatManyLargeMessagesNeedFewFiles() throws Exception {
        assumeSegments();
        Queue<int[]> q = new Queue<>();
        List<String> before = TestAccess.transferFiles();
        for (int i = 0; i < 50; i++) {
            int[] a = ints(300_000, i);
            q.put(a);
            assertArrayEquals(a, q.get(secs(10)));
        }
        List<String> made = new ArrayList<>(TestAccess.transferFiles());
        made.removeAll(before);
        assertTrue(made.size() <= 1, "50 messages of 1.2 MB, each read before the next, need one segment at most; made: " + made);
        assertOnlyReusableSegmentsLeft();
    }

    @Test
    void itemsLeftUnreadTakeSegmentsOfTheirOwnPastTheLimitAndEachIsFreedOnceRead() throws Exception {
        assumeSegments();
        // 40 items of 2 MB put before any is taken: more than the 64 MB a process keeps for reuse,
        // so the last ones get segments of their own, which their reader unlinks.
        Queue<int[]> q = new Queue<>();
        Queue<String> done = new Queue<>();
        List<String> before = TestAccess.transferFiles();
        Process producer = new Process(() -> {
            for (int i = 0; i < 40; i++) {
                q.put(ints(500_000, i));
            }
            done.put("put");
        });
        producer.start();
        assertEquals("put", done.get(secs(60)));
        List<String> held = new ArrayList<>(TestAccess.transferFiles());
        held.removeAll(before);
        assertTrue(held.size() >= 40, "each unread item holds a segment: " + held.size());
        joinOk(producer); // its writer has ended: the segments that hold unread items stay readable
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(ints(500_000, i), q.get(secs(10)), "item " + i + ", read after its writer ended");
        }
        assertOnlyReusableSegmentsLeft();
    }

    @Test
    void aMapOfLargeImagesRunsOnAWarmPool() {
        // the benchmark's row i in small: eight images of 200,000 pixels
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(ints(200_000, i));
        }
        try (Pool pool = new Pool(2)) {
            for (int round = 0; round < 3; round++) {
                List<int[]> out = pool.map(TransferTest::brighter, images);
                for (int i = 0; i < 8; i++) {
                    assertArrayEquals(brighter(images.get(i)), out.get(i), "image " + i + ", round " + round);
                }
            }
        }
    }

    static int[] brighter(int[] px) {
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = px[i] + 1;
        }
        return out;
    }

    /**
     * Once every message is read and the children have ended, the only segments left are this
     * process's own, kept for reuse: no child's, none held by a message.
     */
    private static void assertOnlyReusableSegmentsLeft() throws Exception {
        MpTesting.await("the transfer segments of ended children to go", secs(20),
                () -> {
                    try {
                        return TestAccess.ownTransferSegments().containsAll(TestAccess.transferFiles());
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
        List<String> files = TestAccess.transferFiles();
        assertTrue(TestAccess.ownTransferSegments().containsAll(files),
                "segments left in the private directory " + files + " beyond this process's own "
                        + TestAccess.ownTransferSegments() + Arrays.toString(new Object[0]));
    }
}
