package dev.mppractice.mp.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Records when one thread is in {@code Thread.sleep}: the main process's {@code main} thread, in a run the checker
 * started (the checker's runner calls {@link #watch}). A sleep is no library call, so no {@code wait} records it, and a
 * main that slept was drawn running in its timeline. A daemon thread looks at the watched thread every
 * {@link #EVERY_MILLIS} ms: its state, and only when it waits with a timeout, its top frames; a {@code sleep} span opens
 * when it is first seen sleeping and ends when it is first seen out of it, or when its {@code main} ends ({@link #ended}):
 * a JVM that ends right after a sleep would otherwise leave the span open to its end.
 *
 * <p>A poll loop's naps ({@code while (!done) Thread.sleep(10)}) are each seen sleeping, and would make one long span:
 * once a span has lasted {@link #SPLIT_MILLIS}, the thread's processor time is read at each look, and when it grew
 * since the last look (a sleeping thread uses none: it woke), the span ends there, and the next look opens a new one if
 * it sleeps again.
 * So no span of a poll loop lasts much over {@link #SPLIT_MILLIS}, under the 500 ms a rule takes for a sleep that
 * guesses how long some work takes, while one long sleep stays one span. The thread clock is read only then, during a
 * sleep: its classes are not loaded for a program that never sleeps that long.
 *
 * <p>The same looks see the thread blocked outside the library: in a wait of the JDK's ({@code Thread.join},
 * {@code CountDownLatch.await}, {@code CompletableFuture.join}...) or at a {@code synchronized} block another thread
 * holds, which the timeline drew running. Such a wait is a {@code jdk-wait} span, named by the JDK's method the program
 * called; one that waits in another such call next is a new span. A stack with a frame of the library in it is the
 * library's own wait, which records itself (a {@code wait}, once it lasts) and is left alone.
 */
public final class SleepWatch {
    /** How often the watched thread is looked at. */
    static final long EVERY_MILLIS = 10;
    /** How long a span lasts before a wake-up in it (processor time used) ends it: a poll loop's spans. */
    static final long SPLIT_MILLIS = 300;

    /** The watch of this process, or null. */
    private static volatile SleepWatch current;

    private final Thread watched;
    /** Guarded by this: the open sleep's span, or 0. */
    private long span;
    /** Guarded by this: the open JDK wait's span, or 0, and what it waits in. */
    private long waitSpan;
    private String waitCall;
    /** Guarded by this: the watched thread's {@code main} ended; nothing more is recorded. */
    private boolean over;
    /** When the open span began ({@code System.nanoTime}). The watching thread's alone. */
    private long spanBegan;
    /** The watched thread's processor time at the last look into a long span, or -1. The watching thread's alone. */
    private long cpuAtLook = -1;
    /** The JVM's thread clocks, once a span lasted {@link #SPLIT_MILLIS}; null before, or when there are none. */
    private java.lang.management.ThreadMXBean clocks;
    private boolean noClocks;

    private SleepWatch(Thread watched) {
        this.watched = watched;
    }

    /** Starts watching {@code t} (the calling thread, in practice) when this process is recorded; ends with it. */
    public static void watch(Thread t) {
        if (!Recorder.on()) {
            return;
        }
        SleepWatch watch = new SleepWatch(t);
        current = watch;
        Thread w = new Thread(watch::run, "mp-sleep-watch");
        w.setDaemon(true);
        w.start();
    }

    private void run() {
        while (watched.isAlive()) {
            LockSupport.parkNanos(EVERY_MILLIS * 1_000_000L);
            Thread.State state = watched.getState();
            StackTraceElement[] stack = state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING
                    || state == Thread.State.BLOCKED ? watched.getStackTrace() : null;
            boolean sleeping = stack != null && sleeping(stack);
            String waitingIn = stack == null || sleeping ? null : jdkWait(stack, state == Thread.State.BLOCKED);
            synchronized (this) {
                if (over) {
                    return;
                }
                if (waitSpan != 0 && !java.util.Objects.equals(waitingIn, waitCall)) {
                    Recorder.end(RecordEvent.JDK_WAIT_END, waitSpan);
                    waitSpan = 0;
                }
                if (waitingIn != null && waitSpan == 0) {
                    waitSpan = Recorder.begin(RecordEvent.JDK_WAIT, "call", waitingIn, "at", Recorder.callSite(stack));
                    waitCall = waitingIn;
                }
                if (sleeping && span == 0) {
                    span = Recorder.begin(RecordEvent.SLEEP, "at", Recorder.callSite(stack));
                    spanBegan = System.nanoTime();
                    cpuAtLook = -1;
                } else if (!sleeping && span != 0) {
                    Recorder.end(RecordEvent.SLEEP_END, span);
                    span = 0;
                } else if (sleeping && System.nanoTime() - spanBegan >= SPLIT_MILLIS * 1_000_000L) {
                    long cpu = cpuOfWatched();
                    if (cpuAtLook >= 0 && cpu > cpuAtLook) {
                        // It woke since the last look: the span ends here. A poll loop's next nap opens a new one at
                        // the next look; a sleep that is just ending (the look raced its wake-up) opens none.
                        Recorder.end(RecordEvent.SLEEP_END, span);
                        span = 0;
                        cpu = -1;
                    }
                    cpuAtLook = cpu;
                }
            }
        }
    }

    /** The watched thread's processor time in nanoseconds, or -1 when the JVM cannot tell it. */
    private long cpuOfWatched() {
        if (clocks == null && !noClocks) {
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            noClocks = !bean.isThreadCpuTimeSupported();
            clocks = noClocks ? null : bean;
        }
        return clocks == null ? -1 : clocks.getThreadCpuTime(watched.getId());
    }

    /** The watched thread's {@code main} returned or threw: its open sleep, if any, ends now, and the watch with it. */
    public static void ended() {
        SleepWatch w = current;
        if (w != null) {
            synchronized (w) {
                if (w.span != 0) {
                    Recorder.end(RecordEvent.SLEEP_END, w.span);
                    w.span = 0;
                }
                if (w.waitSpan != 0) {
                    Recorder.end(RecordEvent.JDK_WAIT_END, w.waitSpan);
                    w.waitSpan = 0;
                }
                w.over = true;
            }
        }
    }

    /**
     * What a stack not in the library waits in: {@code synchronized} when the thread is {@code blocked} at a monitor,
     * else the JDK's method the program called ({@code CountDownLatch.await}: the last frame of the JDK's before the
     * program's first); null for a stack with a frame of the library in it (the library's own wait) or none of the
     * program's.
     */
    static String jdkWait(StackTraceElement[] stack, boolean blocked) {
        StackTraceElement called = null;
        for (StackTraceElement f : stack) {
            String cls = f.getClassName();
            if (cls.startsWith("dev.mppractice.mp.")) {
                return null;
            }
            if (!Recorder.isLibraryOrJdk(cls)) {
                if (blocked && called == null) {
                    return "synchronized";
                }
                return called == null ? null : callName(called.getClassName(), called.getMethodName());
            }
            called = f;
        }
        return null;
    }

    /** A JDK call as a learner knows it: {@code CountDownLatch.await} for {@code java.util.concurrent.CountDownLatch}'s. */
    public static String callName(String cls, String method) {
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        int inner = simple.indexOf('$');
        return (inner > 0 ? simple.substring(0, inner) : simple) + "." + method;
    }

    /** Whether a stack is in {@code Thread.sleep} (JDK 17's native {@code sleep}, later JDKs' {@code sleep0} under it). */
    static boolean sleeping(StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(3, stack.length); i++) {
            StackTraceElement f = stack[i];
            if (f.getClassName().equals("java.lang.Thread") && f.getMethodName().startsWith("sleep")) {
                return true;
            }
        }
        return false;
    }
}
