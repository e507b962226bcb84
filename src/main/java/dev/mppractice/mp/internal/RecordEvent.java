package dev.mppractice.mp.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every event of the run record ({@code docs/record.md}), defined once: the library writes these
 * names, the catalogue's rule parser accepts exactly these names, and a test holds
 * {@code docs/record.md} to the same list.
 *
 * <p>Some events are points in time; others open or close a span (a wait, a chunk of pool work, a
 * lock held), so that a run can be drawn as a timeline and a stuck run can be told where each
 * process waits. A span's end carries the same {@code span} id as its start.
 */
public enum RecordEvent {
    /** A {@code Process} object was made (not started yet): {@code name}, {@code at}. */
    PROCESS_CREATE("process-create"),
    /** The parent, when {@code start()} returns: {@code child}, {@code name}, {@code daemon}, {@code at}. */
    PROCESS_START("process-start"),
    /** The child itself, when its task begins to run (its JVM is up): {@code name}. */
    PROCESS_RUN("process-run"),
    /** The parent, when it learns the child ended: {@code child}, {@code name}, {@code exitcode}. */
    PROCESS_EXIT("process-exit"),
    /**
     * The process itself, when a child's task threw (it is about to end with exit code 1), or the main process's
     * {@code main} in a run the checker started: {@code name}, {@code error}
     * (the exception's simple class name), {@code message} (its message's first line, at most 300 characters),
     * {@code at} (the program's own line nearest the throw), {@code library} (true when the library threw it: a call
     * it refused).
     */
    PROCESS_FAIL("process-fail"),
    /**
     * A child whose task returned while threads it had started were still running (the process ends with its task, and
     * they with it): {@code name}, {@code threads} (how many), {@code thread} (the first one's name), {@code at} (the
     * program's line it was at).
     */
    THREADS_LEFT("threads-left"),
    /**
     * The main process's {@code main} thread was seen in {@code Thread.sleep} (opens a span), in a run the checker
     * started: {@code at} (the program's line), {@code span}. Seen by looking every 10 ms, so it begins up to 10 ms late.
     */
    SLEEP("sleep"),
    /** The same thread was seen out of {@code Thread.sleep} again, or its {@code main} ended (closes the span): {@code span}. */
    SLEEP_END("sleep-end"),
    /**
     * The same thread, watched as for {@link #SLEEP}, was seen blocked outside the library: in a wait of the JDK's
     * ({@code Thread.join}, {@code CountDownLatch.await}, {@code CompletableFuture.join}, {@code Object.wait}...) or at a
     * {@code synchronized} block held by another thread (opens a span): {@code call} (the JDK's method, as
     * {@code CountDownLatch.await}, or {@code synchronized}), {@code at} (the program's line), {@code span}. No rule reads
     * it: the library's own waits are {@link #WAIT}s.
     */
    JDK_WAIT("jdk-wait"),
    /** The same thread was seen out of that wait, or in another one, or its {@code main} ended (closes the span): {@code span}. */
    JDK_WAIT_END("jdk-wait-end"),
    /** The parent, when {@code join()} returns with the child ended: {@code child}, {@code name}. */
    PROCESS_JOIN("process-join"),
    /** The pool's owner: {@code pool}, {@code workers}. */
    POOL_CREATE("pool-create"),
    /** The pool's owner, per call: {@code pool}, {@code call}, {@code tasks}. */
    POOL_CALL("pool-call"),
    /** The pool's owner, per chunk a worker finished: {@code pool}, {@code call}, {@code worker}, {@code tasks}, {@code ok}. */
    POOL_CHUNK("pool-chunk"),
    /**
     * The pool's owner, when the program closes the pool or stops it (the first time for each):
     * {@code pool}, {@code how} ({@code shutdown}: {@code close}/{@code shutdown}, the submitted work
     * finishes; {@code terminate}: {@code terminate}/{@code shutdownNow}). A pool left open writes none.
     */
    POOL_CLOSE("pool-close"),
    /** The worker, when it begins a chunk (opens a span): {@code pool}, {@code call}, {@code tasks}, {@code span}. */
    CHUNK_BEGIN("chunk-begin"),
    /** The worker, when it finished a chunk (closes the span): {@code span}, {@code ok}. */
    CHUNK_END("chunk-end"),
    /**
     * The pool's owner, when it starts a worker, the first of its place or one that replaces another:
     * {@code pool}, {@code worker} (its pid), {@code name}. Until the worker writes anything itself (a
     * loaded machine may take seconds to boot its JVM), this is what tells it from a spare JVM.
     */
    WORKER_START("worker-start"),
    /** The pool's owner, when a worker ends unexpectedly: {@code pool}, {@code worker}, {@code exitcode}. */
    WORKER_EXIT("worker-exit"),
    /** A pool worker, when its initializer returned or threw, before its first task: {@code pool}, {@code ok}. */
    POOL_INIT("pool-init"),
    /**
     * The pool's owner, when a worker that has done its {@code maxTasksPerChild} tasks is retired
     * for a fresh one: {@code pool}, {@code worker} (pid of the one retired), {@code tasks}.
     */
    WORKER_RECYCLE("worker-recycle"),
    /**
     * {@code Multiprocessing.timed(label, work)} began (opens a span): {@code label}, {@code span},
     * {@code cpu} (microseconds of CPU this process tree had used so far), {@code idle}
     * (microseconds all processors of the machine had been idle so far, or -1 when not known).
     */
    PHASE_BEGIN("phase-begin"),
    /** The timed work returned or threw (closes the span): {@code span}, {@code label}, {@code cpu}, {@code idle}, {@code ok}. */
    PHASE_END("phase-end"),
    /** {@code AsyncResult.get} returned: {@code pool}, {@code timeout}, {@code outcome}. */
    ASYNC_GET("async-get"),
    /** An {@code imap} iterator yielded: {@code pool}, {@code unordered}. */
    IMAP_NEXT("imap-next"),
    /**
     * The calling process learned that a pool's work was done, through the library: a blocking call's return, a
     * result's {@code get}, {@code waitFor} or {@code ready()} found it finished, an {@code imap}'s end, the pool's
     * {@code close()} or {@code join()}: {@code pool}, {@code how}.
     */
    POOL_DONE("pool-done"),
    /** {@code put}: {@code queue}, {@code owner}, {@code msg}. */
    QUEUE_PUT("queue-put"),
    /** {@code get} returned an item: {@code queue}, {@code owner}, {@code msg}. */
    QUEUE_GET("queue-get"),
    /** {@code JoinableQueue.taskDone()}: {@code queue}, {@code owner}. */
    TASK_DONE("task-done"),
    /** {@code JoinableQueue.join} returned with every task done: {@code queue}, {@code owner}. */
    QUEUE_JOIN("queue-join"),
    /** {@code SharedBuffer.create}: {@code buffer} (its name), {@code size}. */
    BUFFER_CREATE("buffer-create"),
    /** {@code SharedBuffer.attach}, or a buffer arriving with a task: {@code buffer}, {@code size}. */
    BUFFER_ATTACH("buffer-attach"),
    /**
     * {@code SharedBuffer.close()}: {@code buffer}, {@code changed} (the bytes differ from when this
     * process attached or created it, whoever wrote them; null when not compared).
     */
    BUFFER_CLOSE("buffer-close"),
    /** {@code SharedBuffer.unlink()}: {@code buffer}. */
    BUFFER_UNLINK("buffer-unlink"),
    /** {@code send}: {@code pipe}, {@code end}, {@code msg}. */
    PIPE_SEND("pipe-send"),
    /** {@code recv} returned a message: {@code pipe}, {@code end}, {@code msg}. */
    PIPE_RECV("pipe-recv"),
    /** A shared value was written: {@code value}, {@code type}, {@code locked} (its own lock held by the writer). */
    VALUE_WRITE("value-write"),
    /** A shared array element was written: {@code array}, {@code type}, {@code locked}. */
    ARRAY_WRITE("array-write"),
    /** A lock was acquired (opens a span): {@code lock}, {@code of}, {@code span}. */
    LOCK_ACQUIRE("lock-acquire"),
    /** A lock was released (closes the span): {@code lock}, {@code span}. */
    LOCK_RELEASE("lock-release"),
    /** A timed {@code acquire} or {@code tryAcquire} gave up, the lock held by another for its whole time: {@code lock}, {@code thread}. */
    LOCK_TIMEOUT("lock-timeout"),
    /**
     * A call of the library was given a timeout longer than any this process gave before (so at most a few a process):
     * {@code call}, {@code ms}. The checker holds a process back in its second runs for longer than the longest.
     */
    TIMEOUT_GIVEN("timeout-given"),
    /** {@code Manager.start()}: {@code manager}. */
    MANAGER_START("manager-start"),
    /** A proxy operation: {@code manager}, {@code object}, {@code type}, {@code op}. */
    MANAGER_OP("manager-op"),
    /** {@code Event.set()}: {@code event}. */
    EVENT_SET("event-set"),
    /** {@code Event.await} returned with the flag set: {@code event}. */
    EVENT_WAIT("event-wait"),
    /** A semaphore permit was acquired (opens a span): {@code semaphore}, {@code span}. */
    SEMAPHORE_ACQUIRE("semaphore-acquire"),
    /**
     * A semaphore permit was released (closes the span of this process's acquire): {@code semaphore},
     * {@code span}; a release of another process's permit has {@code handoff} true and no span.
     */
    SEMAPHORE_RELEASE("semaphore-release"),
    /**
     * A take of a permit gave up ({@code tryAcquire} returned false, {@code acquire(timeout)} threw): {@code semaphore}.
     */
    SEMAPHORE_TIMEOUT("semaphore-timeout"),
    /** {@code Condition.await} returned: {@code condition}, {@code notified} (false when it timed out). */
    CONDITION_WAIT("condition-wait"),
    /** {@code Condition.signal}/{@code signalAll}: {@code condition}, {@code all}, {@code woken} (waiters woken). */
    CONDITION_SIGNAL("condition-signal"),
    /** {@code Barrier.await} returned or threw: {@code barrier}, {@code index}, {@code outcome} ({@code passed}, {@code broken}, {@code timeout}). */
    BARRIER_WAIT("barrier-wait"),
    /**
     * A process printed a line on its standard output: {@code text} (the line without its end, its first
     * {@value PrintedLines#MAX_CHARS} characters). A child's always, in a recorded run; the main process's when the
     * checker runs it.
     */
    PRINT("print"),
    /**
     * A library call began to block (opens a span): {@code span}, {@code call} (as the learner
     * wrote it, {@code Queue.get}), {@code kind} ({@code queue}, {@code pipe}, {@code process},
     * {@code lock}, {@code event}, {@code async}, {@code pool}), {@code obj} (the object's id),
     * {@code at} (the learner's file and line).
     */
    WAIT("wait"),
    /** The blocking call returned or threw (closes the span): {@code span}, {@code outcome}. */
    WAIT_END("wait-end"),
    /**
     * {@code Multiprocessing.waitFor} returned at once, and only pipe ends whose end {@code recv} had already reported
     * in this process ({@code ConnectionEOFException}): a pipe at its end is always ready, and a loop that keeps it in
     * its list never waits again. Once per pipe end and process: {@code pipe} (the end's id).
     */
    SELECT_AT_END("select-at-end"),
    /**
     * A process asked one object 1,000 times in a row whether something was ready, and each time nothing was
     * ({@code Queue.isEmpty} true, {@code Queue.getNowait} empty, {@code Connection.poll()} false, {@code AsyncResult.ready}
     * false, {@code Process.isAlive} true, {@code Event.isSet} false), doing next to nothing in between: a busy wait
     * ({@link Probe}). Once per object and probe: {@code call}, {@code at} (the program's line), {@code times},
     * {@code betweenNs} (the time spent between two questions, outside every probe, on average).
     */
    BUSY_WAIT("busy-wait"),
    /** This process wrote its last event of the run record. */
    RECORD_TRUNCATED("record-truncated");

