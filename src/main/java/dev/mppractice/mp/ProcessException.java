package dev.mppractice.mp;

/**
 * The root of every exception the {@code mp} library throws. All of them are unchecked.
 *
 * <p>A task that throws a <em>checked</em> exception in another process reaches the caller as a
 * {@code ProcessException} whose cause is that exception, rebuilt with the remote stack trace.
 */
public class ProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessException(String message) {
        super(message);
    }

    public ProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
