package dev.mppractice.mp.internal;

/** The message types of the library's protocols. */
public final class Proto {
    private Proto() {
    }

    // What a new connection to a hub is for (first message after the handshake).
    public static final int HELLO_RPC = 1;
    public static final int HELLO_PUTS = 2;
    public static final int HELLO_CHILD = 3;
    public static final int HELLO_PIPE = 4;
    public static final int HELLO_WORKER = 5;

    // Replies to a remote call.
    public static final int OK = 10;
    public static final int FAILED = 11;
    public static final int EMPTY = 12;
    public static final int FULL = 13;
    public static final int CLOSED = 14;
    /** A manager's guarded operation that could not complete within the caller's time. */
    public static final int TIMED_OUT = 15;

    // Queue operations.
    public static final int Q_PUT = 20;
    public static final int Q_PUT_WAIT = 21;
    public static final int Q_GET = 22;
    public static final int Q_SIZE = 23;
    // JoinableQueue's, besides the above.
    public static final int Q_TASK_DONE = 24;
    public static final int Q_JOIN = 25;

    // Manager operations.
    public static final int M_NEW = 30;
    public static final int M_CALL = 31;
    public static final int M_SHUTDOWN = 32;

    // Child control channel, child to parent.
    public static final int C_READY = 40;
    public static final int C_EXIT = 41;
    public static final int C_SIGNALLED = 42;
    public static final int C_SHUTDOWN = 43;

    // Pool worker channel.
    public static final int W_CHUNK = 50;
    public static final int W_RESULT = 51;
    public static final int W_STOP = 52;
    public static final int W_TAKEN = 53;
    /** A worker's initializer threw: its {@code RemoteFailure} follows; the worker then ends. */
    public static final int W_INIT_FAILED = 54;
    /** The pool asks a worker for the chunks it holds and has not begun (another worker is free). */
    public static final int W_RECALL = 55;
    /** A worker's answer to {@link #W_RECALL}: the count, then the sequence number of each chunk given back. */
    public static final int W_RETURNED = 56;
}
