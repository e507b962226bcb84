package dev.mppractice.mp;

import java.io.Serializable;

/**
 * The plainest queue between processes: unbounded, no size, no timeouts (Python's
 * {@code multiprocessing.SimpleQueue}).
 *
 * <pre>{@code
 * SimpleQueue<String> q = new SimpleQueue<>();
 * Process p = new Process(() -> q.put("hello from " + Multiprocessing.currentProcessName()));
 * p.start();
 * System.out.println(q.get());   // blocks until the child's item arrives
 * p.join();
 * }</pre>
 *
 * <p>It behaves as a {@link Queue} with fewer methods (and the run record shows it as one): items
 * travel by serialization, {@code put} throws {@link SerializationFailedException} on the caller's
 * thread for an item that cannot, the items of one producer arrive in order, and they are held by
 * the process that created the queue, so a producer never waits for a consumer. When there is
 * nothing to wait for with a timeout and no count to ask for, it says so in its type.
 */
public final class SimpleQueue<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Queue<T> items = new Queue<>();

    /** A new, empty queue. */
    public SimpleQueue() {
    }

    /**
     * Puts an item; never blocks (the queue is unbounded).
     *
     * @throws SerializationFailedException if the item cannot be serialized
     * @throws ClosedException if {@link #close()} was called in this process
     */
    public void put(T item) {
        items.put(item);
    }

    /**
     * Takes the next item, waiting as long as it takes.
     *
     * @throws ClosedException if {@link #close()} was called in this process, or the process that
     *         created the queue has ended
     */
    public T get() {
        return items.get();
    }

    /** True if no item is there now (approximate while other processes put, as Python's {@code empty()}). */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * Says that this process will use the queue no more: later calls here throw
     * {@link ClosedException}. Items already put are delivered; other processes are unaffected.
     */
    public void close() {
        items.close();
    }

    @Override
    public String toString() {
        return "Simple" + items;
    }
}
