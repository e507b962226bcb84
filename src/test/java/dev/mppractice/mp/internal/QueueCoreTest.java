package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.MpTesting;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A queue's items in its owner: the one-way put message and the taker's look-again before it sleeps. */
class QueueCoreTest {
    @Test
    void aPutMessageIsTheBytesOfTheMessageBuiltFieldByField() {
        for (int size : new int[] {0, 5, 300, 70_000}) {
            byte[] item = MpTesting.pattern(size, size);
            byte[] header = QueueCore.putHeader("1234:56");
            byte[] m = QueueCore.putMessage(header, item);
            assertArrayEquals(Msg.of(Proto.Q_PUT).str("1234:56").blob(item).bytes(), m);
            Msg.Reader r = new Msg.Reader(m);
            assertEquals(Proto.Q_PUT, r.type);
            assertEquals("1234:56", r.str());
            assertArrayEquals(item, r.blob());
        }
    }

    @Test
    void aTakerGetsAnItemThatIsThereOrThatComesOnceItSleeps() throws Exception {
        QueueCore q = new QueueCore(0);
        q.put(new byte[] {1}, -1);
        assertArrayEquals(new byte[] {1}, q.take(-1));
        byte[][] got = new byte[1][];
        Thread taker = new Thread(() -> {
            try {
                got[0] = q.take(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        // Past its look-again, the taker sleeps in the queue until an item comes.
        MpTesting.await("the taker sleeps", Duration.ofSeconds(10), () -> taker.getState() == Thread.State.WAITING);
        q.put(new byte[] {2}, -1);
        taker.join(10_000);
        assertArrayEquals(new byte[] {2}, got[0]);
    }

    @Test
    void aTimedTakeWaitsItsWholeTimeoutNeverLessAndAZeroTimeoutNotAtAll() throws Exception {
        QueueCore q = new QueueCore(0);
        for (long millis : new long[] {0, 1, 30}) {
            long t0 = System.nanoTime();
            assertNull(q.take(millis * 1_000_000L));
            long took = System.nanoTime() - t0;
            assertTrue(took >= millis * 1_000_000L, "waited " + took + " ns of " + millis + " ms");
        }
    }
}
