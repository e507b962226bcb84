package dev.mppractice.mp;

import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.ManagedObject;
import dev.mppractice.mp.internal.ManagedOp;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.SlowedRun;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A first-in, first-out queue kept by a {@link Manager} (Python's {@code manager.Queue()}): the
 * items live in the manager process, and every process puts and takes through it.
 *
 * <pre>{@code
 * ManagedQueue<String> log = manager.queue();
 * pool.map(n -> { log.put("did " + n); return n * n; }, inputs);
 * while (!log.isEmpty()) System.out.println(log.get());
 * }</pre>
 *
 * <p>Unbounded. Each call is a round trip to the manager; {@code put} returns once the item is
 * there, so a {@code get} that follows it anywhere finds it. A {@link Queue} is faster (its items
 * stay in the process that made it); a managed queue outlives no manager but is independent of
 * the process that asked for it. It can be captured by tasks and pool tasks.
 *
 * <p>A {@code get} waits in the manager; a process killed while it waits takes no item with it.
 * Every method throws {@link ClosedException} when the manager has ended (closed, or killed),
 * a {@code get} that was waiting included.
 */
public final class ManagedQueue<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ManagedObject target;

    ManagedQueue(ManagedObject target) {
        this.target = target;
    }

    /**
     * Puts an item at the end; never blocks beyond the round trip.
     *
     * @throws SerializationFailedException if the item cannot be serialized
     */
    public void put(T item) {
        if (SlowedRun.ON) {
            SlowedRun.beforePut();
        }
        String msg = null;
        if (Recorder.on()) {
            msg = target.newId();
            Recorder.event(RecordEvent.QUEUE_PUT, "queue", target.id(), "owner", target.manager(), "msg", msg);
        }
        target.call(ManagedOp.QUEUE_PUT, item, msg);
    }

    /** Takes the next item, waiting as long as it takes. */
    public T get() {
        return get(null);
    }

    /**
     * Takes the next item, waiting at most {@code timeout}.
     *
     * @throws EmptyQueueException if no item came within the timeout (never sooner)
     */
    @SuppressWarnings("unchecked")
    public T get(Duration timeout) {
        Recorder.timeoutGiven("ManagedQueue.get", timeout);
        Object got = target.callWaiting(ManagedOp.QUEUE_GET, timeout, "ManagedQueue.get", "queue");
        if (got == ManagedObject.TIMED_OUT) {
            throw new EmptyQueueException(timeout == null || timeout.isZero() ? "the queue is empty"
                    : "no item arrived on the queue within " + Durations.human(timeout));
        }
        List<?> pair = (List<?>) got;
        if (Recorder.on()) {
            if (timeout != null && timeout.compareTo(Duration.ZERO) <= 0) {
                Recorder.event(RecordEvent.QUEUE_GET, "queue", target.id(), "owner", target.manager(), "msg", pair.get(1),
                        "nowait", true);
            } else {
                Recorder.event(RecordEvent.QUEUE_GET, "queue", target.id(), "owner", target.manager(), "msg", pair.get(1));
            }
        }
        return (T) pair.get(0);
    }

    /** Takes an item if one is there now; else throws {@link EmptyQueueException}. */
    public T getNowait() {
        return get(Duration.ZERO);
    }

    /** The number of items in the queue now. */
    public int qsize() {
        return (Integer) target.call(ManagedOp.QUEUE_SIZE);
    }

    /** True when {@link #qsize()} is 0. */
    public boolean isEmpty() {
        return qsize() == 0;
    }

    @Override
    public String toString() {
        return "ManagedQueue[" + target + "]";
    }
}
