package dev.mppractice.mp.internal;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * A framed, bidirectional connection to another process over a Unix domain socket.
 *
 * <p>Each frame is a 4-byte big-endian length followed by that many bytes. Reads and writes may
 * happen on different threads at once; two readers (or two writers) are serialized. The channel is
 * non-blocking underneath so that every read can have a deadline; a read that would block first
 * spins for a few microseconds (most replies in a ping-pong arrive within that window, which
 * saves the wake-up cost of the kernel) and then waits in a selector.
 */
public final class Wire implements Closeable {
    static final long SPIN_NANOS = Long.getLong("mp.spinNanos", 40_000L);
    private static final int BUFFER = 64 * 1024;
    /**
     * The most bytes of a heap buffer handed to one read or write: the JDK copies the whole
     * remaining buffer through a temporary direct buffer at each call (and keeps that buffer per
     * thread), so a 200 MB frame written whole at each call took seconds and native memory.
     */
    private static final int MAX_IO = 1 << 20;

    /** Every open wire of this JVM, closed at exit so that no thread is left waiting in native code. */
    private static final java.util.Set<Wire> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final SocketChannel channel;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final ByteBuffer in = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean closed;
    private volatile boolean eof;

    public Wire(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        readSelector = Selector.open();
        writeSelector = Selector.open();
        channel.register(readSelector, SelectionKey.OP_READ);
        channel.register(writeSelector, SelectionKey.OP_WRITE);
        in.flip(); // empty, ready for reading
        OPEN.add(this);
    }

    /**
     * Closes every wire of this JVM but {@code keep}. On JDK 17 a JVM that exits while a thread
     * waits in native code (a selector, a socket read) first waits 300 ms for it; closing the
     * wires wakes their threads so the exit is immediate.
     */
    static void closeAll(Wire keep) {
        for (Wire w : OPEN) {
            if (w != keep) {
                w.close();
            }
        }
    }

    /** Connects to the Unix domain socket at {@code path}. */
    public static Wire connect(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            return new Wire(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends one frame. */
    public void send(byte[] payload) throws IOException {
        synchronized (writeLock) {
            header.clear();
            header.putInt(payload.length).flip();
            writeFully(new ByteBuffer[] {header, ByteBuffer.wrap(payload)});
        }
    }

    /** Sends several frames with as few system calls as possible, in order. */
    public void sendAll(List<byte[]> payloads) throws IOException {
        if (payloads.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = new ByteBuffer[payloads.size() * 2];
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i);
            buffers[2 * i] = ByteBuffer.allocate(4).putInt(0, p.length);
            buffers[2 * i + 1] = ByteBuffer.wrap(p);
        }
        synchronized (writeLock) {
            writeFully(buffers);
        }
    }

    private void writeFully(ByteBuffer[] buffers) throws IOException {
        int first = 0;
        while (first < buffers.length) {
            if (closed) {
                throw new ClosedChannelException();
            }
            int end = first;
            while (end < buffers.length && buffers[end].remaining() <= MAX_IO) {
                end++;
            }
            long n = end > first ? channel.write(buffers, first, end - first) : atMost(buffers[first], channel::write);
            while (first < buffers.length && !buffers[first].hasRemaining()) {
                first++;
            }
            if (n == 0 && first < buffers.length) {
                try {
                    writeSelector.select(1000);
                    writeSelector.selectedKeys().clear();
                } catch (java.nio.channels.ClosedSelectorException e) {
                    throw new ClosedChannelException();
                }
            }
        }
    }

    /** Receives one frame, waiting as long as it takes. Throws {@link EOFException} at the end. */
    public byte[] receive() throws IOException {
        return receive(-1);
    }

    /**
     * Receives one frame, waiting at most {@code timeoutNanos} (negative: no limit) for it to
     * begin. Returns {@code null} when the time ran out; throws {@link EOFException} when the peer
     * has closed the connection and nothing is left.
     */
    public byte[] receive(long timeoutNanos) throws IOException {
        synchronized (readLock) {
            long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
            if (!fill(4, deadline)) {
                return null;
            }
            int length = in.getInt();
            if (length < 0) {
                throw new IOException("corrupt frame length " + length);
            }
            byte[] payload = new byte[length];
            int have = Math.min(in.remaining(), length);
            in.get(payload, 0, have);
            if (have < length) {
                ByteBuffer rest = ByteBuffer.wrap(payload, have, length - have);
                while (rest.hasRemaining()) {
                    int n = atMost(rest, channel::read);
                    if (n < 0) {
                        eof = true;
                        throw new EOFException("connection closed in the middle of a message");
                    }
                    if (n == 0) {
                        awaitReadable(Long.MAX_VALUE);
                    }
                }
            }
            return payload;
        }
    }

    /** True when a frame (or the end of the stream) can be read without waiting longer than the timeout. */
    public boolean poll(long timeoutNanos) throws IOException {
        synchronized (readLock) {
            if (in.hasRemaining() || eof) {
                return true;
            }
            long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
            try {
                return fill(1, deadline);
            } catch (EOFException e) {
                return true;
            }
        }
    }

    /** Ensures at least {@code need} bytes are buffered; false on timeout. */
    private boolean fill(int need, long deadline) throws IOException {
        if (in.remaining() >= need) {
            return true;
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (in.remaining() < need) {
            if (eof) {
                throw new EOFException("connection closed");
            }
            if (closed) {
                throw new ClosedChannelException();
            }
            in.compact();
            int n;
            try {
                n = channel.read(in);
            } finally {
                in.flip();
            }
            if (n < 0) {
                eof = true;
                if (in.hasRemaining()) {
                    throw new EOFException("connection closed in the middle of a message");
                }
                throw new EOFException("connection closed");
            }
            if (n > 0) {
                continue;
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                return false;
            }
            if (now < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            awaitReadable(deadline);
        }
        return true;
    }

    /** A read or a write of a channel. */
    private interface Transfer {
        int of(ByteBuffer b) throws IOException;
    }

    /** Reads or writes {@code b}, {@link #MAX_IO} bytes of it at most. */
    private static int atMost(ByteBuffer b, Transfer transfer) throws IOException {
        int limit = b.limit();
        b.limit(b.position() + Math.min(b.remaining(), MAX_IO));
        try {
            return transfer.of(b);
        } finally {
            b.limit(limit);
        }
    }

    private void awaitReadable(long deadline) throws IOException {
        long waitNanos = deadline == Long.MAX_VALUE ? 0 : deadline - System.nanoTime();
        if (deadline != Long.MAX_VALUE && waitNanos <= 0) {
            return;
        }
        long millis = deadline == Long.MAX_VALUE ? 0 : Math.max(1, (waitNanos + 999_999) / 1_000_000);
        try {
            readSelector.select(millis);
            readSelector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new ClosedChannelException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedIOException("interrupted while waiting for a message");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Half-closes: the peer reads end-of-stream after what was sent, while this side can still read. */
    public void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        OPEN.remove(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        readSelector.wakeup();
        writeSelector.wakeup();
        try {
            readSelector.close();
            writeSelector.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
