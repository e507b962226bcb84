package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a recorded run a lock's plain {@code acquire()} writes what the checker's rules read: each
 * hold a {@code lock-acquire} span (naming the value it guards) closed by a {@code lock-release}
 * of the same span, and each write of the value says whether the writer held its lock.
 */
@ExtendWith(NoProcessLeftBehind.class)
class RecordedLockTest {
    @TempDir
    Path tmp;

    @Test
    void eachHoldIsASpanAndEachWriteSaysWhetherItWasLocked() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedLockMain.class,
                "value 1114 exitcode 0", secs(60));
        long child = MpTesting.firstStart(events).get("child").asLong();
        List<JsonNode> acquires = of(events, "lock-acquire", child);
        List<JsonNode> releases = of(events, "lock-release", child);
        assertEquals(6, acquires.size(), "the child's acquires: " + events);
        assertEquals(5, releases.size(), "the child's releases: " + events);
        for (int i = 0; i < 3; i++) {
            JsonNode a = acquires.get(i);
            assertNotEquals(0, a.get("span").asLong(), a.toString());
            assertEquals(a.get("span").asLong(), releases.get(i).get("span").asLong(), "a hold is one span");
            assertEquals(a.get("lock").asText(), releases.get(i).get("lock").asText());
            assertEquals(a.get("lock").asText(), a.get("of").asText() + "@0", "the lock names the value it guards");
        }
        List<JsonNode> writes = of(events, "value-write", child);
        assertEquals(List.of(true, true, true, true, false, false, true), writes.stream().map(w -> w.get("locked").asBoolean()).toList(),
                "the child's writes: " + writes);
        assertEquals(List.of(false, false, false, false, false, false, false), writes.stream().map(w -> w.get("zero").asBoolean()).toList(),
                "none of the child's writes wrote 0: " + writes);
        assertEquals(List.of(true, true, true, false, false, false, true), writes.stream().map(w -> w.get("read").asBoolean()).toList(),
                "the locked writes that read the value in the same hold (the last through a copy of the lock), not the one "
                        + "read before its hold: " + writes);
        List<JsonNode> mains = of(events, "value-write", MpTesting.firstStart(events).get("pid").asLong());
        assertEquals(List.of(true, false), mains.stream().map(w -> w.get("zero").asBoolean()).toList(),
                "main's write of 0, then of 1114: " + mains);
        assertEquals(List.of(false, false, false, false, false, false), acquires.stream().map(a -> a.path("try").asBoolean()).toList(),
                "the child's plain acquires: " + acquires);
        assertEquals(1, acquires.stream().map(a -> a.path("thread").asLong(-1)).filter(t -> t > 0).distinct().count(),
                "every acquire names the one thread of the child that took it: " + acquires);
        List<JsonNode> tried = of(events, "lock-acquire", MpTesting.firstStart(events).get("pid").asLong());
        assertEquals(1, tried.size(), "main's tryAcquire: " + tried);
        assertEquals(true, tried.get(0).path("try").asBoolean(), "a tryAcquire says so: " + tried.get(0));
    }

    @Test
    void pastItsKindsBudgetAValueShowsItsFirstFewLockedWritesAndItsFirstFewUnlockedOnesAndALockItsWaits() throws Exception {
        // A loop's locked writes spend the budget; a locked write of 0 after it is one more of the value's locked writes,
        // whose first few were written (so a loop past the budget need not tell a read and a write in one hold apart),
        // and an unlocked write is a kind of write the value had not shown yet: its first few are written.
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedValueLoopMain.class, "value 260",
                secs(60));
        List<JsonNode> writes = events.stream().filter(e -> e.get("ev").asText().equals("value-write")).toList();
        assertEquals(250, writes.stream().filter(w -> w.get("locked").asBoolean() && !w.get("zero").asBoolean()).count(),
                "the loop's writes, up to the budget: " + writes.size());
        assertEquals(0, writes.stream().filter(w -> w.get("locked").asBoolean() && w.get("zero").asBoolean()).count(),
                "the locked writes of 0 after the loop");
        assertEquals(4, writes.stream().filter(w -> !w.get("locked").asBoolean()).count(), "the unlocked writes after the loop");
        long main = events.stream().filter(e -> e.get("ev").asText().equals("process-start")).findFirst().orElseThrow().get("pid").asLong();
        List<JsonNode> waits = of(events, "wait", main).stream().filter(w -> w.get("call").asText().equals("Lock.acquire")).toList();
        assertEquals(1, waits.size(), "past the budget of its acquires, main's wait for the lock its child held still shows: " + waits);
        long child = events.stream().filter(e -> e.get("ev").asText().equals("process-start")).findFirst().orElseThrow().get("child")
                .asLong();
        assertEquals(child, waits.get(0).path("holder").asLong(-1), "the wait names the process that held the lock: " + waits.get(0));
    }

    /**
     * A take with a timeout says so ({@code timed}), and a timed take that gives up writes a {@code lock-timeout} naming
     * the lock and the thread: the checker tells a mover that backs off on a timeout from the starter's, whose timeout
     * ends it (exercise 16).
     */
    @Test
    void aTimedTakeSaysSoAndOneThatGivesUpWritesALockTimeout() throws Exception {
        List<JsonNode> events = MpTesting.runRecorded(tmp.resolve("record.jsonl"), RecordedTimeoutMain.class,
                "timeout timeout timeout false false exitcode 0", secs(60));
        long child = MpTesting.firstStart(events).get("child").asLong();
        List<JsonNode> timeouts = of(events, "lock-timeout", child);
        assertEquals(5, timeouts.size(), "three acquire(30 ms) and two tryAcquire(30 ms) gave up: " + events);
        List<JsonNode> acquires = of(events, "lock-acquire", child);
        assertEquals(3, acquires.size(), "the child's takes once the parent let go: " + acquires);
        for (JsonNode a : acquires.subList(0, 2)) {
            assertEquals(true, a.path("timed").asBoolean(), "acquire(10 s) says so: " + a);
            assertEquals(false, a.path("try").asBoolean(), a.toString());
        }
        JsonNode managed = acquires.get(2);
        assertEquals(true, managed.path("try").asBoolean(), "a manager's lock's tryAcquire says so, as a Lock's does: " + managed);
        assertEquals(false, managed.path("timed").asBoolean(), managed.toString());
        assertEquals(java.util.Set.of(acquires.get(0).get("lock").asText(), acquires.get(1).get("lock").asText(),
                        managed.get("lock").asText()),
                timeouts.stream().map(t -> t.get("lock").asText()).collect(java.util.stream.Collectors.toSet()),
                "the timeouts name the three locks");
        assertEquals(java.util.Set.of(acquires.get(0).get("thread").asLong(), -1L),
                timeouts.stream().map(t -> t.path("thread").asLong(-1)).collect(java.util.stream.Collectors.toSet()),
                "and the thread that took them (not for the manager's lock, whose takes name none)");
        // Each wait names the call the program made: a tryAcquire that gave up was named Lock.acquire, which the learner's
        // line does not show (and the checker could not point at it).
        assertEquals(List.of("Lock.acquire", "RLock.acquire", "ManagedLock.acquire", "Lock.tryAcquire", "RLock.tryAcquire"),
                of(events, "wait", child).stream().filter(w -> w.path("limit").asLong() == 30).map(w -> w.get("call").asText()).toList(),
                "the waits of the takes that gave up");
        List<JsonNode> mains = of(events, "lock-acquire", MpTesting.firstStart(events).get("pid").asLong());
        assertEquals(List.of(false, false, false), mains.stream().map(a -> a.path("timed").asBoolean() || a.path("try").asBoolean())
                .toList(), "main's plain acquires write neither: " + mains);
    }

    private static List<JsonNode> of(List<JsonNode> events, String ev, long pid) {
        return events.stream().filter(e -> e.get("ev").asText().equals(ev) && e.get("pid").asLong() == pid).toList();
    }
}
