package dev.mppractice.mp.internal;

import dev.mppractice.mp.internal.PoolCore.Chunk;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A pool's chunks that no worker has taken yet, and the slot threads waiting for one. A chunk
 * added wakes the slot that began to wait last: its thread and its worker are the ones most
 * likely still awake (with the waiters of a {@code LinkedBlockingDeque}, woken oldest first,
 * sequential round trips on a pool of two alternated between the workers, each time waking one
 * that had gone to sleep: a third slower).
 *
 * <p>Each chunk added wakes at most one waiter, taken off the stack of waiters as it is woken, so
 * that two chunks added at once wake two. A woken slot that finds the queue empty (another slot,
 * just free, took the chunk first) waits again at the top of the stack.
 */
final class ChunkQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** The waiting slots, the last to begin waiting first. Guarded by {@link #lock}, as everything here. */
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

    private static final class Waiter {
        final Condition woken;
        boolean signalled;

        Waiter(Condition woken) {
            this.woken = woken;
        }
    }

    void add(Chunk chunk) {
        lock.lock();
        try {
            chunks.addLast(chunk);
            wakeOne();
        } finally {
            lock.unlock();
        }
    }

    void addFirst(Chunk chunk) {
        lock.lock();
        try {
            chunks.addFirst(chunk);
            wakeOne();
        } finally {
            lock.unlock();
        }
    }

    void addAll(Collection<Chunk> more) {
        lock.lock();
        try {
            for (Chunk c : more) {
                chunks.addLast(c);
                wakeOne();
            }
        } finally {
            lock.unlock();
        }
    }

    Chunk pollFirst() {
        lock.lock();
        try {
            return chunks.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    Chunk peekFirst() {
        lock.lock();
        try {
            return chunks.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    boolean removeIf(Predicate<Chunk> which) {
        lock.lock();
        try {
            return chunks.removeIf(which);
        } finally {
            lock.unlock();
        }
    }

    /** Moves every chunk to {@code into}, oldest first. */
    void drainTo(Collection<Chunk> into) {
        lock.lock();
        try {
            into.addAll(chunks);
            chunks.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest chunk, waiting for one if there is none. */
    Chunk take() throws InterruptedException {
        lock.lock();
        try {
            Chunk c = chunks.pollFirst();
            if (c != null) {
                return c;
            }
            Waiter me = new Waiter(lock.newCondition());
            while (true) {
                me.signalled = false;
                waiting.addFirst(me);
                try {
                    while (!me.signalled) {
                        me.woken.await();
                    }
                } catch (InterruptedException e) {
                    if (!waiting.remove(me) && !chunks.isEmpty()) {
                        wakeOne(); // this one was woken for a chunk it will not take
                    }
                    throw e;
                }
                c = chunks.pollFirst();
                if (c != null) {
                    return c;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void wakeOne() {
        Waiter w = waiting.pollFirst();
        if (w != null) {
            w.signalled = true;
            w.woken.signal();
        }
    }
}
