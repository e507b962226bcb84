package dev.mppractice.mp;

/**
 * Thrown by {@link Barrier#await()} when the barrier is broken, or breaks while the caller waits: by {@link Barrier#abort()}, by {@link Barrier#reset()} with parties waiting, by a party's timeout, or by a party that died while it waited (Python's {@code BrokenBarrierError}).
 */
public class BarrierBrokenException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public BarrierBrokenException(String message) {
        super(message);
    }

    public BarrierBrokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
