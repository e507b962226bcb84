package dev.mppractice.mp;

/**
 * Thrown by {@link Lock#acquire(java.time.Duration)} when the lock stayed held by someone else for the whole timeout.
 */
public class LockTimeoutException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public LockTimeoutException(String message) {
        super(message);
    }

    public LockTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
