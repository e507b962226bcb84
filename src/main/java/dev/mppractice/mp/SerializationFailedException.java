package dev.mppractice.mp;

/**
 * Thrown when a task, an argument, a queue item, a message or a result cannot be serialized to travel to another process. The message names the class that could not travel. Thrown by the call that was given the object, at once.
 */
public class SerializationFailedException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public SerializationFailedException(String message) {
        super(message);
    }

    public SerializationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
