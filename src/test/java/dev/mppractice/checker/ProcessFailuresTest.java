package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the failures of child processes are told, from fixed records. */
class ProcessFailuresTest {
    private static final long MAIN = 100;

    private final List<Map<String, Object>> record = new ArrayList<>();

    private void started(long child, String name) {
        record.add(Map.of("ev", "process-start", "pid", MAIN, "proc", "MainProcess", "us", 1L, "child", child, "name", name));
    }

    private void failed(long pid, String name, String error, String message, String at, boolean library) {
        Map<String, Object> e = new LinkedHashMap<>(Map.of("ev", "process-fail", "pid", pid, "proc", name, "us", 2L,
                "name", name, "error", error, "message", message, "library", library));
        if (at != null) e.put("at", at);
        record.add(e);
    }

    @Test
    void processesThatFailedAlikeAreToldInOneLineByTheirLines() {
        String signal = "signalAll on a Condition whose lock the caller does not hold";
        started(1, "producer-2");
        started(2, "producer-1");
        started(3, "consumer-1");
        failed(1, "producer-2", "ProcessException", signal, "Buffer.java:56", true);
        failed(2, "producer-1", "ProcessException", signal, "Buffer.java:56", true);
        failed(3, "consumer-1", "ProcessException", signal, "Buffer.java:69", true);
        ProcessFailures f = ProcessFailures.in(record, MAIN, Set.of());
        assertEquals("producer-1 and producer-2 failed at Buffer.java:56, and consumer-1 at Buffer.java:69, where the library"
                + " refused the call (ProcessException): " + signal, f.told());
    }

    @Test
    void theProgramsOwnExceptionIsToldWithItsMessageAndEachKindOnALineOfItsOwn() {
        started(1, "consumer-2");
        started(2, "worker");
        failed(1, "consumer-2", "IllegalStateException", "the buffer is empty", "Buffer.java:39", false);
        failed(2, "worker", "NullPointerException", "", null, false);
        ProcessFailures f = ProcessFailures.in(record, MAIN, Set.of());
        assertEquals("consumer-2 failed at Buffer.java:39, with IllegalStateException: the buffer is empty.\n"
                + "worker failed, with NullPointerException.", f.told());
    }

    @Test
    void aTasksExceptionThatMainsCallThrewAgainIsToldWithTheWorkerAndLineItWasRaisedAt() {
        Map<String, Object> e = new LinkedHashMap<>(Map.of("ev", "process-fail", "pid", MAIN, "proc", "MainProcess", "us", 2L,
                "name", "MainProcess", "error", "IllegalStateException", "message", "the table was not loaded in this worker",
                "library", false, "at", "PoolInitializer.java:63"));
        e.put("raisedIn", "PoolWorker-2 (pid 8731)");
        e.put("raisedAt", "PoolInitializer.java:40");
        record.add(e);
        ProcessFailures f = ProcessFailures.in(record, MAIN, Set.of());
        assertEquals("MainProcess failed at PoolInitializer.java:63, with IllegalStateException: the table was not loaded in"
                + " this worker (raised by a task in PoolWorker-2 (pid 8731), at PoolInitializer.java:40).", f.told());
    }

    @Test
    void aTaskThatReturnedWhileItsThreadsRanIsToldAfterTheFailuresWithTheFirstThreadsLine() {
        started(1, "Process-1");
        started(2, "Process-2");
        started(3, "worker");
        record.add(Map.of("ev", "threads-left", "pid", 1L, "proc", "Process-1", "us", 3L, "name", "Process-1", "threads", 1,
                "thread", "Thread-0", "at", "ProcessBasics.java:8"));
        record.add(Map.of("ev", "threads-left", "pid", 2L, "proc", "Process-2", "us", 3L, "name", "Process-2", "threads", 3,
                "thread", "helper", "at", "ProcessBasics.java:20"));
        failed(3, "worker", "NullPointerException", "", null, false);
        ProcessFailures f = ProcessFailures.in(record, MAIN, Set.of());
        assertEquals("worker failed, with NullPointerException.\n"
                + "Process-1's task returned while a thread it had started (Thread-0, at ProcessBasics.java:8) was still running:"
                + " a process ends when its task returns, and its threads end with it, unfinished. Do the work in the task"
                + " itself, or join the thread before the task returns.\n"
                + "Process-2's task returned while 3 threads it had started (helper at ProcessBasics.java:20, and others) were"
                + " still running: a process ends when its task returns, and its threads end with it, unfinished. Do the work"
                + " in the task itself, or join the thread before the task returns.", f.told());
    }

    @Test
    void aFailureWrittenByAProcessNotOfTheRunIsNoEvidence() {
        failed(7, "stranger", "IllegalStateException", "not ours", "X.java:1", true);
        ProcessFailures f = ProcessFailures.in(record, MAIN, Set.of());
        assertFalse(f.any());
        assertEquals("", f.told());
    }

    @Test
    void pastFourKindsTheOthersAreCounted() {
        for (int i = 1; i <= 6; i++) {
            started(i, "w" + i);
            failed(i, "w" + i, "IllegalStateException", "crash " + i, "W.java:" + i, false);
        }
        List<String> lines = ProcessFailures.in(record, MAIN, Set.of()).told().lines().toList();
        assertEquals(5, lines.size(), lines.toString());
        assertEquals("(and 2 other kinds of failure: see Standard error)", lines.get(4));
    }
}
