package dev.mppractice.mp;

/**
 * Thrown by {@link Connection#recv(java.time.Duration)} when nothing arrived within the timeout.
 * Nothing is lost: a later {@code recv} gets the next object.
 */
public class RecvTimeoutException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public RecvTimeoutException(String message) {
        super(message);
    }
}
