package dev.mppractice.mp.internal;

import dev.mppractice.mp.Task;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What a manager process runs: it keeps the objects proxies in other processes ask it to make
 * ({@link ManagedType}) and carries out every operation they send ({@link ManagedOp}), one at a
 * time per object, until told to shut down.
 */
public final class ManagerServer implements Task {
    private static final long serialVersionUID = 1L;
    public static final String REGISTRY = "manager";

    private transient CountDownLatch shutdown;

    /** Starts serving in {@code ctx}, its child's context; called before the parent is told the manager is ready. */
    void install(Context ctx) {
        shutdown = new CountDownLatch(1);
        CountDownLatch shutdown = this.shutdown;
        ctx.serve(REGISTRY, (Served) r -> {
            switch (r.type) {
                case Proto.M_NEW -> {
                    String name = r.str();
                    ManagedType type = ManagedType.byWireName(name)
                            .orElseThrow(() -> new IllegalArgumentException("a manager cannot make a " + name));
                    Object initial = Codec.decode(r.blob());
                    String id = ctx.newId();
                    ctx.serve(id, new ServedObject(type, type.create(initial)));
                    return Msg.of(Proto.OK).str(id).bytes();
                }
                case Proto.M_SHUTDOWN -> {
                    shutdown.countDown();
                    return Msg.of(Proto.OK).bytes();
                }
                default -> throw new IllegalArgumentException("unknown manager request " + r.type);
            }
        });
    }

    @Override
    public void run() throws Exception {
        if (shutdown == null) {
            // ChildMain installs a manager (with its context) before it runs it: nothing else runs one.
            throw new IllegalStateException("a manager runs only once installed in its child JVM");
        }
        shutdown.await();
    }

    /**
     * One object the manager keeps: its type and its state, whose monitor guards it. A call names a
     * {@link ManagedOp} of that type; a guarded one waits on the monitor, which every operation
     * notifies, in slices, so that it notices a caller that went away.
     */
    static final class ServedObject implements Served {
        private static final long SLICE_NANOS = 50_000_000L;

        private final ManagedType type;
        private final Object state;
        /** The guarded call last answered on this hub thread, to undo if its answer cannot be delivered. */
        private final ThreadLocal<Runnable> undoLast = new ThreadLocal<>();

        ServedObject(ManagedType type, Object state) {
            this.type = type;
            this.state = state;
        }

        @Override
        public byte[] call(Msg.Reader r) throws Exception {
            return call(r, null);
        }

        @Override
        public byte[] call(Msg.Reader r, Wire from) throws Exception {
            undoLast.remove();
            String name = r.str();
            long timeout = r.i64();
            ManagedOp.Caller caller = new ManagedOp.Caller(r.i64(), r.str());
            List<?> sent = (List<?>) Codec.decode(r.blob());
            ManagedOp op = lookUp(name);
            long deadline = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + timeout;
            synchronized (state) {
                List<?> args = op.atFirstLook(state, sent);
                while (true) {
                    Object result = op.apply(state, args, caller);
                    if (result != ManagedOp.Body.NOT_YET) {
                        state.notifyAll();
                        if (op.guarded()) {
                            undoLast.set(() -> {
                                synchronized (state) {
                                    op.undo(state, result, caller);
                                    state.notifyAll();
                                }
                            });
                        }
                        return Msg.of(Proto.OK).blob(Codec.encode(result, "a manager reply")).bytes();
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Msg.of(Proto.TIMED_OUT).bytes();
                    }
                    long slice = Math.min(left, SLICE_NANOS);
                    state.wait(slice / 1_000_000, (int) (slice % 1_000_000));
                    if (from != null && from.poll(0)) {
                        // the caller sent something or hung up while waiting: it is gone (a caller waits in silence)
                        throw new java.io.EOFException("the caller went away");
                    }
                }
            }
        }

        private ManagedOp lookUp(String name) {
            ManagedOp op;
            try {
                op = ManagedOp.valueOf(name);
            } catch (IllegalArgumentException e) {
                op = null;
            }
            if (op == null || op.type() != type) {
                throw new UnsupportedOperationException("a manager " + type.wireName() + " cannot " + name);
            }
            return op;
        }

        @Override
        public void undeliverable(Msg.Reader reply) {
            Runnable undo = undoLast.get();
            undoLast.remove();
            if (undo != null) {
                undo.run();
            }
        }
    }
}
