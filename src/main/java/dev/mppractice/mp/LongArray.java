package dev.mppractice.mp;

import static dev.mppractice.mp.internal.Segment.DATA;

/** A shared array of {@code long}: see {@link Array}. */
public final class LongArray extends Array<Long> {
    private static final long serialVersionUID = 1L;

    LongArray(int length) {
        super(length, 8, "long");
    }

    @Override
    int elementBytes() {
        return 8;
    }

    public long get(int i) {
        checkIndex(i);
        return dev.mppractice.mp.internal.Canary.read(segment().getLong(DATA + 8 * i));
    }

    public void set(int i, long value) {
        put(i, value);
        recordWrite();
    }

    void put(int i, long value) {
        checkIndex(i);
        segment().setLong(DATA + 8 * i, value);
    }

    /** A copy of the current contents. */
    public long[] toArray() {
        long[] copy = new long[length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    Long boxed(int i) {
        return get(i);
    }
}
