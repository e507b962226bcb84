package dev.mppractice.mp;

import static dev.mppractice.mp.internal.Segment.DATA;

/** A shared array of {@code double}: see {@link Array}. */
public final class DoubleArray extends Array<Double> {
    private static final long serialVersionUID = 1L;

    DoubleArray(int length) {
        super(length, 8, "double");
    }

    @Override
    int elementBytes() {
        return 8;
    }

    public double get(int i) {
        checkIndex(i);
        return dev.mppractice.mp.internal.Canary.read(Double.longBitsToDouble(segment().getLong(DATA + 8 * i)));
    }

    public void set(int i, double value) {
        put(i, value);
        recordWrite();
    }

    void put(int i, double value) {
        checkIndex(i);
        segment().setLong(DATA + 8 * i, Double.doubleToRawLongBits(value));
    }

    /** A copy of the current contents. */
    public double[] toArray() {
        double[] copy = new double[length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    Double boxed(int i) {
        return get(i);
    }
}
