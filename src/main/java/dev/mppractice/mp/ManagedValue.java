package dev.mppractice.mp;

import dev.mppractice.mp.internal.ManagedObject;
import dev.mppractice.mp.internal.ManagedOp;
import java.io.Serializable;

/**
 * One value of any serializable type kept by a {@link Manager} (Python's {@code manager.Value}).
 *
 * <pre>{@code
 * ManagedValue<String> status = manager.value("starting");
 * Process p = new Process(() -> status.set("running in " + Multiprocessing.currentProcessName()));
 * p.start();
 * p.join();
 * System.out.println(status.get());
 * }</pre>
 *
 * <p>Each {@code get} and {@code set} is a round trip to the manager process; {@code get} returns a
 * copy. As in Python there is no lock with it: a read-change-write by two processes can lose an
 * update; guard it with a {@code manager.lock()} (or use {@link Value} with its lock for numbers,
 * which lives in shared memory and is much faster). It can be captured by tasks and pool tasks.
 *
 * <p>Both methods throw {@link ClosedException} when the manager has ended (closed, or killed).
 */
public final class ManagedValue<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ManagedObject target;

    ManagedValue(ManagedObject target) {
        this.target = target;
    }

    /** The value now (a copy). */
    @SuppressWarnings("unchecked")
    public T get() {
        return (T) target.call(ManagedOp.VALUE_GET);
    }

    /**
     * Replaces the value.
     *
     * @throws SerializationFailedException if {@code value} cannot be serialized
     */
    public void set(T value) {
        target.call(ManagedOp.VALUE_SET, value);
    }

    @Override
    public String toString() {
        return "ManagedValue[" + target + "]";
    }
}
