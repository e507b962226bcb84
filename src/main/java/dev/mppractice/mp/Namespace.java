package dev.mppractice.mp;

import dev.mppractice.mp.internal.ManagedObject;
import dev.mppractice.mp.internal.ManagedOp;
import java.io.Serializable;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Named values kept by a {@link Manager}, set and read by any process (Python's
 * {@code manager.Namespace()}, whose attributes are names here).
 *
 * <pre>{@code
 * Namespace settings = manager.namespace();
 * settings.set("threshold", 128);
 * Process p = new Process(() -> {
 *     int t = settings.get("threshold");
 *     settings.set("seenBy", Multiprocessing.currentProcessName());
 * });
 * }</pre>
 *
 * <p>Every call is a round trip to the manager process, carried out there one at a time, so
 * processes see each other's changes; values travel by serialization, so a value read is a copy:
 * changing it changes nothing in the namespace until it is {@link #set} again. A namespace can be
 * captured by tasks and pool tasks. None of its methods blocks beyond the round trip.
 *
 * <p>Every method throws {@link ClosedException} when the manager has ended (closed, or killed).
 */
public final class Namespace implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ManagedObject target;

    Namespace(ManagedObject target) {
        this.target = target;
    }

    /**
     * Gives {@code name} the value {@code value} (null allowed), replacing what it had.
     *
     * @throws SerializationFailedException if the value cannot be serialized
     */
    public void set(String name, Object value) {
        target.call(ManagedOp.NAMESPACE_SET, java.util.Objects.requireNonNull(name, "name"), value);
    }

    /**
     * The value of {@code name}.
     *
     * @throws NoSuchElementException if no value was set for {@code name} (as Python's
     *         {@code AttributeError}); the message lists the names there are
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
        return (T) target.call(ManagedOp.NAMESPACE_GET, java.util.Objects.requireNonNull(name, "name"));
    }

    /** Removes {@code name} and its value, if it has one. */
    public void remove(String name) {
        target.call(ManagedOp.NAMESPACE_REMOVE, name);
    }

    /** The names that have values, in the order they were first set. */
    @SuppressWarnings("unchecked")
    public List<String> names() {
        return List.copyOf((List<String>) target.call(ManagedOp.NAMESPACE_NAMES));
    }

    @Override
    public String toString() {
        return "Namespace[" + target + "]";
    }
}
