package dev.mppractice.workspace;

/**
 * The workspace cannot be used as it is: an unreadable or damaged state file, a folder that
 * cannot be written. The message is written for the learner and says what to do next.
 */
public class WorkspaceException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
