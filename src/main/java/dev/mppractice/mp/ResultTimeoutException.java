package dev.mppractice.mp;

/**
 * Thrown by {@code AsyncResult.get(Duration)} and the pool's timed waits when the time runs out before the result is ready. The task keeps running; a later {@code get} can still succeed.
 */
public class ResultTimeoutException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public ResultTimeoutException(String message) {
        super(message);
    }

    public ResultTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
