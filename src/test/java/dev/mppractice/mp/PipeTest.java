package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.pattern;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** SEMANTICS.md 26-29: {@link Pipe} and {@link Connection} between real processes. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipeTest {

    /** A serializable value class of the program. */
    record Point(int x, int y) implements Serializable {
    }

    /** Runs in a child: sends back each of the next {@code n} messages. */
    private static void echo(Connection c, int n) {
        for (int i = 0; i < n; i++) {
            Object o = c.recv();
            c.send(o);
        }
    }

    private static void assertSame(Object expected, Object actual) {
        if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual);
        } else if (expected instanceof int[] a) {
            assertArrayEquals(a, (int[]) actual);
        } else {
            assertEquals(expected, actual);
        }
    }


    // --- 26 --------------------------------------------------------------------------------

    /**
     * An end closes at the end of a try-with-resources block, as CPython's {@code with conn:} does: the exercises teach
     * the block for pools and managers, and a learner's {@code try (var conn = ...)} did not compile (a tester's
     * program, exercise 6).
     */
    @Test
    void anEndClosesAtTheEndOfATryWithResourcesBlock() {
        Pipe pipe = Pipe.open();
        try (Connection sender = pipe.right()) {
            sender.send("last");
        }
        assertSame("last", pipe.left().recv());
        assertThrows(ConnectionEOFException.class, () -> pipe.left().recv());
    }

    @Test
    void objectsRoundTripWithMessageBoundariesKeptEmptyMessagesIncluded() {
        List<Object> messages = Arrays.asList(42, -7L, 3.5, true, "text", "", "ünïcødé ✓", new byte[0],
                new byte[] {0, 1, 2}, new int[] {1, 2, 3}, null, List.of(1, "two", 3.0), new ArrayList<>(),
                Map.of("k", List.of(1, 2)), new Point(3, 4), new byte[0], "");
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        int n = messages.size();
        Process p = new Process(() -> echo(theirs, n));
        p.start();
        // all sent before any is read: each comes back whole and on its own
        for (Object m : messages) {
            mine.send(m);
        }
        for (Object m : messages) {
            assertSame(m, mine.recv());
        }
        joinOk(p);

        // and within one process
        Pipe local = Pipe.open();
        for (Object m : messages) {
            local.right().send(m);
        }
        for (Object m : messages) {
            assertSame(m, local.left().recv());
        }
    }

    @Test
    void aSixteenMebibyteMessageRoundTrips() {
        byte[] big = pattern(16 << 20, 7);
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = new Process(() -> echo(theirs, 2));
        p.start();
        mine.send(big);
        assertArrayEquals(big, mine.<byte[]>recv());
        mine.send("small after big");
        assertEquals("small after big", mine.recv());
        joinOk(p);

        Pipe local = Pipe.open();
        local.right().send(big);
        assertArrayEquals(big, local.left().<byte[]>recv());
    }

    // --- 27 --------------------------------------------------------------------------------

    @Test
    void recvWithATimeoutGivesUpAfterTheTimeoutAndLosesNothing() {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = new Process(() -> theirs.send(theirs.<String>recv() + " back"));
        p.start();
        long t0 = System.nanoTime();
        RecvTimeoutException e = assertThrowsExactly(RecvTimeoutException.class, () -> mine.recv(ms(300)));
        long took = millisSince(t0);
        assertTrue(e.getClass().getSimpleName().contains("Timeout"));
        assertTrue(took >= 300 && took < 3_000, "recv(300 ms) gave up after " + took + " ms");
        mine.send("go");
        assertEquals("go back", mine.recv(secs(30)));
        joinOk(p);
    }

    @Test
    void pollIsFalseOnNothingAndPollWithTimeoutWaitsAtMostTheTimeout() {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = new Process(() -> {
            String go = theirs.recv();
            theirs.send(go + " back");
            theirs.recv(); // stays until told: its end closing would make poll() true (a recv would see the end)
        });
        p.start();

        long t0 = System.nanoTime();
        assertFalse(mine.poll());
        assertTrue(millisSince(t0) < 1_000, "poll() took " + millisSince(t0) + " ms");
        t0 = System.nanoTime();
        assertFalse(mine.poll(ms(300)));
        long took = millisSince(t0);
        assertTrue(took >= 300 && took < 3_000, "poll(300 ms) returned false after " + took + " ms");

        mine.send("go");
        t0 = System.nanoTime();
        assertTrue(mine.poll(secs(20)), "nothing came within 20 s");
        assertTrue(millisSince(t0) < 10_000, "poll returned " + millisSince(t0) + " ms later: it should return when the message comes");
        assertTrue(mine.poll(), "the message is still there until it is received");
        assertEquals("go back", mine.recv());
        assertFalse(mine.poll());
        mine.send("bye");
        joinOk(p);

        Pipe local = Pipe.open();
        assertFalse(local.left().poll());
        t0 = System.nanoTime();
        assertFalse(local.left().poll(ms(300)));
        took = millisSince(t0);
        assertTrue(took >= 300 && took < 3_000, "poll(300 ms) on a local pipe returned false after " + took + " ms");
        local.right().send(1);
        assertTrue(local.left().poll());
    }

    // --- 28 --------------------------------------------------------------------------------

    @Test
    void recvAfterTheOtherEndClosedThrowsEOF() {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = new Process(() -> {
            theirs.send("last words");
            theirs.close();
            Thread.sleep(300); // still alive: end-of-stream comes from close(), not from the end of the process
        });
        p.start();
        assertEquals("last words", mine.recv());
        long t0 = System.nanoTime();
        ConnectionEOFException e = assertThrowsExactly(ConnectionEOFException.class, mine::recv);
        assertTrue(e.getClass().getSimpleName().contains("EOF"));
        assertTrue(millisSince(t0) < 10_000);
        joinOk(p);

        Pipe local = Pipe.open();
        local.right().send("only");
        local.right().close();
        assertEquals("only", local.left().recv(), "what was sent before close() is still read");
        assertThrowsExactly(ConnectionEOFException.class, () -> local.left().recv());
    }

    @Test
    void recvAfterTheOtherEndsProcessEndedThrowsEOF() {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = new Process(() -> theirs.send("bye"));
        p.start();
        joinOk(p);
        assertEquals("bye", mine.recv());
        assertThrowsExactly(ConnectionEOFException.class, mine::recv);
    }

    @Test
    void aTaskMayCaptureThePipeItselfAndTheEndItDoesNotUseStaysHere() {
        Pipe pipe = Pipe.open();
        Process p = new Process(() -> pipe.right().send(pipe.right().<Integer>recv() * 2));
        p.start();
        pipe.left().send(21);
        assertEquals(42, pipe.left().<Integer>recv(secs(60)));
        joinOk(p);
        // the end the child used went with it; the one it left alone was used here all along
        assertThrowsExactly(ConnectionEOFException.class, () -> pipe.left().recv(secs(10)));
    }

    @Test
    void recvAfterTheOtherEndsProcessWasKilledThrowsEOFInsteadOfHanging() {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = new Process(() -> {
            theirs.send("ready");
            Thread.sleep(60_000);
        });
        p.start();
        assertEquals("ready", mine.recv());
        p.kill();
        long t0 = System.nanoTime();
        assertThrowsExactly(ConnectionEOFException.class, mine::recv);
        assertTrue(millisSince(t0) < 10_000, millisSince(t0) + " ms");
        p.join(secs(10));
        assertEquals(-9, p.exitCode());
    }

    @Test
    void recvInAChildAfterTheParentClosedItsEndThrowsEOF() {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Queue<String> seen = new Queue<>();
        Process p = new Process(() -> {
            seen.put(theirs.recv());
            try {
                theirs.recv();
                seen.put("no EOF");
            } catch (ConnectionEOFException e) {
                seen.put(e.getClass().getSimpleName());
            }
        });
        p.start();
        mine.send("hello");
        mine.close();
        assertEquals("hello", seen.get(secs(30)));
        assertEquals("ConnectionEOFException", seen.get(secs(30)));
        joinOk(p);
    }

    // --- 29 --------------------------------------------------------------------------------

    @Test
    void aOneWayPipeRefusesTheWrongDirection() {
        Pipe pipe = Pipe.open(false);
        Connection receiver = pipe.left();
        Connection sender = pipe.right();
        assertThrows(ProcessException.class, () -> receiver.send("wrong way"));
        assertThrows(ProcessException.class, sender::recv);

        Queue<String> seen = new Queue<>();
        Process p = new Process(() -> {
            sender.send("right way");
            try {
                sender.recv();
                seen.put("recv allowed");
            } catch (ProcessException e) {
                seen.put("refused");
            }
        });
        p.start();
        assertEquals("right way", receiver.recv());
        assertEquals("refused", seen.get(secs(30)));
        joinOk(p);
        assertThrows(ProcessException.class, () -> receiver.send("still wrong"));
    }

    @Test
    void aClosedConnectionRefusesUse() {
        Pipe pipe = Pipe.open();
        Connection c = pipe.left();
        c.close();
        c.close(); // idempotent
        assertThrowsExactly(ClosedException.class, () -> c.send("x"));
        assertThrowsExactly(ClosedException.class, c::recv);
        assertThrowsExactly(ClosedException.class, c::poll);
        assertThrowsExactly(ClosedException.class, () -> c.poll(ms(10)));

        // and a closed end cannot be handed to a child
        Connection other = pipe.right();
        other.close();
        assertThrows(ProcessException.class, () -> new Process(() -> other.send("x")).start());
    }
}
