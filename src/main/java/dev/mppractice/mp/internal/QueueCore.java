package dev.mppractice.mp.internal;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A queue's items, held in the process that created it, in memory: other processes' puts are
 * read off their connections by the hub's threads at once, so a producer never waits for a
 * consumer to call {@code get} (no join-before-get deadlock).
 */
public class QueueCore implements Served {
    private final LinkedBlockingDeque<byte[]> items;

    public QueueCore(int maxsize) {
        items = maxsize > 0 ? new LinkedBlockingDeque<>(maxsize) : new LinkedBlockingDeque<>();
    }

    /** Adds an item, waiting at most {@code timeoutNanos} for room (negative: no limit). */
    public boolean put(byte[] item, long timeoutNanos) throws InterruptedException {
        if (timeoutNanos < 0) {
            items.put(item);
            return true;
        }
        return items.offer(item, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Takes an item, waiting at most {@code timeoutNanos} (negative: no limit); null when none came. */
    public byte[] take(long timeoutNanos) throws InterruptedException {
        byte[] item = items.poll();
        if (item != null || timeoutNanos == 0) {
            return item;
        }
        // An item that is on its way (the hub's thread reads the producers' items as they come)
        // usually arrives within microseconds: looking again for a moment saves this thread a
        // sleep and the hub's thread a wake-up call for each item, which cost more than the wait.
        long start = System.nanoTime();
        long spin = timeoutNanos < 0 ? SPIN_NANOS : Math.min(timeoutNanos, SPIN_NANOS);
        do {
            Thread.onSpinWait();
            item = items.poll();
            if (item != null) {
                return item;
            }
        } while (System.nanoTime() - start < spin);
        if (timeoutNanos < 0) {
            return items.take();
        }
        return items.poll(Math.max(0, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
    }

    /** How long a taker looks again before it sleeps until an item comes; {@code -Dmp.queueSpinNanos}. */
    static final long SPIN_NANOS = Long.getLong("mp.queueSpinNanos", 20_000L);

    /** The start of the one-way message that puts an item on queue {@code id} ({@link #putMessage}). */
    public static byte[] putHeader(String id) {
        return Msg.of(Proto.Q_PUT).str(id).bytes();
    }

    /**
     * The one-way message that puts {@code item} on a queue, from its {@link #putHeader}: the bytes
     * of {@code Msg.of(Proto.Q_PUT).str(id).blob(item)}, made with one copy of the item.
     */
    public static byte[] putMessage(byte[] header, byte[] item) {
        byte[] m = new byte[header.length + 4 + item.length];
        System.arraycopy(header, 0, m, 0, header.length);
        int at = header.length;
        int n = item.length;
        m[at] = (byte) (n >>> 24);
        m[at + 1] = (byte) (n >>> 16);
        m[at + 2] = (byte) (n >>> 8);
        m[at + 3] = (byte) n;
        System.arraycopy(item, 0, m, at + 4, n);
        return m;
    }

    public int size() {
        return items.size();
    }

    /** A remote get waits in slices, so that a caller that died while waiting does not take an item to its grave. */
    private static final long SLICE_NANOS = 50_000_000L;

    @Override
    public byte[] call(Msg.Reader r, Wire from) throws Exception {
        if (r.type != Proto.Q_GET) {
            return call(r);
        }
        long timeout = r.i64();
        long deadline = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + timeout;
        while (true) {
            long left = deadline - System.nanoTime();
            byte[] item = items.poll(Math.max(0, Math.min(left, SLICE_NANOS)), TimeUnit.NANOSECONDS);
            if (item != null) {
                return Msg.of(Proto.OK).blob(item).bytes();
            }
            if (deadline - System.nanoTime() <= 0) {
                return Msg.of(Proto.EMPTY).bytes();
            }
            if (from.poll(0)) {
                // The caller sent something or hung up while waiting: it is gone (a caller waits in silence).
                throw new java.io.EOFException("the caller went away");
            }
        }
    }

    @Override
    public void undeliverable(Msg.Reader reply) {
        if (reply.type == Proto.OK) {
            items.offerFirst(reply.blob());
        }
    }

    @Override
    public byte[] call(Msg.Reader r) throws Exception {
        switch (r.type) {
            case Proto.Q_PUT -> {
                put(r.blob(), -1);
                return null;
            }
            case Proto.Q_PUT_WAIT -> {
                long timeout = r.i64();
                byte[] item = r.blob();
                return Msg.of(put(item, timeout) ? Proto.OK : Proto.FULL).bytes();
            }
            case Proto.Q_GET -> {
                byte[] item = take(r.i64());
                return item == null ? Msg.of(Proto.EMPTY).bytes() : Msg.of(Proto.OK).blob(item).bytes();
            }
            case Proto.Q_SIZE -> {
                return Msg.of(Proto.OK).i32(size()).bytes();
            }
            default -> throw new IllegalArgumentException("unknown queue operation " + r.type);
        }
    }
}
