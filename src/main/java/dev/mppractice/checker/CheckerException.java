package dev.mppractice.checker;

/** The checker itself could not do its work (no JDK compiler, unreadable file, ...); a failing solution is not one. */
public class CheckerException extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckerException(String message) {
        super(message);
    }

    public CheckerException(String message, Throwable cause) {
        super(message, cause);
    }
}
