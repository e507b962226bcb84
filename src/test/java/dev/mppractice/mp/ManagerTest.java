package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** SEMANTICS.md 34-35: {@link Manager} dicts and lists, used from children and pool workers. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManagerTest {
    private static Manager manager;
    private static Pool pool;

    @BeforeAll
    static void start() {
        manager = Manager.start();
        pool = new Pool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        MpTesting.closeAll(pool, manager);
    }


    // --- 34 --------------------------------------------------------------------------------

    @Test
    void aDictChangedByAChildAndByPoolWorkersIsSeenByTheParent() {
        Map<String, Integer> dict = manager.dict();
        assertTrue(dict.isEmpty());
        dict.put("from parent", 1);

        Process p = new Process(() -> {
            dict.put("child saw", dict.get("from parent"));
            dict.put("from child", 2);
            dict.remove("from parent");
        });
        p.start();
        joinOk(p);

        List<Integer> keys = IntStream.range(0, 20).boxed().collect(Collectors.toList());
        pool.map(k -> dict.put("w" + k, k * k), keys);

        Map<String, Integer> expected = new TreeMap<>();
        expected.put("child saw", 1);
        expected.put("from child", 2);
        keys.forEach(k -> expected.put("w" + k, k * k));
        assertEquals(expected, new TreeMap<>(dict));
        assertEquals(22, dict.size());
        assertNull(dict.get("from parent"));
        assertTrue(dict.containsKey("w19"));
        assertFalse(dict.containsKey("w20"));
    }

    @Test
    void aListChangedByAChildAndByPoolWorkersIsSeenByTheParent() {
        List<String> list = manager.list();
        list.add("parent");

        Process p = new Process(() -> {
            list.add("child saw " + list.get(0));
            list.set(0, "parent, changed by the child");
        });
        p.start();
        joinOk(p);

        pool.map(k -> list.add("worker " + k), IntStream.range(0, 10).boxed().collect(Collectors.toList()));

        assertEquals(12, list.size());
        assertEquals("parent, changed by the child", list.get(0));
        assertEquals("child saw parent", list.get(1));
        List<String> fromWorkers = new ArrayList<>(list.subList(2, 12));
        fromWorkers.sort(null);
        assertEquals(IntStream.range(0, 10).mapToObj(k -> "worker " + k).sorted().collect(Collectors.toList()), fromWorkers);
        assertEquals("parent, changed by the child", list.remove(0));
        assertEquals(11, list.size());
    }

    @Test
    void concurrentUpdatesFromManyWorkersAreNoneLost() {
        List<Integer> list = manager.list();
        pool.map(k -> {
            for (int i = 0; i < 50; i++) {
                list.add(k * 100 + i);
            }
            return null;
        }, List.of(0, 1, 2, 3, 4, 5, 6, 7), 1);
        assertEquals(400, list.size());
        assertEquals(400, list.stream().distinct().count());
    }

    // --- 35 --------------------------------------------------------------------------------

    @Test
    void anExceptionInsideTheManagersObjectComesBackToTheCaller() {
        List<Integer> list = manager.list();
        String expectedMessage = assertThrows(IndexOutOfBoundsException.class, () -> new ArrayList<Integer>().get(5)).getMessage();

        IndexOutOfBoundsException e = assertThrowsExactly(IndexOutOfBoundsException.class, () -> list.get(5));
        assertEquals(expectedMessage, e.getMessage());

        // the same in a child
        Queue<String> seen = new Queue<>();
        Process p = new Process(() -> {
            try {
                list.remove(3);
                seen.put("no exception");
            } catch (IndexOutOfBoundsException x) {
                seen.put(x.getClass().getName() + ": " + x.getMessage());
            }
        });
        p.start();
        String expectedRemove = assertThrows(IndexOutOfBoundsException.class, () -> new ArrayList<Integer>().remove(3)).getMessage();
        assertEquals(IndexOutOfBoundsException.class.getName() + ": " + expectedRemove, seen.get(secs(60)));
        joinOk(p);

        // and the manager still serves
        list.add(7);
        assertEquals(7, list.get(0));
    }

    @Test
    void aProxyOfAManagerThatWasKilledFailsInsteadOfHanging() {
        Manager own = Manager.start();
        try {
            Map<String, String> dict = own.dict();
            dict.put("k", "v");
            MpTesting.Seen process = MpTesting.see(own.pid());
            ProcessHandle.of(own.pid()).orElseThrow().destroyForcibly();
            await("the manager's process is gone", secs(10), () -> !process.alive());
            long t0 = System.nanoTime();
            assertThrows(ProcessException.class, () -> dict.get("k"));
            assertTrue(millisSince(t0) < 10_000, millisSince(t0) + " ms");
        } finally {
            own.close();
        }
    }

    @Test
    void closingTheManagerEndsItsProcess() {
        Manager own = Manager.start();
        long pid = own.pid();
        assertNotEquals(manager.pid(), pid);
        Map<String, String> dict = own.dict();
        dict.put("k", "v");
        assertEquals("v", dict.get("k"));
        MpTesting.Seen process = MpTesting.see(pid);
        assertTrue(process != null && process.alive(), "the manager runs in process " + pid);

        long t0 = System.nanoTime();
        own.close();
        await("the manager's process is gone", secs(10), () -> !process.alive());
        assertTrue(millisSince(t0) < 10_000);
        own.close(); // idempotent

        assertThrows(ProcessException.class, () -> dict.get("k"), "a proxy of a closed manager");
        assertThrows(ProcessException.class, own::dict, "a new object of a closed manager");
    }
}
