package dev.mppractice.mp;

/**
 * Thrown when a connection to another process of the tree fails the challenge-response handshake: the peer does not know the tree's secret key.
 */
public class AuthenticationException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
