package dev.mppractice.mp.internal;

/**
 * The checker's slowed run: with {@value #PROPERTY}{@code =MILLIS} (passed on to every child JVM), each put on a
 * queue waits that long before it is made, as a slow producer's would on a busy machine. A program whose output
 * depends on how fast its processes run (consumers that stop as soon as the queue is empty for a moment) then prints
 * something else, and the checker says so. Unset (every other run): no wait, and nothing else changes.
 */
public final class SlowedRun {
    /** The system property that turns the slowed run on: how many milliseconds each put waits. */
    public static final String PROPERTY = "mp.slowPuts";
    private static final long MILLIS = Long.getLong(PROPERTY, 0);
    /** True in a slowed run. */
    public static final boolean ON = MILLIS > 0;

    private SlowedRun() {
    }

    /** Waits before a put, in a slowed run (an interrupt ends the wait and is kept for the put to see). */
    public static void beforePut() {
        try {
            Thread.sleep(MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
