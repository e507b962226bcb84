package dev.mppractice.mp;

/** A shared {@code int}: see {@link Value}. Starts with the value it was made with. */
public final class IntValue extends Value {
    private static final long serialVersionUID = 1L;

    /** A cache line away from the lock word, which waiters poll. */
    private static final int DATA = dev.mppractice.mp.internal.Segment.DATA;

    IntValue(int value) {
        super(4, "int");
        segment().setInt(DATA, value);
    }

    /** The current value, as last written by any process. */
    public int get() {
        recordRead();
        return dev.mppractice.mp.internal.Canary.read(segment().getInt(DATA));
    }

    /** Writes the value, visible to every process at once. */
    public void set(int value) {
        segment().setInt(DATA, value);
        recordWrite(value == 0);
    }

    @Override
    Integer boxed() {
        return get();
    }
}
