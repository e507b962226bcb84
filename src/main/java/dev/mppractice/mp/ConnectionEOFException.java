package dev.mppractice.mp;

/**
 * Thrown by {@link Connection#recv()} when the other end is closed and nothing is left to read (Python's {@code EOFError}).
 */
public class ConnectionEOFException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public ConnectionEOFException(String message) {
        super(message);
    }

    public ConnectionEOFException(String message, Throwable cause) {
        super(message, cause);
    }
}
