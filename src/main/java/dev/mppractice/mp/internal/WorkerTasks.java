package dev.mppractice.mp.internal;

/** How a worker calls a pool's function on each item of a chunk. */
public final class WorkerTasks {
    private WorkerTasks() {
    }

    /** {@code Callable.call()} (an {@code Fn0}, or a serializable {@code Callable}); the item is ignored. */
    public static final int CALL = 0;
    /** {@code Fn1.apply(item)}. */
    public static final int APPLY = 1;
    /** {@code Fn2.apply(a, b)} of an {@code Args.Two}. */
    public static final int STAR2 = 2;
    /** {@code Fn3.apply(a, b, c)} of an {@code Args.Three}. */
    public static final int STAR3 = 3;
    /**
     * Functions whose bytes are larger are not kept by a worker: it decodes them anew for each chunk
     * (and the pool sends them with each), so that a worker keeps no copy of a large capture between
     * chunks. Smaller ones are kept: the pool sends a function once per worker while it stays the
     * same, and a map of 10,000 tasks deserializes its lambda once.
     */
    static final int MAX_CACHED_FUNCTION = 1 << 20;

    /** {@code Runnable.run()} of a serializable {@code Runnable}; the result is null, the item is ignored. */
    public static final int RUN = 4;
}
