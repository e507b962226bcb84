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
import java.util.ArrayList;
import java.util.List;

/**
 * A framed, bidirectional connection to another process over a Unix domain socket.
 *
 * <p>Each frame is a 4-byte big-endian length followed by that many bytes. Reads and writes may
 * happen on different threads at once; two readers (or two writers) are serialized. The channel is
 * non-blocking underneath so that every read can have a deadline; a read that would block first
 * spins for a few microseconds (most replies in a ping-pong arrive within that window, which
 * saves the wake-up cost of the kernel) and then waits in a selector. On a wire that asks for it
 * ({@link #adaptSpin}) the spin shrinks while it catches nothing.
 *
 * <p>A length prefix is a claim, not a fact. Before the peer has authenticated, only
 * {@link #receiveSmall} is used: frames of a few bytes, all of which must arrive by a deadline.
 * Afterwards a frame may be as large as a Java array can be ({@link #MAX_FRAME}), but what is
 * allocated for it grows as its bytes arrive (never more than twice what came, past the first
 * 64 KiB), so that a peer that announces 2 GiB and sends 20 bytes costs 64 KiB, not 2 GiB.
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
    /** The largest frame: the largest array a JVM makes (a message is one byte array). */
    public static final int MAX_FRAME = Integer.MAX_VALUE - 8;

    /** Every open wire of this JVM, closed at exit so that no thread is left waiting in native code. */
    private static final java.util.Set<Wire> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final SocketChannel channel;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final ByteBuffer in = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    /** Where {@link #sendAll} gathers small frames; made at its first use (most wires never need it). */
    private ByteBuffer batch;
    private volatile boolean closed;
    private volatile boolean eof;
    /** Whether the spin before a wait adapts to how often it catches a frame ({@link #adaptSpin}). */
    private volatile boolean adaptive;
    /** The spin before the next wait, when adaptive. Written under readLock, as the count below. */
    private volatile long spinNanos = SPIN_NANOS;
    /** Waits without a spin since the spin dropped to nothing, when adaptive. */
    private int unspun;

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

    /**
     * From now on the spin before a read waits adapts to what it catches: each spin that ends
     * without a frame halves the next one (down to none), each that catches one doubles it again
     * (up to {@code mp.spinNanos}), and without a spin, every {@value #PROBE_EVERY}th wait spins in
     * full to see whether spinning pays again. On two cores shared with other busy processes a
     * reply seldom comes within the spin, which then only takes a core from the thread that would
     * send the reply (a pool's round trip took twice as long with it on a loaded machine); where
     * replies do come within it, it stays.
     */
    public void adaptSpin() {
        adaptive = true;
    }

    static final int PROBE_EVERY = 64;

    /** The spin before the next wait, in nanoseconds (for tests). */
    long spinNanos() {
        return adaptive ? spinNanos : SPIN_NANOS;
    }

    /** How long to spin before this wait (readLock held). */
    private long spinBudget() {
        if (!adaptive || spinNanos > 0) {
            return adaptive ? spinNanos : SPIN_NANOS;
        }
        if (++unspun >= PROBE_EVERY) {
            unspun = 0;
            return SPIN_NANOS;
        }
        return 0;
    }

    /** A spin of this wait ended: {@code caught} a frame, or gave up (readLock held). */
    private void spun(boolean caught) {
        if (adaptive) {
            long next = caught ? Math.max(spinNanos * 2, SPIN_NANOS / 4) : spinNanos / 2;
            spinNanos = next < SPIN_NANOS / 16 ? 0 : Math.min(next, SPIN_NANOS);
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

    /**
     * Sends several frames with as few system calls as possible, in order. Small frames are
     * copied one after another into one buffer and written together: a burst of queue items is
     * thousands of frames of a few bytes, and a gathering write of two buffers per frame costs
     * the JDK a copy and the kernel a vector entry for each.
     */
    public void sendAll(List<byte[]> payloads) throws IOException {
        if (payloads.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            ByteBuffer batch = this.batch;
            if (batch == null) {
                batch = ByteBuffer.allocateDirect(BUFFER);
                this.batch = batch;
            }
            batch.clear();
            for (byte[] p : payloads) {
                if (4 + p.length > batch.remaining() && batch.position() > 0) {
                    writeFully(new ByteBuffer[] {batch.flip()});
                    batch.clear();
                }
                if (4 + p.length <= batch.remaining()) {
                    batch.putInt(p.length).put(p);
                } else {
                    header.clear();
                    header.putInt(p.length).flip();
                    writeFully(new ByteBuffer[] {header, ByteBuffer.wrap(p)});
                }
            }
            if (batch.position() > 0) {
                writeFully(new ByteBuffer[] {batch.flip()});
            }
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
            if (length < 0 || length > MAX_FRAME) {
                throw new IOException("corrupt frame length " + length);
            }
            if (in.remaining() >= length) {
                byte[] payload = new byte[length];
                in.get(payload);
                return payload;
            }
            return receiveRest(length);
        }
    }

    /**
     * Receives one frame of at most {@code maxLength} bytes (no more than 64 KiB), all of which
     * must have arrived within {@code timeoutNanos}: what an unauthenticated peer may send.
     * Returns {@code null} when the time ran out.
     *
     * @throws OversizedFrameException if the frame announces more than {@code maxLength} bytes
     *     (nothing is allocated for it)
     * @throws IOException if the peer closed the connection
     */
    public byte[] receiveSmall(int maxLength, long timeoutNanos) throws IOException {
        if (maxLength > BUFFER - 4) {
            throw new IllegalArgumentException("a small frame fits the read buffer: " + maxLength);
        }
        synchronized (readLock) {
            long deadline = System.nanoTime() + timeoutNanos;
            if (!fill(4, deadline)) {
                return null;
            }
            int length = in.getInt(in.position());
            if (length < 0 || length > maxLength) {
                throw new OversizedFrameException("a frame of " + Integer.toUnsignedString(length)
                        + " bytes where at most " + maxLength + " may come");
            }
            if (!fill(4 + length, deadline)) {
                return null;
            }
            in.getInt();
            byte[] payload = new byte[length];
            in.get(payload);
            return payload;
        }
    }

    /** A frame announced more bytes than the reader accepts at this point of the protocol. */
    static final class OversizedFrameException extends IOException {
        private static final long serialVersionUID = 1L;

        OversizedFrameException(String message) {
            super(message);
        }
    }

    /**
     * The rest of a frame of {@code length} bytes that is not all buffered yet. Until half of it
     * has come, its bytes go to chunks, none larger than what came before it (nor than 1 MiB);
     * then the frame's own array is made, at most twice what came, and the rest is read straight
     * into it. A legitimate large frame costs about 1.5 times its size in allocation.
     */
    private byte[] receiveRest(int length) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        int got = in.remaining();
        byte[] head = new byte[got];
        in.get(head);
        chunks.add(head);
        while (got < length - got) {
            byte[] chunk = new byte[Math.min(length - got, Math.min(MAX_IO, Math.max(BUFFER, got)))];
            readFully(chunk, 0);
            chunks.add(chunk);
            got += chunk.length;
        }
        byte[] payload = new byte[length];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, payload, at, c.length);
            at += c.length;
        }
        readFully(payload, at);
        return payload;
    }

    /** Reads from the channel until {@code b} is full from {@code from} on, {@link #MAX_IO} bytes per read at most. */
    private void readFully(byte[] b, int from) throws IOException {
        for (int at = from; at < b.length; ) {
            int n = atMost(ByteBuffer.wrap(b, at, b.length - at), channel::read);
            if (n < 0) {
                eof = true;
                throw new EOFException("connection closed in the middle of a message");
            }
            if (n == 0) {
                awaitReadable(Long.MAX_VALUE);
            }
            at += n;
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
        long spinUntil = 0; // set when the first read finds nothing
        boolean spinning = false;
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
                if (spinning) {
                    spinning = false;
                    spun(true);
                }
                continue;
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                return false;
            }
            if (spinUntil == 0) {
                long budget = spinBudget();
                spinning = budget > 0;
                spinUntil = now + budget;
            }
            if (now < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            if (spinning) {
                spinning = false;
                spun(false);
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
