package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the run picture reads from fixed record events: processes that keep taking each other's locks with a timeout. */
class RunPictureTest {
    private static final long LEFT = 11;
    private static final long RIGHT = 12;
    private static final long SECOND = 1_000_000;

    private static Map<String, Object> event(long pid, long us, String ev, Object... fields) {
        Map<String, Object> e = new HashMap<>(Map.of("pid", pid, "proc", pid == LEFT ? "left" : "right", "us", us, "ev", ev));
        for (int i = 0; i < fields.length; i += 2) {
            e.put((String) fields[i], fields[i + 1]);
        }
        return e;
    }

    /** A take of {@code lock}, held by {@code holder}, that waited {@code limit} ms (null: no timeout) from {@code us}. */
    private static Map<String, Object> lockWait(long pid, long us, long span, String lock, long holder, Long limit) {
        Map<String, Object> e = event(pid, us, "wait", "call", "Lock.tryAcquire", "kind", "lock", "obj", lock, "holder", holder,
                "at", "ProcessBasics.java:13", "span", span);
        if (limit != null) e.put("limit", limit);
        return e;
    }

    /** Each process's takes of the lock the other holds, timed out one after another, the last ones at {@code last}. */
    private static RunPicture tryingEachOthersLock(long last, Long limit) {
        RunPicture p = new RunPicture();
        for (long span = 1; span <= 3; span++) {
            long us = last - (3 - span) * 20_000;
            p.add(lockWait(LEFT, us, span, "y", RIGHT, limit));
            p.add(lockWait(RIGHT, us + 5, span, "x", LEFT, limit));
            if (limit != null && span < 3) {
                p.add(event(LEFT, us + 20_000, "wait-end", "outcome", "timeout", "span", span));
                p.add(event(LEFT, us + 20_000, "lock-timeout", "lock", "y", "thread", 1));
                p.add(event(RIGHT, us + 20_005, "wait-end", "outcome", "timeout", "span", span));
                p.add(event(RIGHT, us + 20_005, "lock-timeout", "lock", "x", "thread", 1));
            }
        }
        return p;
    }

    @Test
    void processesTakingEachOthersLockWithATimeoutFormACircle() {
        RunPicture p = tryingEachOthersLock(30 * SECOND, 20L);
        assertEquals(List.of(LEFT, RIGHT), p.timedLockCycle(LEFT, SECOND));
        assertEquals(List.of(RIGHT, LEFT), p.timedLockCycle(RIGHT, SECOND));
        assertEquals(2, p.lockTimeouts(LEFT));
    }

    @Test
    void notWhenTheTakesHaveNoTimeoutNorWhenTheyAreOld() {
        assertEquals(List.of(), tryingEachOthersLock(30 * SECOND, null).timedLockCycle(LEFT, SECOND), "a deadlock is told as one");
        RunPicture old = tryingEachOthersLock(30 * SECOND, 20L);
        old.add(event(LEFT, 32 * SECOND, "value-write", "value", "v"));
        assertEquals(List.of(), old.timedLockCycle(LEFT, SECOND), "nothing of it in the last second of the record");
    }

    @Test
    void notWhenOneWaitsInAnotherCallSince() {
        RunPicture p = tryingEachOthersLock(30 * SECOND, 20L);
        p.add(event(LEFT, 30 * SECOND + 20_000, "wait-end", "outcome", "timeout", "span", 3L));
        p.add(event(LEFT, 30 * SECOND + 21_000, "wait", "call", "Queue.get", "kind", "queue", "obj", "q", "span", 4L));
        assertEquals(List.of(), p.timedLockCycle(LEFT, SECOND));
        assertEquals(List.of(), p.timedLockCycle(RIGHT, SECOND));
    }
}
