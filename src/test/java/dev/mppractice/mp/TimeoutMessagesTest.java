package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A timeout is said the way people say it ("250 ms", "1.5 s"), never as {@code PT0.25S}. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutMessagesTest {

    @Test
    void aLockTimeout() {
        Lock lock = new Lock();
        lock.acquire();
        try {
            assertEquals("the lock stayed held for 250 ms",
                    assertThrows(LockTimeoutException.class, () -> lock.acquire(ms(250))).getMessage());
        } finally {
            lock.release();
        }
    }

    @Test
    void aQueueTimeout() {
        Queue<Integer> q = new Queue<>(1);
        assertEquals("no item arrived on the queue within 1.5 s",
                assertThrows(EmptyQueueException.class, () -> q.get(Duration.ofMillis(1_500))).getMessage());
        q.put(1);
        assertEquals("the queue stayed full (1 item) for 20 ms",
                assertThrows(FullQueueException.class, () -> q.put(2, ms(20))).getMessage());
    }

    @Test
    void aPipeTimeout() {
        Pipe pipe = Pipe.open();
        assertEquals("nothing arrived on the pipe within 100 ms",
                assertThrows(RecvTimeoutException.class, () -> pipe.left().recv(ms(100))).getMessage());
    }

    @Test
    void aResultTimeout() {
        try (Pool pool = new Pool(1)) {
            IntValue gate = Value.ofInt(0);
            AsyncResult<Integer> r = pool.applyAsync(() -> {
                MpTesting.passGate(gate);
                return 1;
            });
            assertEquals("the result was not ready within 5 ms",
                    assertThrows(ResultTimeoutException.class, () -> r.get(ms(5))).getMessage());
            gate.set(1);
            assertEquals(1, r.get(secs(60)));
        }
    }
}
