package dev.mppractice.mp.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The two ends of a pipe, held by the process that opened it.
 *
 * <p>While both ends are used here, messages go through memory. When an end is handed to another
 * process, that process connects back and <em>attaches</em> the end: from then on the end here
 * talks to it over that socket directly, on the caller's thread (no relay thread, so a round trip
 * costs two socket hops). When both ends live elsewhere, this process relays between them.
 */
public final class PipeCore {
    /** One end: what has been sent to it, and the socket of the process that holds it, if any. */
    static final class End {
        final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
        Wire remote;
        boolean closed;
    }

    private final End[] ends = {new End(), new End()};

    public PipeCore() {
    }

    /** Sends from end {@code from} to the other end. */
    public void send(int from, byte[] message) throws IOException {
        End to = ends[1 - from];
        Wire w;
        synchronized (this) {
            if (ends[from].closed) {
                throw new IOException("this end is closed");
            }
            if (to.remote == null) {
                if (to.closed) {
                    throw new IOException("the other end is closed");
                }
                to.inbox.add(message);
                notifyAll();
                return;
            }
            w = to.remote;
        }
        w.send(message);
    }

    /** Receives at end {@code at}: the next message, or null when none came in time. */
    public byte[] receive(int at, long timeoutNanos) throws IOException {
        End me = ends[at];
        End peer = ends[1 - at];
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        Wire w;
        synchronized (this) {
            while (true) {
                if (!me.inbox.isEmpty()) {
                    return me.inbox.poll();
                }
                if (peer.remote != null) {
                    w = peer.remote;
                    break;
                }
                if (peer.closed) {
                    throw new EOFException("the other end of the pipe is closed");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    wait(deadline == Long.MAX_VALUE ? 0 : Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting on a pipe");
                }
            }
        }
        return w.receive(deadline == Long.MAX_VALUE ? -1 : Math.max(0, deadline - System.nanoTime()));
    }

    /** True when end {@code at} has a message (or the end of the stream) to read within the timeout. */
    public boolean poll(int at, long timeoutNanos) throws IOException {
        End me = ends[at];
        End peer = ends[1 - at];
        long deadline = System.nanoTime() + timeoutNanos;
        Wire w;
        synchronized (this) {
            while (true) {
                if (!me.inbox.isEmpty() || peer.closed) {
                    return true;
                }
                if (peer.remote != null) {
                    w = peer.remote;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return w.poll(Math.max(0, deadline - System.nanoTime()));
    }

    /** Closes end {@code at} here: the other end reads end-of-stream once it has read what was sent. */
    public void close(int at) {
        Wire peerWire;
        synchronized (this) {
            ends[at].closed = true;
            notifyAll();
            peerWire = ends[1 - at].remote;
        }
        if (peerWire != null) {
            peerWire.shutdownOutput();
        }
    }

    /**
     * Runs on a hub thread: another process now holds end {@code end} of {@code served}, what the
     * hub serves under the pipe's id; returns true if the wire was kept.
     */
    static boolean attach(Object served, int end, Wire wire) throws IOException {
        Object o = served;
        if (!(o instanceof PipeCore core)) {
            return false;
        }
        return core.attach(end, wire);
    }

    private boolean attach(int end, Wire wire) throws IOException {
        End me = ends[end];
        End peer = ends[1 - end];
        Wire peerWire;
        synchronized (this) {
            if (me.remote != null) {
                me.remote.close(); // a newer holder replaces the old one
            }
            me.remote = wire;
            for (byte[] m : me.inbox) {
                wire.send(m);
            }
            me.inbox.clear();
            if (peer.closed) {
                wire.shutdownOutput();
            }
            peerWire = peer.remote;
            notifyAll();
        }
        if (peerWire != null) {
            relay(wire, peerWire);
            relay(peerWire, wire);
        }
        return true;
    }

    /** Both ends live in other processes: copy one's messages to the other. */
    private static void relay(Wire from, Wire to) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    to.send(from.receive());
                }
            } catch (IOException e) {
                to.shutdownOutput();
            }
        }, "mp-pipe-relay");
        t.setDaemon(true);
        t.start();
    }
}
