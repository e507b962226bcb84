package dev.mppractice.mp;

/**
 * Thrown by {@link Semaphore#acquire(java.time.Duration)} when no permit was free for the whole timeout.
 */
public class SemaphoreTimeoutException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public SemaphoreTimeoutException(String message) {
        super(message);
    }

    public SemaphoreTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
