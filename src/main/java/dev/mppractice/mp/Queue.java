package dev.mppractice.mp;

import dev.mppractice.mp.internal.Codec;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.Msg;
import dev.mppractice.mp.internal.Probe;
import dev.mppractice.mp.internal.Proto;
import dev.mppractice.mp.internal.QueueCore;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.SlowedRun;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Duration;

/**
 * A first-in, first-out queue shared by processes (Python's {@code multiprocessing.Queue}).
 *
 * <pre>{@code
 * Queue<List<Integer>> q = new Queue<>();
 * Process p = new Process(() -> q.put(computePrimes(50)));
 * p.start();
 * System.out.println(q.get());
 * p.join();
 * }</pre>
 *
 * <p>Any number of processes may put and get; the items of one producer arrive in the order it
 * put them, none lost, none duplicated. Items travel by serialization: {@code put} serializes
 * the item at once, on the caller's thread, and throws {@link SerializationFailedException}
 * (naming the class) if it cannot, leaving the queue as it was. The items live in the process
 * that created the queue, which reads them off its connections as they come: a child may put a
 * large item and end before anyone calls {@code get}, and joining it first does not deadlock.
 *
 * <p>As in Python, an item put by another process becomes visible a moment after its
 * {@code put} returns: {@code qsize()} and {@code isEmpty()} are approximate across processes.
 */
