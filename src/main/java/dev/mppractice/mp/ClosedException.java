package dev.mppractice.mp;

/**
 * Thrown when a queue, connection, pool or manager is used after it was closed.
 */
public class ClosedException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public ClosedException(String message) {
        super(message);
    }

    public ClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
