package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a stuck run is told of the object each process waits on, from fixed records: the facts the record holds about a
 * semaphore's permits, a condition's signals, a joinable queue's items marked done and a barrier's rounds. Testers'
 * stuck programs were told only where each process waited (exercises 18 to 21).
 */
class DiagnosisTest {
    private static final long MAIN = 100;

    private final RunPicture picture = new RunPicture();
    private long us = 1;

    private void ev(long pid, String proc, String ev, Object... fields) {
        Map<String, Object> e = new HashMap<>(Map.of("pid", pid, "proc", proc, "us", us++, "ev", ev));
        for (int i = 0; i < fields.length; i += 2) e.put((String) fields[i], fields[i + 1]);
        picture.add(e);
    }

    private void started(long child, String name) {
        ev(MAIN, "MainProcess", "process-start", "child", child, "name", name, "process", "100:" + child);
    }

    private void waits(long pid, String name, String call, String kind, String obj, String at) {
        ev(pid, name, "wait", "span", 90L, "call", call, "kind", kind, "obj", obj, "at", at);
    }

    private List<String> told(Long... live) {
        return new Diagnosis(picture, new ArrayList<>(List.of(live)), Map.of(), MAIN, "X.java", List.of()).lines();
    }

    @Test
    void aSemaphoreWaitTellsWhoTookPermitsAndEndedWithoutGivingThemBack() {
        String sem = "shm-100-1";
        for (long d = 1; d <= 4; d++) started(d, "downloader-" + d);
        ev(2, "downloader-2", "semaphore-acquire", "semaphore", sem, "span", 1L);
        ev(4, "downloader-4", "semaphore-acquire", "semaphore", sem, "span", 1L);
        ev(3, "downloader-3", "semaphore-acquire", "semaphore", sem, "span", 1L);
        ev(3, "downloader-3", "semaphore-release", "semaphore", sem, "span", 1L);
        waits(1, "downloader-1", "Semaphore.acquire", "semaphore", sem, "X.java:20");
        waits(MAIN, "MainProcess", "Process.join", "process", "1", "X.java:40");
        assertEquals(List.of("main waits in Process.join() at X.java:40; downloader-1 has not ended.",
                "downloader-1 waits in Semaphore.acquire() at X.java:20; downloader-2 and downloader-4 took permits of it and"
                        + " ended without giving them back."), told(MAIN, 1L));
    }

    /**
     * A process that waits for the lock it holds is told so, though another's wait told of that lock first: exercise 12's
     * worker that took the counter's lock around its loop and again around each increment was told only where it
     * waited, after "that lock is held by" it in another worker's line (a tester's program).
     */
    @Test
    void aProcessWaitingForTheLockItHoldsIsToldSoAfterAnotherWaitToldOfThatLock() {
        String lock = "shm-100-1@0";
        for (long w = 1; w <= 2; w++) started(w, "Process-" + w);
        ev(2, "Process-2", "lock-acquire", "lock", lock, "of", "shm-100-1", "span", 1L);
        waits(1, "Process-1", "Lock.acquire", "lock", lock, "X.java:19");
        waits(2, "Process-2", "Lock.acquire", "lock", lock, "X.java:23");
        assertEquals(List.of("Process-1 waits in Lock.acquire() at X.java:19; that lock is held by Process-2.",
                "Process-2 waits in Lock.acquire() at X.java:23; " + Diagnosis.HELD_BY_ITSELF + "."), told(1L, 2L));
    }

    /**
     * The children that had ended with exit code 0 are told too: exercise 20's consumers that gave up after a timeout
     * with no item ended, and the stuck run's account named only the producers still waiting for room (a prober's program).
     */
    @Test
    void theChildrenThatHadEndedAreToldWithTheWaits() {
        for (long c = 1; c <= 4; c++) started(c, c <= 2 ? "consumer-" + c : "producer-" + (c - 2));
        ev(MAIN, "MainProcess", "process-exit", "child", 1L, "name", "consumer-1", "exitcode", 0L);
        ev(MAIN, "MainProcess", "process-exit", "child", 2L, "name", "consumer-2", "exitcode", 0L);
        ev(MAIN, "MainProcess", "condition-signal", "condition", "shm-100-2", "all", true, "woken", 0L);
        waits(3, "producer-1", "Condition.await", "condition", "shm-100-2", "X.java:30");
        waits(4, "producer-2", "Condition.await", "condition", "shm-100-2", "X.java:30");
        assertEquals(List.of("consumer-1 and consumer-2 had ended, with exit code 0.",
                "producer-1 waits in Condition.await() at X.java:30.", "producer-2 waits in Condition.await() at X.java:30."),
                told(3L, 4L));
    }

