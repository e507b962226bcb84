package dev.mppractice.mp.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A queue's items, held in the process that created it, in memory: other processes' puts are
 * read off their connections by the hub's threads at once, so a producer never waits for a
 * consumer to call {@code get} (no join-before-get deadlock).
 */
public final class QueueCore implements Served {
    private final LinkedBlockingQueue<byte[]> items;

    public QueueCore(int maxsize) {
        items = maxsize > 0 ? new LinkedBlockingQueue<>(maxsize) : new LinkedBlockingQueue<>();
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
        if (timeoutNanos < 0) {
            return items.take();
        }
        return items.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    public int size() {
        return items.size();
    }

    @Override
    public byte[] call(Msg.Reader r) throws Exception {
        switch (r.type) {
            case Proto.Q_PUT -> {
                items.put(r.blob());
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
