package dev.mppractice.mp;

/**
 * Thrown by {@link Queue#get(java.time.Duration)} and {@link Queue#getNowait()} when no item arrived in time (Python's {@code queue.Empty}).
 */
public class EmptyQueueException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public EmptyQueueException(String message) {
        super(message);
    }

    public EmptyQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
