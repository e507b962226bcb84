package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SimpleQueue} between real processes (CPython: test_simple_queue, test_empty). */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SimpleQueueTest {

    @Test
    void isEmptyTellsWhatWasPutAndTakenAndItemsComeInOrderFromAChild() {
        SimpleQueue<Integer> q = new SimpleQueue<>();
        assertTrue(q.isEmpty());
        q.put(1);
        assertFalse(q.isEmpty());
        assertEquals(1, q.get());
        assertTrue(q.isEmpty());

        Process p = new Process(() -> {
            for (int i = 0; i < 100; i++) {
                q.put(i);
            }
        });
        p.start();
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            got.add(q.get());
        }
        p.join(secs(60));
        assertEquals(0, p.exitCode());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, got.get(i));
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void aChildWaitsInGetUntilTheParentPuts() {
        SimpleQueue<String> in = new SimpleQueue<>();
        SimpleQueue<String> out = new SimpleQueue<>();
        Process echo = new Process(() -> out.put("echo " + in.get()));
        echo.start();
        in.put("ping");
        assertEquals("echo ping", out.get());
        echo.join(secs(60));
        assertEquals(0, echo.exitCode());
    }

    @Test
    void aClosedQueueRefusesUseInThisProcessOnly() {
        SimpleQueue<String> q = new SimpleQueue<>();
        q.put("before");
        Process p = new Process(() -> {
            q.put("from the child");
            q.close();
            q.close(); // idempotent
        });
        p.start();
        p.join(secs(60));
        assertEquals(0, p.exitCode());
        assertEquals("before", q.get());
        assertEquals("from the child", q.get());
        q.close();
        assertThrowsExactly(ClosedException.class, () -> q.put("after"));
        assertThrowsExactly(ClosedException.class, q::get);
        assertThrowsExactly(ClosedException.class, q::isEmpty);
    }

    @Test
    void anItemThatCannotBeSerializedFailsThePutThatWasGivenIt() {
        SimpleQueue<Object> q = new SimpleQueue<>();
        SerializationFailedException e = assertThrowsExactly(SerializationFailedException.class, () -> q.put(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        q.put("still works");
        assertEquals("still works", q.get());
    }
}
