package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.passGate;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.internal.CpuClock;
import dev.mppractice.mp.internal.LinuxPaths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Multiprocessing#waitFor} as CPython's {@code multiprocessing.connection.wait} (test_wait,
 * test_wait_timeout, test_wait_integer), and {@link Multiprocessing#timed}'s clocks.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitForTest {

    @Test
    void returnsTheConnectionsWithDataAndTheProcessesThatEndedInTheGivenOrder() {
        Pipe quiet = Pipe.open(false);
        Pipe talky = Pipe.open(false);
        IntValue gate = Value.ofInt(0);
        Connection out = talky.right();
        Process sender = new Process(() -> {
            passGate(gate);
            out.send("hello");
        });
        Process idler = new Process(() -> passGate(gate));
        sender.start();
        idler.start();
        try {
            List<Object> all = List.of(quiet.left(), talky.left(), sender, idler);
            assertEquals(List.of(), Multiprocessing.waitFor(all, ms(100)), "nothing is ready yet");
            gate.set(1);
            List<Object> ready = Multiprocessing.waitFor(all, secs(60));
            assertTrue(!ready.isEmpty() && !ready.contains(quiet.left()), ready.toString());
            sender.join();
            idler.join();
            ready = Multiprocessing.waitFor(all, secs(60));
            assertEquals(List.of(talky.left(), sender, idler), ready);
            assertEquals("hello", talky.left().recv());
        } finally {
            gate.set(1);
        }
    }

    @Test
    void aSelectLoopReadsEveryMessageOfSeveralSendersUntilAllHaveEnded() {
        List<Object> waiting = new ArrayList<>();
        List<Process> senders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Pipe p = Pipe.open(false);
            Connection out = p.right();
            int id = i;
            Process s = new Process(() -> {
                for (int k = 0; k < 5; k++) {
                    out.send(id * 100 + k);
                }
                out.close();
            });
            s.start(); // the sending end now belongs to the child: its close() is the end of the stream here
            senders.add(s);
            waiting.add(p.left());
        }
        List<Integer> got = new ArrayList<>();
        while (!waiting.isEmpty()) {
            for (Object ready : Multiprocessing.waitFor(waiting, secs(60))) {
                Connection c = (Connection) ready;
                try {
                    got.add(c.recv());
                } catch (ConnectionEOFException e) {
                    waiting.remove(c);
                }
            }
        }
        got.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4, 100, 101, 102, 103, 104, 200, 201, 202, 203, 204), got);
        for (Process s : senders) {
            s.join();
        }
    }

    @Test
    void waitsAtMostTheTimeoutAndAProcessEndingWakesItAtOnce() {
        Pipe pipe = Pipe.open(false);
        long t0 = System.nanoTime();
        assertEquals(List.of(), Multiprocessing.waitFor(List.of(pipe.left()), ms(300)));
        long took = millisSince(t0);
        assertTrue(took >= 290 && took < 5_000, "waited " + took + " ms for a 300 ms timeout");

        t0 = System.nanoTime();
        assertEquals(List.of(), Multiprocessing.waitFor(List.of(pipe.left()), ms(0)));
        assertTrue(millisSince(t0) < 1_000, "a zero timeout only looks");

        IntValue gate = Value.ofInt(0);
        Process p = new Process(() -> passGate(gate));
        p.start();
        gate.set(1);
        assertEquals(List.of(p), Multiprocessing.waitFor(List.of(pipe.left(), p), secs(60)));
    }

    @Test
    void refusesWhatItCannotWaitFor() {
        assertThrows(ProcessException.class, () -> Multiprocessing.waitFor(List.of("a string"), ms(10)));
        Process never = new Process(() -> { });
        assertThrows(ProcessException.class, () -> Multiprocessing.waitFor(List.of(never), ms(10)));
        Pipe pipe = Pipe.open();
        pipe.left().close();
        assertThrows(ClosedException.class, () -> Multiprocessing.waitFor(List.of(pipe.left()), ms(10)));
    }

    @Test
    void timedReturnsTheWorksValueAndTheTreeClockCountsAChildsWork() {
        assertEquals(6, Multiprocessing.timed("sum", () -> 1 + 2 + 3));
        assertThrows(IllegalStateException.class, () -> Multiprocessing.timed("broken", () -> {
            throw new IllegalStateException("x");
        }));
        org.junit.jupiter.api.Assumptions.assumeTrue(LinuxPaths.proc(),
                "without /proc the tree clock is unknown (-1) rather than forgetting children that ended");
        long before = CpuClock.treeMicros();
        Process busy = new Process(() -> {
            // 400 ms of its own processor time, however busy the machine is
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long x = 0;
            while (threads.getCurrentThreadCpuTime() < 400_000_000L) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        });
        busy.start();
        busy.join();
        long used = CpuClock.treeMicros() - before;
        // a child that ended counts through its parent's cutime: at least most of its 400 ms
        assertTrue(used >= 300_000, "the tree used " + used + " us");
        assertTrue(CpuClock.machineIdleMicros() > 0);
    }
}
