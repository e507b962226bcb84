package dev.mppractice.mp;

import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.JoinableCore;
import dev.mppractice.mp.internal.Msg;
import dev.mppractice.mp.internal.Proto;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import java.time.Duration;

/**
 * A {@link Queue} that counts its items as tasks, so that a process can wait until every item
 * put has been taken and dealt with (Python's {@code multiprocessing.JoinableQueue}).
 *
 * <pre>{@code
 * JoinableQueue<Integer> work = new JoinableQueue<>();
 * for (int i = 0; i < 4; i++) {
 *     Process w = new Process(() -> {
 *         while (true) {
 *             int n = work.get();
 *             handle(n);
 *             work.taskDone();      // one per item taken, once it is dealt with
 *         }
 *     });
 *     w.setDaemon(true);
 *     w.start();
 * }
 * for (int n = 0; n < 100; n++) work.put(n);
 * work.join();                      // returns once all 100 are done
 * }</pre>
 *
 * <p>Each {@code put} counts one unfinished task; {@link #taskDone()} settles one;
 * {@link #join()} blocks until none is left. The count is kept by the process that created the
 * queue, with the items: a {@code put} from another process is therefore a round trip to it (it
 * returns once the task is counted), whereas a plain {@code Queue}'s is a one-way message. Any
 * process may call {@code taskDone}, {@code join} and the methods of {@code Queue}.
 *
 * <p><b>A consumer that ends holding tasks.</b> The owner knows which process took each item. A
 * process that ends (killed, or its task returned) with items it took and did not mark done
 * leaves tasks that can never be done: CPython's {@code join()} then waits for ever. Here
 * {@code join} throws {@link WorkerDiedException}, naming the process and how many tasks it took
 * with it, within about 50 ms of the end being seen, and so does every later {@code join}: the
 * queue's work is incomplete, and waiting on it would hide that. The lost tasks leave the count,
 * so the other consumers' {@code taskDone} calls keep working. A consumer that is alive but
 * stuck, or one that forgot {@code taskDone}, cannot be told from a slow one: use
 * {@link #join(Duration)} to bound the wait.
 */
public class JoinableQueue<T> extends Queue<T> {
    private static final long serialVersionUID = 1L;

    /** An unbounded joinable queue. */
    public JoinableQueue() {
        this(0);
    }

    /** A joinable queue holding at most {@code maxsize} items ({@code 0} or less: unbounded). */
    public JoinableQueue(int maxsize) {
        super(maxsize, (size, ctx) -> new JoinableCore(size, ctx.pid(), ctx.name()));
    }

    @Override
    boolean oneWayPuts() {
        return false;
    }

    /**
     * Says that one item taken off this queue has been dealt with. Call it once per item taken,
     * after the work on it is finished; it does not block.
     *
     * @throws ProcessException if it is called more times than items were put
     * @throws ClosedException if {@link #close()} was called in this process
     */
    public void taskDone() {
        checkOpen();
        Context ctx = context();
        JoinableCore core = (JoinableCore) core();
        if (core != null) {
            core.taskDone(ctx.pid());
        } else {
            expectOk(ctx.peers().call(owner(), Msg.of(Proto.Q_TASK_DONE).str(id()).i64(ctx.pid()).bytes()));
        }
        if (Recorder.on()) {
            Recorder.event(RecordEvent.TASK_DONE, "queue", id(), "owner", owner());
        }
    }

    /**
     * Waits until every item put on the queue has been marked done with {@link #taskDone()}, as
     * long as it takes. Returns at once if nothing is unfinished.
     *
     * @throws WorkerDiedException if a process ended holding items it took and did not mark done
     * @throws ClosedException if {@link #close()} was called in this process
     */
    public void join() {
        join(null);
    }

    /**
     * Waits at most {@code timeout} until every item put on the queue has been marked done.
     *
     * @return true if every task was done, false if some were still unfinished when the time was up
     * @throws WorkerDiedException if a process ended holding items it took and did not mark done
     * @throws ClosedException if {@link #close()} was called in this process
     */
    public boolean join(Duration timeout) {
        Recorder.timeoutGiven("JoinableQueue.join", timeout);
        checkOpen();
        long nanos = timeout == null ? -1 : Math.max(0, timeout.toNanos());
        // A wait is recorded only once the call must block, as Queue.get's.
        boolean record = nanos != 0 && Recorder.on();
        boolean done = awaitDone(record ? 0 : nanos);
        if (!done && record) {
            try (Recorder.Wait w = Recorder.waiting("JoinableQueue.join", "queue", id(), timeout)) {
                try {
                    done = awaitDone(nanos);
                } catch (WorkerDiedException e) {
                    w.outcome("error");
                    throw e;
                }
                if (!done) w.outcome("timeout");
            }
        }
        if (done && Recorder.on()) {
            Recorder.event(RecordEvent.QUEUE_JOIN, "queue", id(), "owner", owner());
        }
        return done;
    }

    private boolean awaitDone(long nanos) {
        JoinableCore core = (JoinableCore) core();
        if (core != null) {
            try {
                return core.join(nanos, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProcessException("interrupted while joining a queue", e);
            } catch (java.io.EOFException e) {
                throw new IllegalStateException(e); // no caller connection in this process
            }
        }
        Msg.Reader r = context().peers().call(owner(), Msg.of(Proto.Q_JOIN).str(id()).i64(nanos).bytes());
        expectOk(r);
        return r.u8() == 1;
    }

    @Override
    public String toString() {
        return "Joinable" + super.toString();
    }
}
