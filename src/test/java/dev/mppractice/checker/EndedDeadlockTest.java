package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Deadlocks that a timeout ended, read from run records made by hand (their lines as the library writes them). */
class EndedDeadlockTest {
    private final List<Map<String, Object>> record = new ArrayList<>();

    private void line(long pid, String proc, long us, String ev, Object... fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("pid", pid);
        e.put("proc", proc);
        e.put("us", us);
        e.put("ev", ev);
        for (int i = 0; i < fields.length; i += 2) {
            e.put((String) fields[i], fields[i + 1]);
        }
        record.add(e);
    }

    private void takes(long pid, String proc, long us, String lock, long span) {
        line(pid, proc, us, "lock-acquire", "lock", lock, "span", span);
    }

    private void waitsFor(long pid, String proc, long us, String lock, long span, Long limit) {
        waitsIn("Lock.acquire", pid, proc, us, lock, span, limit);
    }

    private void waitsIn(String call, long pid, String proc, long us, String lock, long span, Long limit) {
        line(pid, proc, us, "wait", "call", call, "kind", "lock", "obj", lock, "at", "Movers.java:" + pid,
                "span", span, "limit", limit);
    }

    /** A learner's movers took the second lock with {@code tryAcquire(20 ms)}: told "0.0 seconds", and as {@code Lock.acquire}. */
    @Test
    void aShortTimeoutIsToldInMillisecondsWithTheCallThatGaveUp() {
        takes(11, "mover-1", 100, "A", 1);
        takes(12, "mover-2", 110, "B", 2);
        waitsIn("Lock.tryAcquire", 11, "mover-1", 120, "B", 3, 20L);
        waitsIn("Lock.tryAcquire", 12, "mover-2", 130, "A", 4, 20L);
        line(11, "mover-1", 20_120, "wait-end", "span", 3, "outcome", "timeout");
        line(12, "mover-2", 20_200, "wait-end", "span", 4, "outcome", "returned");

        assertEquals(Optional.of("The run shows a deadlock: mover-1 waited for a lock mover-2 held, while mover-2 waited for"
                + " a lock mover-1 held, until mover-1's Lock.tryAcquire at Movers.java:11 gave up after 20 ms (its timeout)."
                + " Neither could have gone on without it: take the locks in one order in every process."), EndedDeadlock.in(record));
    }

    @Test
    void twoProcessesEachWaitingForTheOthersLockUntilOneGivesUpAreADeadlock() {
        takes(11, "mover-1", 100, "A", 1);
        takes(12, "mover-2", 110, "B", 2);
        waitsFor(11, "mover-1", 120, "B", 3, 5000L);
        // the lines of one process come together in the file, not in time order
        line(11, "mover-1", 5_000_120, "wait-end", "span", 3, "outcome", "timeout");
        waitsFor(12, "mover-2", 130, "A", 4, 5000L);
        line(12, "mover-2", 5_000_200, "wait-end", "span", 4, "outcome", "returned");

        assertEquals(Optional.of("The run shows a deadlock: mover-1 waited for a lock mover-2 held, while mover-2 waited for"
                + " a lock mover-1 held, until mover-1's Lock.acquire at Movers.java:11 gave up after 5 seconds (its timeout)."
                + " Neither could have gone on without it: take the locks in one order in every process."), EndedDeadlock.in(record));
    }

    @Test
    void threeProcessesWaitingRoundInACircleAreADeadlock() {
        takes(11, "p1", 100, "A", 1);
        takes(12, "p2", 101, "B", 2);
        takes(13, "p3", 102, "C", 3);
        waitsFor(11, "p1", 200, "B", 4, 300L);
        waitsFor(12, "p2", 201, "C", 5, null);
        waitsFor(13, "p3", 202, "A", 6, null);
        line(11, "p1", 500_200, "wait-end", "span", 4, "outcome", "timeout");

        assertEquals(Optional.of("The run shows a deadlock: p1, p2 and p3 waited round in a circle, each for a lock the next"
                + " held, until p1's Lock.acquire at Movers.java:11 gave up after 300 ms (its timeout). None of them could"
                + " have gone on without it: take the locks in one order in every process."), EndedDeadlock.in(record));
    }

    @Test
    void aTimeoutOnALockHeldByAProcessThatWaitsForNothingIsNoDeadlock() {
        takes(12, "slow", 100, "A", 1);
        waitsFor(11, "impatient", 120, "A", 2, 100L);
        line(11, "impatient", 100_120, "wait-end", "span", 2, "outcome", "timeout");
        line(12, "slow", 200_000, "lock-release", "lock", "A", "span", 1);

        assertEquals(Optional.empty(), EndedDeadlock.in(record));
    }

    /** The third process waits on a circle it is not part of: no deadlock of its own to tell, and the walk ends. */
    @Test
    void aTimeoutWaitingOnACircleOfTwoOthersIsNotTold() {
        takes(11, "mover-1", 100, "A", 1);
        takes(12, "mover-2", 110, "B", 2);
        takes(13, "auditor", 115, "C", 3);
        waitsFor(11, "mover-1", 120, "B", 4, null);
        waitsFor(12, "mover-2", 130, "A", 5, null);
        waitsFor(13, "auditor", 140, "A", 6, 200L);
        line(13, "auditor", 200_140, "wait-end", "span", 6, "outcome", "timeout");

        assertEquals(Optional.empty(), EndedDeadlock.in(record));
    }

    /**
     * Past their budget of recorded acquires (a mover that ran alone for a while, its partner's JVM late on a loaded
     * machine), the movers' holds are not in the record: their waits say who held the lock they waited for. The
     * starter of exercise 16 was told no deadlock that way, under the suite's load (CheckerDeadlockTest, 2 runs of 2).
     */
    @Test
    void theHoldersNamedByTheWaitsTellADeadlockWhoseAcquiresWereNotRecorded() {
        line(11, "mover-1", 120, "wait", "call", "Lock.acquire", "kind", "lock", "obj", "B", "at", "Movers.java:11",
                "span", 3, "limit", 5000L, "holder", 12L);
        line(11, "mover-1", 5_000_120, "wait-end", "span", 3, "outcome", "timeout");
        line(12, "mover-2", 130, "wait", "call", "Lock.acquire", "kind", "lock", "obj", "A", "at", "Movers.java:12",
                "span", 4, "limit", 5000L, "holder", 11L);
        line(12, "mover-2", 5_000_200, "wait-end", "span", 4, "outcome", "returned");

        assertEquals(Optional.of("The run shows a deadlock: mover-1 waited for a lock mover-2 held, while mover-2 waited for"
                + " a lock mover-1 held, until mover-1's Lock.acquire at Movers.java:11 gave up after 5 seconds (its timeout)."
                + " Neither could have gone on without it: take the locks in one order in every process."), EndedDeadlock.in(record));
    }

    @Test
    void aCircleThatTheLocksWereGivenBackOutOfBeforeTheTimeoutIsNoDeadlock() {
        takes(11, "mover-1", 100, "A", 1);
        takes(12, "mover-2", 110, "B", 2);
        waitsFor(11, "mover-1", 120, "B", 3, 5000L);
        waitsFor(12, "mover-2", 130, "A", 4, 50L);
        line(12, "mover-2", 180, "wait-end", "span", 4, "outcome", "returned");
        line(12, "mover-2", 190, "lock-release", "lock", "B", "span", 2);
        line(11, "mover-1", 5_000_120, "wait-end", "span", 3, "outcome", "timeout");

        assertEquals(Optional.empty(), EndedDeadlock.in(record));
    }
}
