package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import dev.mppractice.mp.WorkerDiedException;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A joinable queue's items and its count of unfinished tasks, held by the process that created
 * it: every put (local, or a remote one, which for a joinable queue is a call, never a one-way
 * message) counts one task before the item can be taken, every {@code taskDone} settles one, and
 * {@code join} waits for the count to reach zero.
 *
 * <p>It also keeps a ledger of who holds tasks: how many items each process took and has not
 * marked done. A process that ends (however: killed, or its task returned) while it holds some
 * breaks the queue's accounting: those tasks can never be marked done. CPython's
 * {@code JoinableQueue.join()} then waits for ever; here every {@code join}, from the moment the
 * loss is noticed (within {@link #SLICE_NANOS} of a join waiting), throws
 * {@link WorkerDiedException} naming the process and the count. The lost tasks are no longer
 * counted, so {@code taskDone} for the others still works.
 *
 * <p>All fields are guarded by {@code this}; waiters wait on {@code this}.
 */
public final class JoinableCore extends QueueCore {
    /** How often a waiting join looks at the ledger and at its caller (remote joins). */
    private static final long SLICE_NANOS = 50_000_000L;

    /** Tasks put and not yet marked done (the lost ones excepted). */
    private long unfinished;
    /** Per taker pid: the process and the count of items it took and has not marked done (never zero). */
    private final Map<Long, Holding> holders = new LinkedHashMap<>();
    /** Why the accounting is broken (tasks lost with a process), or null. */
    private String broken;
    /** The pid of the taker of the last remote get answered on this hub thread, in case its reply cannot be delivered. */
    private final ThreadLocal<Long> lastTaker = new ThreadLocal<>();

    private static final class Holding {
        final ProcessIdentity process;
        long count;

        Holding(ProcessIdentity process) {
            this.process = process;
        }
    }

    /** The owner process, which takes items itself too. */
    private final long ownerPid;
    private final String ownerName;

    /** The items of a joinable queue owned by process {@code ownerPid}, called {@code ownerName}. */
    public JoinableCore(int maxsize, long ownerPid, String ownerName) {
        super(maxsize);
        this.ownerPid = ownerPid;
        this.ownerName = ownerName;
    }

    /** Counts the task before the item can be taken, so that a fast taker's {@code taskDone} never finds it uncounted. */
    @Override
    public boolean put(byte[] item, long timeoutNanos) throws InterruptedException {
        synchronized (this) {
            unfinished++;
        }
        boolean ok = false;
        try {
            ok = super.put(item, timeoutNanos);
            return ok;
        } finally {
            if (!ok) {
                synchronized (this) {
                    unfinished--;
                    notifyAll();
                }
            }
        }
    }

    /** A get in the owner process itself. */
    @Override
    public byte[] take(long timeoutNanos) throws InterruptedException {
        byte[] item = super.take(timeoutNanos);
        if (item != null) {
            took(ownerPid, ownerName);
        }
        return item;
    }

    private synchronized void took(long pid, String name) {
        holders.computeIfAbsent(pid, p -> new Holding(ProcessIdentity.of(pid, name))).count++;
    }

    private synchronized void gaveBack(long pid) {
        Holding h = holders.get(pid);
        if (h != null && --h.count == 0) {
            holders.remove(pid);
        }
    }

    /**
     * Marks one task done on behalf of process {@code pid}: settles one it took, or, if it holds
     * none (Python lets any process call {@code task_done}), one of the longest holder's.
     *
     * @throws ProcessException if no task is unfinished
     */
    public synchronized void taskDone(long pid) {
        if (unfinished == 0) {
            throw new ProcessException("taskDone() called more times than items were put on the queue"
                    + (broken != null ? " (not counting the tasks lost: " + broken + ")" : ""));
        }
        unfinished--;
        Holding h = holders.get(pid);
        if (h == null && !holders.isEmpty()) {
            h = holders.values().iterator().next();
        }
        if (h != null && --h.count == 0) {
            holders.remove(h.process.pid());
        }
        if (unfinished == 0) {
            notifyAll();
        }
    }

    /**
     * Waits until every task put has been marked done, at most {@code timeoutNanos} (negative: no
     * limit); true if they all were. {@code from} is the remote caller's connection, watched so that
     * a caller that went away stops the wait (null for a join in this process).
     *
     * @throws WorkerDiedException if a process ended holding tasks it had not marked done
     */
    public synchronized boolean join(long timeoutNanos, Wire from) throws InterruptedException, EOFException {
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (true) {
            noticeLostTasks();
            if (broken != null) {
                throw new WorkerDiedException("the queue's tasks can no longer all be done: " + broken);
            }
            if (unfinished == 0) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long slice = Math.min(left, SLICE_NANOS);
            wait(slice / 1_000_000, (int) (slice % 1_000_000));
            try {
                if (from != null && from.poll(0)) {
                    throw new EOFException("the caller went away");
                }
            } catch (EOFException e) {
                throw e;
            } catch (java.io.IOException e) {
                throw new EOFException("the caller's connection failed: " + e.getMessage());
            }
        }
    }

    /** Takes the tasks of holders that ended out of the count, and says so in {@link #broken}. */
    private void noticeLostTasks() {
        List<String> lost = new ArrayList<>();
        for (Iterator<Holding> it = holders.values().iterator(); it.hasNext(); ) {
            Holding h = it.next();
            if (!h.process.alive()) {
                it.remove();
                unfinished -= h.count;
                lost.add(h.process + " ended without marking " + h.count + (h.count == 1 ? " task" : " tasks")
                        + " done that it took off the queue");
            }
        }
        if (!lost.isEmpty()) {
            String now = String.join("; ", lost);
            broken = broken == null ? now : broken + "; " + now;
        }
    }

    @Override
    public byte[] call(Msg.Reader r, Wire from) throws Exception {
        lastTaker.remove();
        switch (r.type) {
            case Proto.Q_GET -> {
                byte[] reply = super.call(r, from);
                // after the timeout: the taker, which every get names
                long pid = r.i64();
                String name = r.str();
                if (reply[0] == Proto.OK) {
                    took(pid, name);
                    lastTaker.set(pid);
                }
                return reply;
            }
            case Proto.Q_JOIN -> {
                boolean done = join(r.i64(), from);
                return Msg.of(Proto.OK).u8(done ? 1 : 0).bytes();
            }
            case Proto.Q_TASK_DONE -> {
                taskDone(r.i64());
                return Msg.of(Proto.OK).bytes();
            }
            default -> {
                return super.call(r, from);
            }
        }
    }

    @Override
    public void undeliverable(Msg.Reader reply) {
        super.undeliverable(reply);
        Long pid = lastTaker.get();
        lastTaker.remove();
        if (pid != null) {
            gaveBack(pid);
        }
    }
}
