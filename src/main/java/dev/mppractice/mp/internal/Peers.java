package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's connections to the hubs of other processes: a small pool of authenticated
 * connections per peer for calls, and one ordered stream per peer for one-way messages (queue
 * items), written by a background thread so that a burst of puts costs few system calls.
 */
public final class Peers {
    private final Context context;
    private final Map<Long, ArrayDeque<Wire>> idle = new ConcurrentHashMap<>();
    private final Map<Long, PutStream> streams = new ConcurrentHashMap<>();

    Peers(Context context) {
        this.context = context;
    }

    /** Opens a new authenticated connection to process {@code pid} and says what it is for. */
    public Wire open(long pid, byte[] hello) {
        Wire w = connect(pid);
        try {
            w.send(hello);
            return w;
        } catch (IOException e) {
            w.close();
            throw new ProcessException("cannot reach process " + pid + " (" + e.getMessage() + "): it may have ended", e);
        }
    }

    /** Opens a new authenticated connection to process {@code pid}; its first message must say what it is for. */
    public Wire connect(long pid) {
        try {
            Wire w = Wire.connect(context.socketOf(pid));
            try {
                Handshake.client(w, context.key());
                return w;
            } catch (IOException | RuntimeException e) {
                w.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ProcessException("cannot reach process " + pid + " (" + e.getMessage()
                    + "): it may have ended", e);
        }
    }

    /**
     * Sends a request to an object served by process {@code pid} and returns the reply.
     * Throws the remote exception when the call failed there.
     */
    public Msg.Reader call(long pid, byte[] request) {
        Wire w = borrow(pid);
        boolean ok = false;
        try {
            flushTo(pid);
            w.send(request);
            byte[] reply = w.receive();
            ok = true;
            Msg.Reader r = new Msg.Reader(reply);
            if (r.type == Proto.FAILED) {
                RemoteFailure f = (RemoteFailure) Codec.decode(r.blob());
                throw f.refusalByTheLibrary() ? new ProcessException(f.message()) : f.toException();
            }
            return r;
        } catch (EOFException e) {
            throw new ProcessException("process " + pid + " ended while answering a call", e);
        } catch (IOException e) {
            throw new ProcessException("lost the connection to process " + pid + ": " + e.getMessage(), e);
        } finally {
            if (ok) {
                release(pid, w);
            } else {
                w.close();
            }
        }
    }

    private Wire borrow(long pid) {
        ArrayDeque<Wire> q = idle.computeIfAbsent(pid, k -> new ArrayDeque<>());
        synchronized (q) {
            Wire w = q.pollFirst();
            if (w != null) {
                return w;
            }
        }
        return open(pid, Msg.of(Proto.HELLO_RPC).bytes());
    }

    private void release(long pid, Wire w) {
        ArrayDeque<Wire> q = idle.get(pid);
        synchronized (q) {
            if (q.size() < 8) {
                q.addFirst(w);
                return;
            }
        }
        w.close();
    }

    /** Queues a one-way message to process {@code pid}; messages to one peer keep their order. */
    public void post(long pid, byte[] message) {
        PutStream s = streams.get(pid);
        if (s == null) {
            // a producer posts thousands of times: only the first makes the function that makes the stream
            s = streams.computeIfAbsent(pid, p -> new PutStream(this, p));
        }
        s.post(message);
    }

    /** Waits until every one-way message to {@code pid} has been written. */
    public void flushTo(long pid) {
        PutStream s = streams.get(pid);
        if (s != null) {
            s.flush();
        }
    }

    /** Waits until every one-way message has been written (at exit). */
    public void flushAll() {
        for (PutStream s : new ArrayList<>(streams.values())) {
            s.flush();
        }
    }

    /** One peer's stream of one-way messages and the thread that writes it. */
    private static final class PutStream {
        private final Peers peers;
        private final long pid;
        private final List<byte[]> pending = new ArrayList<>();
        private Wire wire;
        private boolean writing;
        private long posted;
        private long written;
        private IOException broken;

        PutStream(Peers peers, long pid) {
            this.peers = peers;
            this.pid = pid;
            Thread t = new Thread(this::writeLoop, "mp-puts-" + pid);
            t.setDaemon(true);
            t.start();
        }

        synchronized void post(byte[] message) {
            if (broken != null) {
                throw new ProcessException("cannot send to process " + pid + ": " + broken.getMessage(), broken);
            }
            pending.add(message);
            posted++;
            if (!writing) {
                notifyAll();
            }
        }

        synchronized void flush() {
            long target = posted;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (written < target && broken == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void writeLoop() {
            List<byte[]> batch = new ArrayList<>();
            while (true) {
                synchronized (this) {
                    writing = false;
                    while (pending.isEmpty()) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    writing = true;
                    batch.addAll(pending);
                    pending.clear();
                }
                try {
                    if (wire == null) {
                        wire = peers.open(pid, Msg.of(Proto.HELLO_PUTS).bytes());
                    }
                    wire.sendAll(batch);
                } catch (IOException | RuntimeException e) {
                    synchronized (this) {
                        broken = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                        notifyAll();
                    }
                    return;
                }
                synchronized (this) {
                    written += batch.size();
                    notifyAll();
                }
                batch.clear();
            }
        }
    }
}
