package dev.mppractice.mp;

import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.PipeCore;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * A pair of connected {@link Connection}s (Python's {@code multiprocessing.Pipe()}).
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * Process p = new Process(() -> pipe.right().send(pipe.right().<Integer>recv() * 2));
 * p.start();
 * pipe.left().send(21);
 * System.out.println(pipe.left().<Integer>recv()); // 42
 * p.join();
 * }</pre>
 *
 * <p>A task may capture the pipe itself, as above, or one of its ends. A captured end
 * ({@code Connection childEnd = pipe.right();}) moves to the child as soon as the child starts: the
 * other end then reads end-of-stream when the child ends. A captured pipe brings both ends along,
 * and each of them moves to the child only when the child first uses it, so that the end the
 * child leaves alone stays usable here. Use each end from one process at a time.
 */
public final class Pipe implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient Connection left;
    private final transient Connection right;

    private Pipe(boolean duplex) {
        Context ctx = Context.get();
        String id = ctx.newId();
        PipeCore core = new PipeCore();
        left = new Connection(ctx, id, ctx.pid(), 0, duplex, core);
        right = new Connection(ctx, id, ctx.pid(), 1, duplex, core);
    }

    /** The pipe as another process rebuilds it from its {@link Ends}. */
    private Pipe(Ends ends) {
        Context ctx = Context.get();
        PipeCore core = ctx.pid() == ends.owner() ? (PipeCore) ctx.served(ends.id()) : null;
        left = new Connection(ctx, ends.id(), ends.owner(), 0, ends.duplex(), core);
        right = new Connection(ctx, ends.id(), ends.owner(), 1, ends.duplex(), core);
    }

    /** A two-way pipe: each end can send and receive. */
    public static Pipe open() {
        return new Pipe(true);
    }

    /** A pipe that is two-way when {@code duplex}, else one-way: {@link #left()} receives, {@link #right()} sends. */
    public static Pipe open(boolean duplex) {
        return new Pipe(duplex);
    }

    public Connection left() {
        return left;
    }

    public Connection right() {
        return right;
    }

    /** What travels of a pipe: which pipe it is. Its ends attach to the pipe when first used there. */
    private record Ends(String id, long owner, boolean duplex) implements Serializable {
        private Object readResolve() {
            return new Pipe(this);
        }
    }

    private Object writeReplace() {
        left.serveFromHere();
        return new Ends(left.pipeId(), left.owner(), left.duplex());
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Pipe travels as its Ends");
    }

    @Override
    public String toString() {
        return "Pipe[" + left.pipeId() + (left.duplex() ? "" : " one-way") + "]";
    }
}
