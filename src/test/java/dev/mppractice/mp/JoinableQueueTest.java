package dev.mppractice.mp;

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
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link JoinableQueue} between real processes (CPython: test_task_done, test_task_done_too_many). */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JoinableQueueTest {
    private static final int STOP = -1;

    /** Takes items until STOP, puts each on {@code seen}, marks each done (STOP too). */
    private static void worker(JoinableQueue<Integer> work, Queue<Integer> seen) {
        while (true) {
            int n = work.get();
            if (n != STOP) {
                seen.put(n);
            }
            work.taskDone();
            if (n == STOP) {
                return;
            }
        }
    }

    private static List<Process> startWorkers(int count, JoinableQueue<Integer> work, Queue<Integer> seen) {
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Process p = new Process(() -> worker(work, seen));
            p.start();
            workers.add(p);
        }
        return workers;
    }


    @Test
    void joinReturnsOnceEveryItemPutHasBeenMarkedDoneByTheWorkers() {
        JoinableQueue<Integer> work = new JoinableQueue<>();
        Queue<Integer> seen = new Queue<>();
        assertTrue(work.join(java.time.Duration.ZERO), "nothing put: join returns at once");
        List<Process> workers = startWorkers(3, work, seen);
        for (int i = 0; i < 30; i++) {
            work.put(i);
        }
        work.join();
        // join returned after the last taskDone, and a worker marks an item done after reporting it
        TreeSet<Integer> got = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            got.add(seen.get(secs(10)));
        }
        assertEquals(30, got.size());
        assertEquals(0, got.first());
        assertEquals(29, got.last());
        for (int i = 0; i < 3; i++) {
            work.put(STOP);
        }
        work.join();
        workers.forEach(MpTesting::joinOk);
    }

    @Test
    void oneTaskDoneTooManyThrowsInTheOwnerAndInAChild() {
        JoinableQueue<String> q = new JoinableQueue<>();
        assertThrowsExactly(ProcessException.class, q::taskDone, "nothing was put");
        q.put("a");
        q.get();
        q.taskDone();
        ProcessException e = assertThrowsExactly(ProcessException.class, q::taskDone);
        assertTrue(e.getMessage().contains("taskDone() called more times than items were put"), e.getMessage());

        Queue<String> seen = new Queue<>();
        q.put("b");
        Process p = new Process(() -> {
            q.get();
            q.taskDone();
            try {
                q.taskDone();
                seen.put("no exception");
            } catch (ProcessException x) {
                seen.put(x.getClass().getSimpleName() + ": " + x.getMessage());
                seen.put(java.util.Arrays.asList(dev.mppractice.mp.internal.Recorder.failureFields(x)).toString());
            }
        });
        p.start();
        String outcome = seen.get(secs(60));
        assertTrue(outcome.startsWith("ProcessException: taskDone() called more times"), outcome);
        // The count is kept in the queue's owner, which refused the call: the child's call was refused, no task failed
        // there (the checker told "raised by a task in MainProcess").
        String fields = seen.get(secs(60));
        assertFalse(fields.contains("raisedIn"), fields);
        assertTrue(fields.contains("library, true"), fields);
        joinOk(p);
        assertTrue(q.join(java.time.Duration.ZERO));
    }

    @Test
    void joinWithATimeoutReturnsFalseWhileATaskIsUnfinishedAndTrueOnceItIsDone() {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("x");
        long t0 = System.nanoTime();
        assertFalse(q.join(ms(300)), "the item was not even taken");
        long took = millisSince(t0);
        assertTrue(took >= 300 && took < 5_000, "join(300 ms) gave up after " + took + " ms");

        assertEquals("x", q.get());
        assertFalse(q.join(ms(100)), "taken but not done");
        q.taskDone();
        assertTrue(q.join(ms(100)));
    }

    @Test
    void aChildCanJoinAQueueWhoseTasksTheOwnerMarksDone() {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        Queue<String> said = new Queue<>();
        for (int i = 0; i < 3; i++) {
            q.put(i);
        }
        Process joiner = new Process(() -> {
            said.put(q.join(ms(200)) ? "done too early" : "waiting");
            q.join();
            said.put("joined");
        });
        joiner.start();
        assertEquals("waiting", said.get(secs(60)));
        for (int i = 0; i < 3; i++) {
            q.get();
            q.taskDone();
        }
        assertEquals("joined", said.get(secs(10)));
        joinOk(joiner);
    }

    @Test
    void putsFromAChildAreCountedBeforeThePutReturns() {
        JoinableQueue<Integer> q = new JoinableQueue<>(2);
        Queue<String> said = new Queue<>();
        Process producer = new Process(() -> {
            q.put(1);
            q.put(2);
            // counted at once: a join from here must not find the queue finished
            said.put(q.join(java.time.Duration.ZERO) ? "finished" : "unfinished");
        });
        producer.start();
        assertEquals("unfinished", said.get(secs(60)));
        joinOk(producer);
        assertFalse(q.join(java.time.Duration.ZERO));
        q.get();
        q.get();
        q.taskDone();
        q.taskDone();
        assertTrue(q.join(java.time.Duration.ZERO));
    }

    // --- faults ------------------------------------------------------------------------------

    @Test
    void aConsumerKilledHoldingTasksMakesJoinThrowNamingItInsteadOfHanging() {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        Queue<String> said = new Queue<>();
        for (int i = 0; i < 4; i++) {
            q.put(i);
        }
        Process consumer = new Process(() -> {
            q.get();
            q.get();
            q.taskDone(); // one of the two
            said.put("holding one");
            Thread.sleep(60_000);
        }, "consumer");
        consumer.start();
        assertEquals("holding one", said.get(secs(60)));
        long pid = consumer.pid();
        consumer.kill();
        consumer.join(secs(10));

        long t0 = System.nanoTime();
        WorkerDiedException e = assertThrowsExactly(WorkerDiedException.class, q::join);
        assertTrue(millisSince(t0) < 5_000, millisSince(t0) + " ms");
        assertTrue(e.getMessage().contains("consumer (pid " + pid + ") ended without marking 1 task done"), e.getMessage());

        // the two items left can still be taken and done, but the queue stays broken for join
        q.get();
        q.get();
        q.taskDone();
        q.taskDone();
        assertThrowsExactly(ProcessException.class, q::taskDone, "the lost task is no longer counted");
        assertThrows(WorkerDiedException.class, () -> q.join(ms(100)));
    }

    @Test
    void aConsumerWhoseTaskReturnsWithoutMarkingItsItemDoneIsNoticedByAJoinAlreadyWaiting() {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        Queue<String> said = new Queue<>();
        q.put(7);
        Process joiner = new Process(() -> {
            try {
                q.join();
                said.put("joined");
            } catch (WorkerDiedException x) {
                said.put("WorkerDiedException: " + x.getMessage());
            }
        });
        joiner.start();
        Process forgetful = new Process(() -> q.get(), "forgetful");
        forgetful.start();
        joinOk(forgetful);
        String outcome = said.get(secs(30));
        assertTrue(outcome.startsWith("WorkerDiedException") && outcome.contains("forgetful"), outcome);
        joinOk(joiner);
    }
}
