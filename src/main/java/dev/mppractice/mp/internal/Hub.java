package dev.mppractice.mp.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What a process listens on: one Unix domain socket in the tree's private directory, through
 * which the other processes of the tree reach the queues, pipes, pools and manager objects this
 * process owns, and its children report to it. Every connection must pass the {@link Handshake}
 * first; then its first message says what it is for.
 *
 * <p>At most {@value #MAX_STRANGERS} connections are in their handshake at once, each for at most
 * {@link Handshake}'s deadline; while that many are, the next connections wait in the socket's
 * backlog rather than being accepted (each accepted connection is a thread). A flood of strangers
 * thus costs a bounded number of threads and a few KiB each, delays new peers by at most the
 * deadline per round, and never touches connections that have authenticated: the program's
 * traffic goes on. Waiting beats refusing here: a real peer kept waiting still gets in (its own
 * deadline is longer), where one refused would fail.
 */
public final class Hub {
    static final int MAX_STRANGERS = 32;

    private final Context context;
    private final Semaphore strangers = new Semaphore(MAX_STRANGERS);
    private static final long REFUSALS_SHOWN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final Object refusals = new Object();
    /** When a refusal was last told on stderr (0: never), and how many were refused since, untold. */
    private long refusalsShownAt;
    private int refusalsUnshown;
    private final Path path;
    private final ServerSocketChannel server;
    private volatile boolean closed;

    Hub(Context context, Path path) throws IOException {
        this.context = context;
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path), 64);
        Thread t = new Thread(this::acceptLoop, "mp-hub");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                if (!strangers.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    continue; // the handshakes under way take all the room: look again, or notice the close
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> serve(ch), "mp-hub-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                strangers.release();
                if (!closed) {
                    System.err.println("mp: " + context.name() + " stopped accepting connections: " + e);
                }
                return;
            }
        }
    }

    private void serve(SocketChannel ch) {
        Wire wire;
        try {
            wire = new Wire(ch);
        } catch (IOException e) {
            strangers.release();
            closeQuietly(ch);
            return;
        }
        boolean handedOver = false;
        try {
            try {
                Handshake.server(wire, context.key());
            } finally {
                strangers.release();
            }
            Msg.Reader hello = new Msg.Reader(wire.receive());
            switch (hello.type) {
                case Proto.HELLO_RPC -> rpcLoop(wire);
                case Proto.HELLO_PUTS -> putsLoop(wire);
                case Proto.HELLO_CHILD -> ChildProcess.controlLoop(hello.i64(), wire);
                case Proto.HELLO_PIPE -> handedOver = PipeCore.attach(context.served(hello.str()), hello.u8(), wire);
                case Proto.HELLO_WORKER -> handedOver = PoolCore.attachWorker(hello.str(), hello.i32(), wire);
                default -> throw new IOException("unknown connection type " + hello.type);
            }
        } catch (EOFException | java.nio.channels.ClosedChannelException e) {
            // the peer went away: nothing to do
        } catch (Exception e) {
            if (!closed && !(e instanceof java.nio.channels.AsynchronousCloseException)) {
                if (e instanceof dev.mppractice.mp.AuthenticationException) {
                    refused(e.getMessage());
                }
            }
        } finally {
            if (!handedOver) {
                wire.close();
            }
        }
    }

    /**
     * Tells stderr that a connection was refused: the first time, then at most once a minute with how
     * many were refused meanwhile, so that a flood of strangers does not fill the program's stderr.
     */
    private void refused(String why) {
        synchronized (refusals) {
            long now = System.nanoTime();
            if (refusalsShownAt != 0 && now - refusalsShownAt < REFUSALS_SHOWN_EVERY_NANOS) {
                refusalsUnshown++;
                return;
            }
            String earlier = refusalsUnshown == 0 ? "" : " (" + refusalsUnshown + " more refused since the last one told)";
            System.err.println("mp: " + why + earlier + "; further refusals within a minute are counted, not told one by one");
            refusalsShownAt = now;
            refusalsUnshown = 0;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private void rpcLoop(Wire wire) throws IOException {
        while (true) {
            Msg.Reader r = new Msg.Reader(wire.receive());
            String id = r.str();
            Object target = context.served(id);
            byte[] reply = dispatch(target, id, r, wire);
            if (reply != null) {
                try {
                    wire.send(reply);
                } catch (IOException e) {
                    if (target instanceof Served s) {
                        s.undeliverable(new Msg.Reader(reply));
                    }
                    throw e;
                }
            }
        }
    }

    private void putsLoop(Wire wire) throws IOException {
        while (true) {
            Msg.Reader r = new Msg.Reader(wire.receive());
            String id = r.str();
            dispatch(context.served(id), id, r, wire);
        }
    }

    private byte[] dispatch(Object target, String id, Msg.Reader r, Wire from) {
        if (!(target instanceof Served s)) {
            return Msg.of(Proto.CLOSED).str("no object " + id + " in " + context.name()).bytes();
        }
        try {
            return s.call(r, from);
        } catch (Throwable t) {
            return Msg.of(Proto.FAILED).blob(Codec.encode(RemoteFailure.of(t, RemoteFailure.where(context.name(), context.pid())), "an exception")).bytes();
        }
    }

    public Path path() {
        return path;
    }

    void close() {
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort
        }
    }
}
