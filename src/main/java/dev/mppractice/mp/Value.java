package dev.mppractice.mp;

/**
 * A single number in memory shared by processes (Python's {@code multiprocessing.Value}).
 *
 * <pre>{@code
 * IntValue counter = Value.ofInt(0);
 * Process p = new Process(() -> {
 *     try (var held = counter.getLock().acquire()) {
 *         counter.set(counter.get() + 1);
 *     }
 * });
 * }</pre>
 *
 * <p>A write in one process is seen by a read in another at once, without any message. Each
 * {@code get} and {@code set} is atomic, but {@code set(get() + 1)} is not: hold
 * {@link #getLock()} around it.
 *
 * <p>It prints as its current value ({@code "Counter: " + counter} gives {@code Counter: 100}), as
 * an {@link Array} prints as its elements.
 */
public abstract class Value extends SharedMemory {
    private static final long serialVersionUID = 1L;

    Value(int bytes, String type) {
        super(bytes, "value", type);
    }

    /** The current value, boxed. */
    abstract Number boxed();

    /** The current value, as {@code String.valueOf} of the number gives it: {@code "100"}. */
    @Override
    public final String toString() {
        return String.valueOf(boxed());
    }

    public static IntValue ofInt(int value) {
        return new IntValue(value);
    }

    public static LongValue ofLong(long value) {
        return new LongValue(value);
    }

    public static DoubleValue ofDouble(double value) {
        return new DoubleValue(value);
    }
}
