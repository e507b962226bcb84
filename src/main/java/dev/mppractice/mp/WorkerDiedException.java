package dev.mppractice.mp;

/**
 * Thrown for a pool task whose worker process ended abruptly (exit, halt, signal, out of memory) while it held the task. The message names the worker's pid and exit code; the pool has already replaced the worker.
 */
public class WorkerDiedException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public WorkerDiedException(String message) {
        super(message);
    }

    public WorkerDiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