    @Test
    void aConditionWaitTellsWhenNoProcessEverSignalledIt() {
        started(1, "consumer-1");
        waits(1, "consumer-1", "Condition.await", "condition", "shm-100-2", "X.java:30");
        assertEquals(List.of("consumer-1 waits in Condition.await() at X.java:30; no process ever signalled that condition"
                + " (signal() or signalAll()), which is what wakes a waiter."), told(1L));
        ev(MAIN, "MainProcess", "condition-signal", "condition", "shm-100-2", "all", true, "woken", 0L);
        assertEquals(List.of("consumer-1 waits in Condition.await() at X.java:30."), told(1L), "signalled: nothing to add");
    }

    @Test
    void aJoinWaitOnAJoinableQueueTellsHowManyItemsWereMarkedDone() {
        started(1, "worker-1");
        for (int i = 0; i < 3; i++) ev(MAIN, "MainProcess", "queue-put", "queue", "100:1", "owner", MAIN);
        for (int i = 0; i < 3; i++) ev(1, "worker-1", "queue-get", "queue", "100:1", "owner", MAIN);
        ev(1, "worker-1", "task-done", "queue", "100:1", "owner", MAIN);
        waits(MAIN, "MainProcess", "JoinableQueue.join", "queue", "100:1", "X.java:50");
        assertEquals(List.of("main waits in JoinableQueue.join() at X.java:50; 3 items were put on that queue, 3 taken off and 1"
                + " marked done with taskDone(): join() returns once every item put is marked done."), told(MAIN));
    }

    @Test
    void aBarrierWaitTellsWhetherItEverLetARoundThroughAndHowManyPartiesItsRoundsHad() {
        String barrier = "shm-100-3";
        for (long w = 1; w <= 3; w++) started(w, "worker-" + w);
        for (long w = 1; w <= 3; w++) waits(w, "worker-" + w, "Barrier.await", "barrier", barrier, "X.java:60");
        assertEquals("worker-1 waits in Barrier.await() at X.java:60; worker-1, worker-2 and worker-3 wait at that barrier, and"
                + " it never let a round through: it waits for more parties than came.", told(1L, 2L, 3L).get(0));

        DiagnosisTest pairs = new DiagnosisTest();
        for (long w = 1; w <= 3; w++) pairs.started(w, "worker-" + w);
        pairs.ev(2, "worker-2", "barrier-wait", "barrier", barrier, "index", 0L, "outcome", "passed", "round", 0L);
        pairs.ev(3, "worker-3", "barrier-wait", "barrier", barrier, "index", 1L, "outcome", "passed", "round", 0L);
        pairs.waits(1, "worker-1", "Barrier.await", "barrier", barrier, "X.java:60");
        assertEquals(List.of("worker-1 waits in Barrier.await() at X.java:60; worker-1 alone waits at that barrier; its rounds"
                + " before let 2 parties through each, and the others went on without it."), pairs.told(1L));
    }

    /** A process running when the time limit hit, whose waitFor kept returning pipes at their end, is told why it spun. */
    @Test
    void aProcessThatSpunOnPipesAtTheirEndIsToldWhy() {
        ev(MAIN, "MainProcess", "select-at-end", "pipe", "100:1 left");
        ThreadDump.Spot spinning = new ThreadDump.Spot("main", 1, "RUNNABLE", "SelectLoop.main", "SelectLoop.java:55", 100,
                false, false, false, false, null);
        List<String> lines = new Diagnosis(picture, new ArrayList<>(List.of(MAIN)), Map.of(MAIN, spinning), MAIN, "SelectLoop.java",
                List.of()).lines();
        assertEquals(List.of("main was running, not waiting, at SelectLoop.java:55 when the run was stopped. Its"
                + " Multiprocessing.waitFor returned pipes whose end recv() had already reported (ConnectionEOFException): a pipe"
                + " at its end is always ready, so a loop that keeps it in the list it waits on never waits again. Take a pipe"
                + " off that list once recv() throws ConnectionEOFException."), lines);
    }

