package dev.mppractice.catalogue;

/**
 * The second runs of an exercise: each, when its message is not null, runs a program that passed once more with one
 * thing of the machine made slower or later, and tells the learner its message when that run does not pass too (the
 * program's output depended on how fast or in what order its processes ran). Null: no such run. A process held back
 * (a put's stall, a lock held first, a late arrival or start) is held a second, or half a second longer than the longest
 * timeout of 4.5 s or less the program gave a call of the library in its first run (the library's
 * {@code SlowedRun.holdBackMillis}): a hold shorter than a timeout shows nothing of what its running out would do.
 *
 * @param slowPuts every put on a queue made {@link Exercise#SLOW_PUTS_MILLIS} later (a slow producer, as a busy machine
 *     makes one), and each process's fifth held back longer still
 * @param heldLocks each process held back the first time it goes for a lock while it
 *     holds another (so that two processes taking two locks meet); judged as a first run is. A run refused for taking
 *     locks in two orders, whose record cannot show a timed take backing off (none timed out), is run so too: it
 *     passes when that run does
 * @param slowReceives every receive on a pipe made {@link Exercise#SLOW_RECEIVES_MILLIS} later (a slow reader: messages
 *     pile up, and a sender may end before its last ones are read)
 * @param lateArrival the process that is the last to arrive at a barrier's round where a party waits with a timeout
 *     held back first, once per process (as when the
 *     machine pauses it): parties that wait for it with a
 *     shorter timeout break the barrier
 * @param lateStarts each start of a process after a process's first two (the library's {@code SlowedRun.STARTS_AFTER}) held back
 *     first (as on a busy machine, slow to start a JVM): the processes started
 *     first run alone for a while, and one that waits for another to wake it is woken only if the other does; judged
 *     by its output and how it ended, not by the rules, which its delays alone can break
 */
public record SecondRuns(String slowPuts, String heldLocks, String slowReceives, String lateArrival, String lateStarts) {
    /** No second run. */
    public static final SecondRuns NONE = new SecondRuns(null, null, null, null, null);

    public SecondRuns withSlowPuts(String message) {
        return new SecondRuns(message, heldLocks, slowReceives, lateArrival, lateStarts);
    }

    public SecondRuns withHeldLocks(String message) {
        return new SecondRuns(slowPuts, message, slowReceives, lateArrival, lateStarts);
    }

    public SecondRuns withSlowReceives(String message) {
        return new SecondRuns(slowPuts, heldLocks, message, lateArrival, lateStarts);
    }

    public SecondRuns withLateArrival(String message) {
        return new SecondRuns(slowPuts, heldLocks, slowReceives, message, lateStarts);
    }

    public SecondRuns withLateStarts(String message) {
        return new SecondRuns(slowPuts, heldLocks, slowReceives, lateArrival, message);
    }
}
