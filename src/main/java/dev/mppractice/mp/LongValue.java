package dev.mppractice.mp;

/** A shared {@code long}: see {@link Value}. Starts with the value it was made with. */
public final class LongValue extends Value {
    private static final long serialVersionUID = 1L;

    /** A cache line away from the lock word, which waiters poll. */
    private static final int DATA = dev.mppractice.mp.internal.Segment.DATA;

    LongValue(long value) {
        super(8, "long");
        segment().setLong(DATA, value);
    }

    /** The current value, as last written by any process. */
    public long get() {
        recordRead();
        return dev.mppractice.mp.internal.Canary.read(segment().getLong(DATA));
    }

    /** Writes the value, visible to every process at once. */
    public void set(long value) {
        segment().setLong(DATA, value);
        recordWrite(value == 0);
    }

    @Override
    Long boxed() {
        return get();
    }
}
