package dev.mppractice.mp;

/**
 * A fixed-length array of numbers in memory shared by processes (Python's
 * {@code multiprocessing.Array}).
 *
 * <pre>{@code
 * IntArray squares = Array.ofInts(5);          // five zeros
 * Process p = new Process(() -> { for (int i = 0; i < 5; i++) squares.set(i, i * i); });
 * p.start(); p.join();
 * System.out.println(squares.toList());        // [0, 1, 4, 9, 16]
 * }</pre>
 *
 * <p>A write in one process is seen by a read in another at once. Each element's {@code get} and
 * {@code set} is atomic; hold {@link #getLock()} to update several together.
 */
public abstract class Array<N extends Number> extends SharedMemory {
    private static final long serialVersionUID = 1L;

    private final int length;

    Array(int length, int elementBytes, String type) {
        super(checked(length) * elementBytes, "array", type);
        this.length = length;
    }

    private static int checked(int length) {
        if (length < 0) {
            throw new ProcessException("an array cannot have a negative length: " + length);
        }
        return length;
    }

    public final int length() {
        return length;
    }

    /** The size of one element, in bytes. */
    abstract int elementBytes();

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        // the length came with the handle: it may not reach past the segment
        segment().checkSpan("an array of " + length + " elements", dev.mppractice.mp.internal.Segment.DATA,
                (long) length * elementBytes(), 1);
    }

    /** Element {@code i}, boxed. */
    abstract N boxed(int i);

    /** A copy of the current contents as a list. */
    public final java.util.List<N> toList() {
        java.util.List<N> list = new java.util.ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            list.add(boxed(i));
        }
        return list;
    }

    @Override
    public String toString() {
        return toList().toString();
    }

    final void checkIndex(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " out of bounds for length " + length);
        }
    }

    /** {@code length} zeros. */
    public static IntArray ofInts(int length) {
        return new IntArray(length);
    }

    /** A copy of {@code values}. */
    public static IntArray ofInts(int... values) {
        IntArray a = new IntArray(values.length);
        for (int i = 0; i < values.length; i++) {
            a.put(i, values[i]);
        }
        return a;
    }

    public static LongArray ofLongs(int length) {
        return new LongArray(length);
    }

    public static LongArray ofLongs(long... values) {
        LongArray a = new LongArray(values.length);
        for (int i = 0; i < values.length; i++) {
            a.put(i, values[i]);
        }
        return a;
    }

    public static DoubleArray ofDoubles(int length) {
        return new DoubleArray(length);
    }

    public static DoubleArray ofDoubles(double... values) {
        DoubleArray a = new DoubleArray(values.length);
        for (int i = 0; i < values.length; i++) {
            a.put(i, values[i]);
        }
        return a;
    }
}
