package dev.mppractice.mp;

/**
 * Thrown by {@link Barrier#await(java.time.Duration)} to the party whose timeout ran out before
 * every party arrived. As in Python, the timeout also breaks the barrier: the other waiting parties
 * get a {@link BarrierBrokenException}.
 */
public class BarrierTimeoutException extends BarrierBrokenException {
    private static final long serialVersionUID = 1L;

    public BarrierTimeoutException(String message) {
        super(message);
    }

    public BarrierTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