    /** As above, for a waitFor that kept returning processes it had returned as ended (exercise 25's sensors left in its list). */
    @Test
    void aProcessThatSpunOnEndedProcessesIsToldWhy() {
        ev(MAIN, "MainProcess", "select-at-end", "process", 101L, "name", "sensor-1");
        ThreadDump.Spot spinning = new ThreadDump.Spot("main", 1, "RUNNABLE", "SelectLoop.main", "SelectLoop.java:55", 100,
                false, false, false, false, null);
        List<String> lines = new Diagnosis(picture, new ArrayList<>(List.of(MAIN)), Map.of(MAIN, spinning), MAIN, "SelectLoop.java",
                List.of()).lines();
        assertEquals(List.of("main was running, not waiting, at SelectLoop.java:55 when the run was stopped. Its"
                + " Multiprocessing.waitFor returned processes it had already returned as ended: an ended process is always"
                + " ready, so a loop that keeps it in the list it waits on never waits again. Take a process off that list once"
                + " waitFor returns it."), lines);
    }
    /**
     * Main joins a child that waits for a message itself: it is told that such a worker ends only once it is sent what
     * ends its loop. Exercise 6 without its "stop" was told only where each waited (a learner tester's program).
     */
    @Test
    void aJoinOfAChildThatWaitsToReceiveSaysItMustBeSentWhatEndsItsLoop() {
        started(1, "Process-1");
        ev(MAIN, "MainProcess", "pipe-send", "pipe", "p1", "end", "left");
        ev(1, "Process-1", "pipe-recv", "pipe", "p1", "end", "right");
        waits(MAIN, "MainProcess", "Process.join", "process", "1", "X.java:40");
        waits(1, "Process-1", "Connection.recv", "pipe", "p1 right", "X.java:14");
        assertEquals(List.of("main waits in Process.join() at X.java:40; Process-1 has not ended, and is itself waiting to receive:"
                        + " a process ends when its task returns, so one that receives in a loop must be sent what ends"
                        + " that loop (a stop message, a sentinel) before it is joined.",
                "Process-1 waits in Connection.recv() at X.java:14."), told(MAIN, 1L));
    }

    /**
     * Main waits on a queue nothing was put on while a child put its item on another queue, which nothing was taken off:
     * exercise 3's child that put on a queue of its own was told only "nothing was ever put on q" (a learner tester's
     * program).
     */
    @Test
    void aGetFromAnEmptyQueueTellsOfItemsPutOnAnotherQueueThatNothingTookOff() {
        started(1, "Process-1");
        ev(1, "Process-1", "queue-put", "queue", "shm-1-9", "owner", 1L, "msg", "m1");
        waits(MAIN, "MainProcess", "Queue.get", "queue", "shm-100-1", "X.java:21");
        assertEquals(List.of("main waits in Queue.get() at X.java:21; nothing was ever put on that queue, but Process-1 put 1 item"
                + " on another queue, off which nothing was ever taken."), told(MAIN));
        ev(MAIN, "MainProcess", "queue-get", "queue", "shm-1-9", "owner", 1L, "msg", "m1");
        assertEquals(List.of("main waits in Queue.get() at X.java:21; nothing was ever put on that queue."), told(MAIN),
                "the other queue's item was taken: nothing to add");
    }
    /**
     * Who put on a queue is told as a plain list, and the processes that wait on it are said to wait on that queue: a prober
     * read "(by worker-3; worker-1; worker-2)", and "join() returns once every item put is marked done (main, worker-3,
     * worker-2 and worker-1 wait on it)", where only main waited in join().
     */
    @Test
    void thePuttersAreAPlainListAndTheWaitersWaitOnTheQueue() {
        for (long w = 1; w <= 2; w++) started(w, "worker-" + w);
        ev(1, "worker-1", "queue-put", "queue", "q1", "owner", MAIN, "msg", "a");
        ev(2, "worker-2", "queue-put", "queue", "q1", "owner", MAIN, "msg", "b");
        ev(MAIN, "MainProcess", "queue-get", "queue", "q1", "owner", MAIN, "msg", "a");
        ev(MAIN, "MainProcess", "queue-get", "queue", "q1", "owner", MAIN, "msg", "b");
        waits(MAIN, "MainProcess", "Queue.get", "queue", "q1", "X.java:52");
        waits(1, "worker-1", "Queue.get", "queue", "q1", "X.java:29");
        waits(2, "worker-2", "Queue.get", "queue", "q1", "X.java:29");
        assertEquals("main waits in Queue.get() at X.java:52; 2 items were put on that queue (by worker-1 and worker-2) and 2 taken"
                + " off (main, worker-1 and worker-2 wait on that queue).", told(MAIN, 1L, 2L).get(0));
    }
}