    private final String wireName;

    RecordEvent(String wireName) {
        this.wireName = wireName;
    }

    /** The name written in the record's {@code ev} field. */
    public String wireName() {
        return wireName;
    }

    /** The event of that name, if there is one. */
    public static Optional<RecordEvent> byName(String name) {
        return Optional.ofNullable(ByName.MAP.get(name));
    }

    /**
     * The events by name, made when a record is first read: a process that only writes one never makes it.
     * Plain loops, not streams: the first stream or lambda a JVM uses sets up their machinery, milliseconds
     * of processor time in a new child (this class is loaded by every recorded child).
     */
    private static final class ByName {
        static final Map<String, RecordEvent> MAP = new HashMap<>();

        static {
            for (RecordEvent e : values()) {
                MAP.put(e.wireName, e);
            }
        }
    }

    /** Every event's name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(RecordEvent::wireName).toList();
    }

    /** True for events that open a span closed by a later event with the same {@code span} id. */
    public boolean opensSpan() {
        return this == WAIT || this == CHUNK_BEGIN || this == LOCK_ACQUIRE || this == SEMAPHORE_ACQUIRE
                || this == PHASE_BEGIN || this == SLEEP || this == JDK_WAIT;
    }

    /** True for events that close a span opened earlier (with the same {@code span} id, when they carry one). */
    public boolean closesSpan() {
        return this == WAIT_END || this == CHUNK_END || this == LOCK_RELEASE || this == SEMAPHORE_RELEASE
                || this == PHASE_END || this == SLEEP_END || this == JDK_WAIT_END;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
