package dev.mppractice.mp.internal;

import dev.mppractice.mp.ClosedException;
import dev.mppractice.mp.ProcessException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * What the proxies of a manager's objects share: where the object lives and how to call it. A
 * call names one of the object's {@link ManagedOp}s; the caller names itself (pid and name), which
 * a manager lock keeps as its holder.
 */
public final class ManagedObject implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What {@link #callWithin} returns when a guarded operation could not complete in time. */
    public static final Object TIMED_OUT = new Object();

    private final long manager;
    private final String id;
    private final ManagedType type;
    /** The calling process's context (its connections, its pid and name): given, or obtained once where the handle arrives. */
    private transient Context here;

    /** Object {@code id}, of {@code type}, kept by manager {@code manager}, called from the process of {@code here}. */
    public ManagedObject(Context here, long manager, String id, ManagedType type) {
        this.here = here;
        this.manager = manager;
        this.id = id;
        this.type = type;
    }

    /** A new id, unique in the tree, of the calling process (a message's, for the run record). */
    public String newId() {
        return here.newId();
    }

    /** The object's id, {@code "<manager pid>:<n>"}, as the run record names it. */
    public String id() {
        return id;
    }

    /** The manager's pid. */
    public long manager() {
        return manager;
    }

    /**
     * Carries out {@code op} in the manager and returns its result; a guarded one waits as long as
     * it takes.
     *
     * @throws ClosedException if the manager has ended (closed, or killed) or no longer has the object
     */
    public Object call(ManagedOp op, Object... args) {
        return callWithin(op, -1, args);
    }

    /**
     * As {@link #call}, for a guarded operation that may wait at most {@code timeoutNanos}
     * (negative: no limit); returns {@link #TIMED_OUT} when it could not complete in time.
     */
    public Object callWithin(ManagedOp op, long timeoutNanos, Object... args) {
        if (Recorder.on()) {
            Recorder.event(RecordEvent.MANAGER_OP, "manager", manager, "object", id, "type", type.wireName(),
                    "op", op.recorded());
        }
        byte[] a = Codec.encode(new ArrayList<>(Arrays.asList(args)), "a " + type.wireName() + " argument");
        Context ctx = here;
        Msg.Reader r;
        try {
            r = ctx.peers().call(manager, Msg.of(Proto.M_CALL).str(id).str(op.name()).i64(timeoutNanos)
                    .i64(ctx.pid()).str(ctx.name()).blob(a).bytes());
        } catch (ProcessException e) {
            if (e.getCause() instanceof IOException) {
                // the connection, not the object, failed: the manager process is gone
                throw new ClosedException("the manager (pid " + manager + ") has ended, and with it this "
                        + type.wireName() + " (was the manager closed, or killed?): " + e.getMessage(), e);
            }
            throw e;
        }
        if (r.type == Proto.TIMED_OUT) {
            return TIMED_OUT;
        }
        if (r.type != Proto.OK) {
            throw new ClosedException("the manager no longer has this " + type.wireName() + " (was the manager closed?)");
        }
        return Canary.received(Codec.decode(r.blob())); // every reply of a manager: a value from another process
    }

    /**
     * As {@link #callWithin} with {@code timeout} (null: no limit), recording a wait ({@code call},
     * {@code kind}, this object's id) only once the operation must block: a first try that does not
     * wait tells. Both calls send {@code args}: an event's wait names a token in them, so that its
     * second call counts the sets from the first's look.
     */
    public Object callWaiting(ManagedOp op, java.time.Duration timeout, String call, String kind, Object... args) {
        long nanos = timeout == null ? -1 : Math.max(0, timeout.toNanos());
        if (nanos == 0 || !Recorder.on()) {
            return callWithin(op, nanos, args);
        }
        Object got = callWithin(op, 0, args);
        if (got != TIMED_OUT) {
            return got;
        }
        try (Recorder.Wait w = Recorder.waiting(call, kind, id, timeout)) {
            got = callWithin(op, nanos, args);
            if (got == TIMED_OUT) w.outcome("timeout");
            return got;
        }
    }

    @Override
    public String toString() {
        return type.wireName() + " " + id + " in manager " + manager;
    }

    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        here = Context.get(); // a handle arriving in another process: that process's context
    }
}