public class Queue<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final long owner;
    private final int maxsize;
    /** This process's context: obtained once, where the queue is made or arrives. */
    private transient Context context;
    private transient QueueCore core;
    private transient volatile boolean closed;
    /** The start of this queue's one-way put message, the same for every item: made once. */
    private transient byte[] putHeader;
    /** The run record's put and get events of this queue in this process, made at its first put or get here. */
    private transient Events events;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /** A queue holding at most {@code maxsize} items ({@code 0} or less: unbounded). */
    public Queue(int maxsize) {
        this(maxsize, (size, ctx) -> new QueueCore(size));
    }

    /** For a kind of queue whose owner keeps more than the items ({@link JoinableQueue}). */
    Queue(int maxsize, java.util.function.BiFunction<Integer, Context, ? extends QueueCore> cores) {
        Context ctx = Context.get();
        this.context = ctx;
        this.id = ctx.newId();
        this.owner = ctx.pid();
        this.maxsize = Math.max(0, maxsize);
        this.core = cores.apply(this.maxsize, ctx);
    }

    /** Puts an item, waiting for room in a bounded queue as long as it takes. */
    public void put(T item) {
        put(item, null);
    }

    /**
     * Puts an item, waiting at most {@code timeout} for room in a bounded queue.
     *
     * @throws FullQueueException if the queue stayed full for the whole timeout
     * @throws SerializationFailedException if the item cannot be serialized
     * @throws ClosedException if {@link #close()} was called in this process
     */
    public void put(T item, Duration timeout) {
        Recorder.timeoutGiven("Queue.put", timeout);
        checkOpen();
        if (SlowedRun.ON) {
            SlowedRun.beforePut();
        }
        byte[] bytes = Codec.encode(item, "the queue item");
        long nanos = timeout == null ? -1 : Math.max(0, timeout.toNanos());
        bytes = events().put.sent(context, bytes);
        if (core == null && maxsize == 0 && oneWayPuts()) {
            byte[] header = putHeader;
            if (header == null) {
                header = QueueCore.putHeader(id);
                putHeader = header;
            }
            context.peers().post(owner, QueueCore.putMessage(header, bytes));
            return;
        }
        // A wait is recorded only once the call has waited a while (see Recorder.QUIET_WAIT_NANOS).
        boolean record = maxsize > 0 && nanos != 0 && Recorder.on();
        long began = record ? System.nanoTime() : 0; // the clock is read only for a recorded call
        boolean ok = offer(bytes, record ? Recorder.quietPart(nanos) : nanos);
        if (!ok && record && Recorder.quietPart(nanos) != nanos) {
            try (Recorder.Wait w = Recorder.waitingSince("Queue.put", "queue", id, timeout, began)) {
                ok = offer(bytes, Recorder.rest(nanos, began));
                if (!ok) w.outcome("timeout");
            }
        }
        if (!ok) {
            Codec.discard(bytes);
            throw new FullQueueException("the queue stayed full (" + maxsize + (maxsize == 1 ? " item" : " items")
                    + ") for " + Durations.human(timeout));
        }
    }

    private boolean offer(byte[] bytes, long nanos) {
        if (core != null) {
            try {
                return core.put(bytes, nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProcessException("interrupted while putting on a queue", e);
            }
        }
        Msg.Reader r = context.peers().call(owner, Msg.of(Proto.Q_PUT_WAIT).str(id).i64(nanos).blob(bytes).bytes());
        if (r.type == Proto.FULL) {
            return false;
        }
        expectOk(r);
        return true;
    }

    /** Puts an item only if there is room now; else throws {@link FullQueueException}. */
    public void putNowait(T item) {
        put(item, Duration.ZERO);
    }

    /** Takes the next item, waiting as long as it takes. */
    public T get() {
        return get(null);
    }

    /**
     * Takes the next item, waiting at most {@code timeout}.
     *
     * @throws EmptyQueueException if no item came within the timeout (never sooner)
     * @throws ClosedException if {@link #close()} was called in this process
     */
    @SuppressWarnings("unchecked")
    public T get(Duration timeout) {
        Recorder.timeoutGiven("Queue.get", timeout);
        checkOpen();
        long nanos = timeout == null ? -1 : Math.max(0, timeout.toNanos());
        // A wait is recorded only once the call has waited a while (see Recorder.QUIET_WAIT_NANOS), with the
        // instant it began: the record tells a stuck run where each process waits.
        boolean record = nanos != 0 && Recorder.on();
        long began = record ? System.nanoTime() : 0; // the clock is read only for a recorded call
        byte[] bytes = take(record ? Recorder.quietPart(nanos) : nanos);
        if (bytes == null && record && Recorder.quietPart(nanos) != nanos) {
            try (Recorder.Wait w = Recorder.waitingSince("Queue.get", "queue", id, timeout, began)) {
                bytes = take(Recorder.rest(nanos, began));
                if (bytes == null) w.outcome("timeout");
            }
        }
        if (bytes == null) {
            throw new EmptyQueueException(timeout == null || timeout.isZero() ? "the queue is empty"
                    : "no item arrived on the queue within " + Durations.human(timeout));
        }
        // A take that could not wait says so: what it found there came down to when it was asked.
        (nanos == 0 ? events().getNowait : events().get).received(bytes);
        return (T) dev.mppractice.mp.internal.Canary.received(Codec.decode(bytes));
    }

    private byte[] take(long nanos) {
        if (core != null) {
            try {
                return core.take(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProcessException("interrupted while waiting on a queue", e);
            }
        }
        Context ctx = context;
        // The taker names itself: a joinable queue's owner keeps account of who holds which tasks.
        Msg.Reader r = ctx.peers().call(owner, Msg.of(Proto.Q_GET).str(id).i64(nanos).i64(ctx.pid()).str(ctx.name()).bytes());
        if (r.type == Proto.EMPTY) {
            return null;
        }
        expectOk(r);
        return r.blob();
    }

    /** Takes an item if one is there now; else throws {@link EmptyQueueException}. */
    public T getNowait() {
        Probe probe = nowaitProbe;
        if (probe == null) nowaitProbe = probe = new Probe("Queue.getNowait");
        long began = Probe.begin();
        try {
            T item = get(Duration.ZERO);
            probe.answered(began, true);
            return item;
        } catch (EmptyQueueException e) {
            probe.answered(began, false);
            throw e;
        }
    }

    /** This queue's probes, watched for a busy wait in this process ({@link Probe}); made at first use. */
    private transient Probe nowaitProbe;
    private transient Probe emptyProbe;

    /** The number of items in the queue now (approximate while other processes put). */
    public int qsize() {
        checkOpen();
        if (core != null) {
            return core.size();
        }
        Msg.Reader r = context.peers().call(owner, Msg.of(Proto.Q_SIZE).str(id).bytes());
        expectOk(r);
        return r.i32();
    }

    /** True when {@link #qsize()} is 0. */
    public boolean isEmpty() {
        Probe probe = emptyProbe;
        if (probe == null) emptyProbe = probe = new Probe("Queue.isEmpty");
        long began = Probe.begin();
        return !probe.answered(began, qsize() != 0);
    }

    /**
     * Says that this process will use the queue no more: later calls here throw
     * {@link ClosedException}. Items already put are delivered; other processes are unaffected.
     */
    public void close() {
        if (!closed && core == null) {
            context.peers().flushTo(owner);
        }
        closed = true;
    }

    /**
     * Whether another process's put on an unbounded queue may be a one-way message that the owner
     * reads later; a {@link JoinableQueue} must count the task before {@code put} returns.
     */
    boolean oneWayPuts() {
        return true;
    }

    final String id() {
        return id;
    }

    final long owner() {
        return owner;
    }

    /** This process's context. */
    final Context context() {
        return context;
    }

    /** The items, in the owner process; null elsewhere. */
    final QueueCore core() {
        return core;
    }

    final void checkOpen() {
        if (closed) {
            throw new ClosedException("this queue was closed in this process");
        }
    }

    static void expectOk(Msg.Reader r) {
        if (r.type == Proto.CLOSED) {
            throw new ClosedException("the queue no longer exists in the process that created it: " + r.str());
        }
        if (r.type != Proto.OK) {
            throw new ProcessException("unexpected reply " + r.type + " from the queue's owner");
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        checkOpen();
        if (core != null) {
            context.serve(id, core);
        }
        out.defaultWriteObject();
    }

    /** A queue's message events in a process (final fields: a thread that sees them sees both). */
    private record Events(Recorder.Fixed put, Recorder.Fixed get, Recorder.Fixed getNowait) {
    }

    private Events events() {
        Events e = events;
        if (e == null) {
            // a JoinableQueue's puts say so: a rule can tell the tasks put on it from the results put on a Queue
            e = new Events(this instanceof JoinableQueue
                    ? Recorder.fixed(RecordEvent.QUEUE_PUT, "queue", id, "owner", owner, "joinable", true)
                    : Recorder.fixed(RecordEvent.QUEUE_PUT, "queue", id, "owner", owner),
                    Recorder.fixed(RecordEvent.QUEUE_GET, "queue", id, "owner", owner),
                    Recorder.fixed(RecordEvent.QUEUE_GET, "queue", id, "owner", owner, "nowait", true));
            events = e;
        }
        return e;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Context ctx = Context.get();
        context = ctx;
        core = ctx.pid() == owner ? (QueueCore) ctx.served(id) : null;
    }

    @Override
    public String toString() {
        return "Queue[" + id + (maxsize > 0 ? ", maxsize=" + maxsize : "") + "]";
    }
}
