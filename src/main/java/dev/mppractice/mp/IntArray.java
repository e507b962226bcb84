package dev.mppractice.mp;

import static dev.mppractice.mp.internal.Segment.DATA;

/** A shared array of {@code int}: see {@link Array}. */
public final class IntArray extends Array<Integer> {
    private static final long serialVersionUID = 1L;

    IntArray(int length) {
        super(length, 4, "int");
    }

    @Override
    int elementBytes() {
        return 4;
    }

    public int get(int i) {
        checkIndex(i);
        return dev.mppractice.mp.internal.Canary.read(segment().getInt(DATA + 4 * i));
    }

    public void set(int i, int value) {
        put(i, value);
        recordWrite();
    }

    void put(int i, int value) {
        checkIndex(i);
        segment().setInt(DATA + 4 * i, value);
    }

    /** A copy of the current contents. */
    public int[] toArray() {
        int[] copy = new int[length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    @Override
    Integer boxed(int i) {
        return get(i);
    }
}
