package dev.mppractice.mp;

/**
 * Thrown by {@link Queue#put(Object, java.time.Duration)} and {@link Queue#putNowait(Object)} when a bounded queue stayed full (Python's {@code queue.Full}).
 */
public class FullQueueException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public FullQueueException(String message) {
        super(message);
    }

    public FullQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
