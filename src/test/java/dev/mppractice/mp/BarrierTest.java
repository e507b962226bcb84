package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.ms;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Barrier} across real processes, as CPython's test_barrier, test_abort, test_reset, test_timeout, and a party's death. */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BarrierTest {

    /** A child that waits once at {@code barrier} and puts what happened on {@code out}. */
    private static Process party(Barrier barrier, IntValue arrived, Queue<String> out) {
        Process p = new Process(() -> {
            arrived.set(arrived.get() + 1); // one child at a time in these tests
            try {
                out.put("passed " + barrier.await(secs(60)));
            } catch (BarrierBrokenException e) {
                out.put(e.getClass().getSimpleName());
            }
        });
        p.start();
        return p;
    }

    @Test
    void partiesInFourProcessesPassTogetherRoundAfterRoundWithEveryArrivalIndexOnce() {
        Barrier barrier = new Barrier(4); // [test_barrier]
        IntArray phase = Array.ofInts(3);
        Queue<List<Integer>> indices = new Queue<>();
        List<Process> ps = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int me = k;
            ps.add(new Process(() -> {
                List<Integer> mine = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    phase.set(me, round + 1);
                    mine.add(barrier.await());
                }
                indices.put(mine);
            }));
        }
        ps.forEach(Process::start);
        List<Integer> mine = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            mine.add(barrier.await(secs(60)));
            for (int k = 0; k < 3; k++) {
                assertTrue(phase.get(k) >= round + 1, "passed round " + round + " before child " + k + " reached it");
            }
        }
        List<List<Integer>> all = new ArrayList<>(List.of(mine));
        for (int k = 0; k < 3; k++) all.add(indices.get(secs(60)));
        for (int round = 0; round < 3; round++) {
            Set<Integer> seen = new TreeSet<>();
            for (List<Integer> l : all) seen.add(l.get(round));
            assertEquals(Set.of(0, 1, 2, 3), seen, "arrival indices of round " + round);
        }
        ps.forEach(MpTesting::joinOk);
        assertEquals(0, barrier.getNumberWaiting());
        assertFalse(barrier.isBroken());
    }

    @Test
    void abortBreaksTheBarrierForTheWaitersAndLaterArrivalsUntilReset() {
        Barrier barrier = new Barrier(3); // [test_abort]
        IntValue arrived = Value.ofInt(0);
        Queue<String> out = new Queue<>();
        Process p = party(barrier, arrived, out);
        await("the child waits", secs(60), () -> barrier.getNumberWaiting() == 1);
        barrier.abort();
        assertEquals("BarrierBrokenException", out.get(secs(60)));
        assertTrue(barrier.isBroken());
        BarrierBrokenException e = assertThrowsExactly(BarrierBrokenException.class, () -> barrier.await(secs(1)));
        assertTrue(e.getClass().getSimpleName().contains("Barrier"));
        assertTrue(e instanceof ProcessException);
        barrier.reset();
        assertFalse(barrier.isBroken());
        joinOk(p);
    }

    @Test
    void resetBreaksTheWaitersAndLeavesABarrierThatWorks() {
        Barrier barrier = new Barrier(2); // [test_reset]
        IntValue arrived = Value.ofInt(0);
        Queue<String> out = new Queue<>();
        Process first = party(barrier, arrived, out);
        await("the child waits", secs(60), () -> barrier.getNumberWaiting() == 1);
        barrier.reset();
        assertEquals("BarrierBrokenException", out.get(secs(60)));
        assertFalse(barrier.isBroken(), "reset leaves the barrier whole");
        joinOk(first);
        Process second = party(barrier, arrived, out);
        int mine = barrier.await(secs(60));
        String theirs = out.get(secs(60));
        assertEquals(Set.of("passed 0", "passed 1"), Set.of("passed " + mine, theirs));
        joinOk(second);
    }

    @Test
    void aTimeoutThrowsToItsPartyAndBreaksTheBarrierForTheOthers() {
        Barrier barrier = new Barrier(3); // [test_timeout]
        IntValue arrived = Value.ofInt(0);
        Queue<String> out = new Queue<>();
        Process p = party(barrier, arrived, out);
        await("the child waits", secs(60), () -> barrier.getNumberWaiting() == 1);
        long t0 = System.nanoTime();
        BarrierTimeoutException e = assertThrowsExactly(BarrierTimeoutException.class, () -> barrier.await(ms(300)));
        assertTrue(millisSince(t0) >= 300);
        assertTrue(e.getClass().getSimpleName().contains("Barrier") && e.getClass().getSimpleName().contains("Timeout"));
        assertEquals("BarrierBrokenException", out.get(secs(60)));
        assertTrue(barrier.isBroken());
        joinOk(p);
    }

    @Test
    void aBarrierOfOnePartyNeverBlocksAndNoneOrTooManyPartiesAreRefused() {
        Barrier one = new Barrier(1);
        assertEquals(0, one.await());
        assertEquals(0, one.await(java.time.Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(Barrier.MAX_PARTIES + 1));
    }

    @Test
    void aWaitingPartyThatIsKilledBreaksTheBarrierForTheOthersPromptly() {
        Barrier barrier = new Barrier(3);
        IntValue arrived = Value.ofInt(0);
        Queue<String> out = new Queue<>();
        Process victim = new Process(() -> barrier.await());
        victim.start();
        await("the victim waits", secs(60), () -> barrier.getNumberWaiting() == 1);
        Process other = party(barrier, arrived, out);
        await("both children wait", secs(60), () -> barrier.getNumberWaiting() == 2);
        victim.kill(); // SIGKILL at the barrier: the round can no longer complete
        long t0 = System.nanoTime();
        assertEquals("BarrierBrokenException", out.get(secs(30)));
        assertTrue(millisSince(t0) < 5_000, "the others learned of the death after " + millisSince(t0) + " ms");
        assertTrue(barrier.isBroken());
        assertThrows(BarrierBrokenException.class, () -> barrier.await(secs(10)), "the third party finds it broken");
        joinOk(other);
        victim.join(secs(10));
        assertEquals(-9, victim.exitCode());
    }
}
