package dev.mppractice.mp.internal;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checker's slowed run: with {@value #PROPERTY}{@code =MILLIS} (passed on to every child JVM), each put on a
 * queue waits that long before it is made, as a slow producer's would on a busy machine, and each process's
 * {@value #PAUSE_AT}th put waits {@value #PAUSE_MILLIS} ms more: a producer that stalls once. A program whose output
 * depends on how fast its processes run (consumers that stop as soon as the queue is empty for a moment, or when a
 * get with a timeout comes back empty) then prints something else, and the checker says so. Unset (every other run):
 * no wait, and nothing else changes.
 *
 * <p>With {@value #RECEIVES_PROPERTY}{@code =MILLIS} instead, each receive on a pipe ({@code Connection.recv}) waits that
 * long before it reads, as a slow reader's would: messages pile up in the pipe, and a sender may end before its last
 * messages are read. A program that stops reading a pipe when its sender's process ends, rather than when the pipe
 * reaches its end, then loses them (exercise 25's select loop).
 *
 * <p>With {@value #ARRIVAL_PROPERTY}{@code =MILLIS} instead, the process that is the last to arrive at a barrier's round
 * in which a party waits with a timeout waits that long before it arrives, once per process: the others wait for it
 * that much longer, as they would for a process the machine paused. A program whose parties wait at the barrier with a
 * timeout shorter than that (one that passed because they happened to arrive together) then breaks it, and the checker
 * says so (exercise 19). A round whose parties wait without a timeout is not held back: it would show nothing.
 *
 * <p>With {@value #STARTS_PROPERTY}{@code =MILLIS} instead, each {@code Process} a process starts after its first
 * {@value #STARTS_AFTER} is started that much later ({@code start()} waits first), as on a busy machine slow to start a
 * JVM: the processes started first run alone for a while. A program that passed because its processes began together
 * (consumers that took items before both producers had filled the buffer and waited, and never woke them) then gets
 * stuck, and the checker says so (exercise 20).
 */
public final class SlowedRun {
    /** The system property that turns the slowed run on: how many milliseconds each put waits. */
    public static final String PROPERTY = "mp.slowPuts";
    private static final long MILLIS = Long.getLong(PROPERTY, 0);
    /** True in a slowed run. */
    public static final boolean ON = MILLIS > 0;
    /** Which put of a process (counting from 1) stalls. */
    public static final int PAUSE_AT = 5;
    /**
     * The system property of how much longer it stalls: longer than the timeouts learners give a get whose empty return
     * they take for the end (50 ms to a second; the checker gives more than the longest timeout the program gave); 20 ms
     * a put was sooner than any of them, and such consumers passed.
     */
    public static final String PAUSE_PROPERTY = "mp.slowPutsPause";
    /** How much longer it stalls, unless {@value #PAUSE_PROPERTY} says. */
    public static final long PAUSE_MILLIS = Long.getLong(PAUSE_PROPERTY, 1_000);
    private static final AtomicInteger PUTS = new AtomicInteger();
    /** The system property that slows receives instead: how many milliseconds each receive on a pipe waits. */
    public static final String RECEIVES_PROPERTY = "mp.slowReceives";
    private static final long RECEIVE_MILLIS = Long.getLong(RECEIVES_PROPERTY, 0);
    /** True in a run with slowed receives. */
    public static final boolean RECEIVES = RECEIVE_MILLIS > 0;

    /** The system property that makes a barrier's last arrival late instead: how many milliseconds it waits first. */
    public static final String ARRIVAL_PROPERTY = "mp.lateArrival";
    private static final long ARRIVAL_MILLIS = Long.getLong(ARRIVAL_PROPERTY, 0);
    /** True in a run with a late arrival at barriers. */
    public static final boolean ARRIVALS = ARRIVAL_MILLIS > 0;
    private static final AtomicBoolean ARRIVED_LATE = new AtomicBoolean();

    /** The system property that starts the processes after the first {@value #STARTS_AFTER} later: how many milliseconds. */
    public static final String STARTS_PROPERTY = "mp.lateStarts";
    /** How many processes a process starts at once, in a run with late starts; each one after them waits first. */
    public static final int STARTS_AFTER = 2;
    private static final long STARTS_MILLIS = Long.getLong(STARTS_PROPERTY, 0);
    /** True in a run with late starts. */
    public static final boolean STARTS = STARTS_MILLIS > 0;
    private static final AtomicInteger STARTED = new AtomicInteger();

    /**
     * The least time a second run holds a process back (a put's stall, a lock held first, a late arrival or start):
     * longer than most timeouts learners give a call whose running out they take for the end (50 ms to a second).
     */
    public static final int HOLD_BACK_MILLIS = 1_000;
    /** How much longer than the longest timeout the program gave a second run holds a process back. */
    public static final int HOLD_BACK_MARGIN_MILLIS = 500;
    /**
     * The longest timeout a second run outwaits: a longer one is a guard (exercise 16's solution takes its locks with
     * {@code acquire(5 s)}, in case they deadlock), which a second run holding a process back must not set off; a
     * shorter one may be a guess at how long another process takes, whose running out a program takes for the end.
     */
    public static final int OUTWAITS_MILLIS = 4_500;

    /**
     * The calls whose timeouts a put's stall outwaits: the takes that wait for what a producer puts. (Not a join of the
     * program's processes, say: sized from main's {@code join(4500 ms)} loop, a hold set off exercise 16's guard.)
     */
    public static final Set<String> PUTS_OUTWAIT = Set.of("Queue.get", "ManagedQueue.get",
            "JoinableQueue.join");
    /**
     * The calls whose timeouts a lock held first outwaits: the takes of a lock that give up quietly, returning false (a
     * timed {@code acquire} throws when it runs out: a guard against a deadlock, exercise 16's solution's).
     */
    public static final Set<String> HELD_LOCKS_OUTWAIT = Set.of("Lock.tryAcquire", "RLock.tryAcquire",
            "ManagedLock.tryAcquire");
    /** The calls whose timeouts a late arrival at a barrier outwaits. */
    public static final Set<String> LATE_ARRIVAL_OUTWAITS = Set.of("Barrier.await");
    /**
     * The calls whose timeouts late starts outwait: the waits for what a process started late does (its signal, its
     * item, its arrival), not a join of the processes themselves.
     */
    public static final Set<String> LATE_STARTS_OUTWAIT = Set.of("Event.await", "ManagedEvent.await",
            "Condition.await", "Condition.awaitUntil", "Queue.get", "ManagedQueue.get", "JoinableQueue.join", "Barrier.await",
            "Connection.recv", "Connection.poll", "Lock.tryAcquire", "RLock.tryAcquire", "ManagedLock.tryAcquire",
            "Semaphore.tryAcquire");

    private SlowedRun() {
    }

    /**
     * How long a second run holds a process back, the longest timeout the program gave the calls that run outwaits
     * ({@link #PUTS_OUTWAIT} and its kin) being {@code longestMillis} ({@link #OUTWAITS_MILLIS} at most; 0: none):
     * {@link #HOLD_BACK_MILLIS}, or {@link #HOLD_BACK_MARGIN_MILLIS} more than that timeout. A hold shorter than a timeout
     * shows nothing of what its running out would do.
     */
    public static int holdBackMillis(long longestMillis) {
        return (int) Math.max(HOLD_BACK_MILLIS, Math.min(longestMillis, OUTWAITS_MILLIS) + HOLD_BACK_MARGIN_MILLIS);
    }

    /**
     * True, in a run with a late arrival, the first time this process is about to be the last party to arrive at a
     * barrier's round in which a party waits with a timeout ({@code timedWaiter}): it is to wait ({@link #arriveLate()})
     * and arrive again. False otherwise, and every later time. (Held back at the first round alone, a program whose
     * parties waited with a timeout in later rounds only passed.)
     */
    public static boolean arrivesLate(boolean timedWaiter) {
        return ARRIVALS && timedWaiter && ARRIVED_LATE.compareAndSet(false, true);
    }

    /** Waits before a late arrival at a barrier (an interrupt ends the wait and is kept). */
    public static void arriveLate() {
        try {
            Thread.sleep(ARRIVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Before a {@code Process} starts, in a run with late starts: waits {@value #STARTS_PROPERTY} milliseconds when this
     * process has started {@value #STARTS_AFTER} or more already (an interrupt ends the wait and is kept).
     */
    public static void beforeStart() {
        if (STARTED.incrementAndGet() <= STARTS_AFTER) {
            return;
        }
        try {
            Thread.sleep(STARTS_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits before a receive on a pipe, in a run with slowed receives (an interrupt ends the wait and is kept). */
    public static void beforeReceive() {
        try {
            Thread.sleep(RECEIVE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits before a put, in a slowed run (an interrupt ends the wait and is kept for the put to see). */
    public static void beforePut() {
        try {
            Thread.sleep(PUTS.incrementAndGet() == PAUSE_AT ? MILLIS + PAUSE_MILLIS : MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
