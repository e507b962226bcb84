package dev.mppractice.mp.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Records when one thread is in {@code Thread.sleep}: the main process's {@code main} thread, in a run the checker
 * started (the checker's runner calls {@link #watch}). A sleep is no library call, so no {@code wait} records it, and a
 * main that slept was drawn running in its timeline. A daemon thread looks at the watched thread every
 * {@link #EVERY_MILLIS} ms: its state, and only when it waits with a timeout, its top frames; a {@code sleep} span opens
 * when it is first seen sleeping and ends when it is first seen out of it, or when its {@code main} ends ({@link #ended}):
 * a JVM that ends right after a sleep would otherwise leave the span open to its end.
 */
public final class SleepWatch {
    /** How often the watched thread is looked at. */
    static final long EVERY_MILLIS = 10;

    /** The watch of this process, or null. */
    private static volatile SleepWatch current;

    private final Thread watched;
    /** Guarded by this: the open sleep's span, or 0. */
    private long span;
    /** Guarded by this: the watched thread's {@code main} ended; nothing more is recorded. */
    private boolean over;

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
            StackTraceElement[] stack = watched.getState() == Thread.State.TIMED_WAITING ? watched.getStackTrace() : null;
            boolean sleeping = stack != null && sleeping(stack);
            synchronized (this) {
                if (over) {
                    return;
                }
                if (sleeping && span == 0) {
                    span = Recorder.begin(RecordEvent.SLEEP, "at", Recorder.callSite(stack));
                } else if (!sleeping && span != 0) {
                    Recorder.end(RecordEvent.SLEEP_END, span);
                    span = 0;
                }
            }
        }
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
                w.over = true;
            }
        }
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
