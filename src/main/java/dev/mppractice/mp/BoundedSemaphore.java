package dev.mppractice.mp;

/**
 * A {@link Semaphore} that never holds more permits than it started with (Python's
 * {@code multiprocessing.BoundedSemaphore}): a {@link #release()} with no permit out is a bug in
 * the program, and is refused instead of silently adding a permit.
 *
 * <pre>{@code
 * BoundedSemaphore slots = new BoundedSemaphore(2);
 * slots.acquire();
 * slots.release();
 * slots.release();   // throws SemaphoreReleaseException: released more often than acquired
 * }</pre>
 *
 * <p>Everything else, the permits given back by processes that end while holding them included, is
 * as for {@link Semaphore}.
 */
public class BoundedSemaphore extends Semaphore {
    private static final long serialVersionUID = 1L;

    /**
     * A bounded semaphore with {@code permits} free permits, and never more.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(int permits) {
        super(permits);
    }

    /**
     * Gives a permit back, as {@link Semaphore#release()}.
     *
     * @throws SemaphoreReleaseException if no permit is out: the release would raise the count above
     *                                   the initial one
     */
    @Override
    public void release() {
        super.release();
    }

    @Override
    void releaseWithNoneOut() {
        throw new SemaphoreReleaseException("a BoundedSemaphore of " + initial()
                + " permits was released more often than it was acquired");
    }
}
