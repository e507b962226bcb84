package dev.mppractice.mp;

/**
 * Thrown by {@link BoundedSemaphore#release()} when no permit is out: the release would raise the count above its initial value (Python's {@code ValueError: Semaphore released too many times}).
 */
public class SemaphoreReleaseException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public SemaphoreReleaseException(String message) {
        super(message);
    }

    public SemaphoreReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
