package dev.mppractice.mp;

import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.PipeCore;

/**
 * A pair of connected {@link Connection}s (Python's {@code multiprocessing.Pipe()}).
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * Connection parentEnd = pipe.left(), childEnd = pipe.right();
 * Process p = new Process(() -> childEnd.send(childEnd.<Integer>recv() * 2));
 * p.start();
 * parentEnd.send(21);
 * System.out.println(parentEnd.<Integer>recv()); // 42
 * p.join();
 * }</pre>
 */
public final class Pipe {
    private final Connection left;
    private final Connection right;

    private Pipe(boolean duplex) {
        Context ctx = Context.get();
        String id = ctx.newId();
        PipeCore core = new PipeCore();
        left = new Connection(id, ctx.pid(), 0, duplex, core);
        right = new Connection(id, ctx.pid(), 1, duplex, core);
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
}
