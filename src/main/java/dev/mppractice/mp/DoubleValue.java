package dev.mppractice.mp;

/** A shared {@code double}: see {@link Value}. Starts with the value it was made with. */
public final class DoubleValue extends Value {
    private static final long serialVersionUID = 1L;

    /** A cache line away from the lock word, which waiters poll. */
    private static final int DATA = dev.mppractice.mp.internal.Segment.DATA;

    DoubleValue(double value) {
        super(8, "double");
        segment().setLong(DATA, Double.doubleToRawLongBits(value));
    }

    /** The current value, as last written by any process. */
    public double get() {
        recordRead();
        return dev.mppractice.mp.internal.Canary.read(Double.longBitsToDouble(segment().getLong(DATA)));
    }

    /** Writes the value, visible to every process at once. */
    public void set(double value) {
        segment().setLong(DATA, Double.doubleToRawLongBits(value));
        recordWrite(value == 0);
    }

    @Override
    Double boxed() {
        return get();
    }
}
