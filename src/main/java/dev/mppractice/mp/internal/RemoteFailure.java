package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.io.Serializable;
import java.lang.reflect.Constructor;

/**
 * An exception thrown in another process, carried as plain data (class name, message, stack
 * trace, cause) so that any exception can travel, and rebuilt in the caller.
 */
public final class RemoteFailure implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String className;
    private final String message;
    private final StackTraceElement[] trace;
    private final RemoteFailure cause;
    private final String where;

    private RemoteFailure(String className, String message, StackTraceElement[] trace, RemoteFailure cause,
            String where) {
        this.className = className;
        this.message = message;
        this.trace = trace;
        this.cause = cause;
        this.where = where;
    }

    /**
     * Captures {@code t} as it was thrown in this process, described by {@code where}
     * ({@link #where(String, long)}).
     */
    public static RemoteFailure of(Throwable t, String where) {
        return of(t, where, 0);
    }

    /** How a failure says which process it was thrown in: {@code Process-2 (pid 1234)}. */
    public static String where(String processName, long pid) {
        return processName + " (pid " + pid + ")";
    }

    private static RemoteFailure of(Throwable t, String where, int depth) {
        RemoteFailure cause = t.getCause() != null && t.getCause() != t && depth < 8
                ? of(t.getCause(), where, depth + 1) : null;
        return new RemoteFailure(t.getClass().getName(), t.getMessage(), t.getStackTrace(), cause, where);
    }

    /**
     * This failure with its message marked as the canary run marks a string ({@code ~} at its end), so that a program
     * that prints the message it caught prints something else then, and one that wrote the line out does not.
     */
    RemoteFailure marked() {
        return new RemoteFailure(className, (message == null ? "" : message) + "~", trace, cause, where);
    }

    public String className() {
        return className;
    }

    public String message() {
        return message;
    }

    /**
     * The exception to throw in the caller: the same class with the same message when it is
     * unchecked and can be rebuilt here, else a {@link ProcessException} whose cause is the
     * original (rebuilt when possible). Either way the remote stack trace is attached as a cause
     * {@link RemoteTraceback}, as Python attaches the worker's traceback.
     */
    /**
     * Whether this is the library refusing a call ({@link ProcessException} thrown by its own code, with no cause): one
     * a served object's owner checked for the caller (a {@code taskDone()} too many, counted where the queue is kept).
     * The caller's call was refused; it is thrown there as its own, with no remote trace: no task failed in the owner.
     */
    public boolean refusalByTheLibrary() {
        return cause == null && className.equals(ProcessException.class.getName()) && trace != null && Recorder.thrownByLibrary(trace);
    }

    public RuntimeException toException() {
        Throwable rebuilt = rebuild();
        if (rebuilt instanceof RuntimeException r) {
            return r;
        }
        if (rebuilt instanceof Error e) {
            return new ProcessException(className + (message == null ? "" : ": " + message), e);
        }
        return new ProcessException(className + (message == null ? "" : ": " + message), rebuilt);
    }

    /** The exception rebuilt as close to the original as this process can. */
    public Throwable rebuild() {
        RemoteTraceback remote = new RemoteTraceback(this);
        Throwable t = instantiate();
        if (t == null) {
            ProcessException p = new ProcessException(className + (message == null ? "" : ": " + message), remote);
            return p;
        }
        try {
            t.initCause(remote);
        } catch (IllegalStateException e) {
            t.addSuppressed(remote);
        }
        return t;
    }

    /**
     * The exception of class {@link #className} with the message, when this process has that
     * class and {@link ClassFilter} would let a message create it (the JDK's exceptions, the
     * library's and the program's): a class name that came over the wire picks no other
     * constructor to run.
     */
    private Throwable instantiate() {
        try {
            Class<?> type = Class.forName(className, false, loader());
            if (!Throwable.class.isAssignableFrom(type) || ClassFilter.refusalOf(type) != null) {
                return null;
            }
            try {
                Constructor<?> c = type.getConstructor(String.class);
                return fromCaller((Throwable) c.newInstance(message));
            } catch (NoSuchMethodException e) {
                if (message == null) {
                    return fromCaller((Throwable) type.getConstructor().newInstance());
                }
                return null;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * {@code t} with its stack trace starting where it is handed to the caller, without the frames of the reflection
     * that made it and of this class: the first frame is what a reader of the trace takes for where it was thrown.
     */
    private static Throwable fromCaller(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        int from = 0;
        while (from < trace.length && (trace[from].getClassName().startsWith("jdk.internal.reflect.")
                || trace[from].getClassName().startsWith("java.lang.reflect.")
                || trace[from].getClassName().equals(RemoteFailure.class.getName()))) {
            from++;
        }
        t.setStackTrace(java.util.Arrays.copyOfRange(trace, from, trace.length));
        return t;
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : RemoteFailure.class.getClassLoader();
    }

    /** The worker's stack trace, attached as the cause of a rebuilt exception. */
    public static final class RemoteTraceback extends ProcessException {
        private static final long serialVersionUID = 1L;
        /** The process it was raised in, as {@link RemoteFailure#where(String, long)} names it. */
        private final String where;

        RemoteTraceback(RemoteFailure f) {
            super("raised in " + f.where + ": " + f.className + (f.message == null ? "" : ": " + f.message),
                    f.cause == null ? null : new RemoteTraceback(f.cause));
            setStackTrace(f.trace == null ? new StackTraceElement[0] : f.trace);
            this.where = f.where;
        }

        /** The process the exception was raised in: "PoolWorker-2 (pid 8731)". */
        public String where() {
            return where;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
