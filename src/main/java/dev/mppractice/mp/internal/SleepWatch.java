package dev.mppractice.mp.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Records when a thread of the program's own is in {@code Thread.sleep} or blocked in a wait of the JDK's: the main
 * process's {@code main} thread, in a run the checker started (the checker's runner calls {@link #watch}), and in any
 * recorded child, the thread that runs its task, or a pool worker's chunk. A sleep is no library call, so no
 * {@code wait} records it, and a process that slept was drawn running in its timeline (exercise 1's worker, which sleeps
 * 100 ms of its 177 ms). One daemon thread of the process looks at each watched thread every {@link #EVERY_MILLIS} ms
 * while it runs the program's code ({@link Watched#enter}): its state, and only when it waits, its top frames; a
 * {@code sleep} span opens when it is first seen sleeping and ends when it is first seen out of it, or when it leaves
 * the program's code ({@link Watched#leave}: its task or chunk returned, its {@code main} ended): a chunk's sleep ends
 * before its chunk does, and a JVM that ends right after a sleep would otherwise leave the span open to its end.
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
 * called; one that waits in another such call next is a new span. A wait of the library's records itself (a
 * {@code wait}, once it lasts) and is left alone: one the recorder knows of ({@link Recorder#waitsNow}) is not looked
 * into at all (a walk of another thread's stack stops it for a moment), and a stack with a frame of the library in it
 * is one too.
 */
public final class SleepWatch {
    /** How often the watched threads are looked at. */
    static final long EVERY_MILLIS = 10;
    /** How long a span lasts before a wake-up in it (processor time used) ends it: a poll loop's spans. */
    static final long SPLIT_MILLIS = 300;

    /** The watch of this process, made at its first watched thread; null before, or when it is not recorded. */
    private static SleepWatch current;
    /** The threads watched here, each until it ends ({@link Watched#end}). */
    private final java.util.List<Watched> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The thread that looks, parked while there is nothing to look at (see {@link #run}). */
    private Thread looker;
    /** The JVM's thread clocks, once a span lasted {@link #SPLIT_MILLIS}; null before, or when there are none. */
    private java.lang.management.ThreadMXBean clocks;
    private boolean noClocks;

    private SleepWatch() {
    }

    /**
     * Starts watching {@code t} (the calling thread, in practice) when this process is recorded, as running the
     * program's code until it ends ({@link Watched#end}); a handle that does nothing when it is not.
     */
    public static Watched watch(Thread t) {
        Watched w = watchIdle(t);
        w.enter();
        return w;
    }

    /**
     * Starts watching {@code t} when this process is recorded, looked at only while it runs the program's code
     * ({@link Watched#enter} to {@link Watched#leave}): a pool worker's thread between chunks waits in the library.
     * A handle that does nothing when the process is not recorded.
     */
    public static Watched watchIdle(Thread t) {
        if (!Recorder.on()) {
            return Watched.NONE;
        }
        SleepWatch watch = started();
        Watched w = new Watched(watch, t);
        watch.threads.add(w);
        LockSupport.unpark(watch.looker);
        return w;
    }

    /**
     * The watch of this process, its thread started now if it was not yet: by a recorded child's warm-up, while it
     * waits for its task, so that the start of a thread (1-3 ms in a loaded child) does not come at the task's.
     */
    static SleepWatch started() {
        synchronized (SleepWatch.class) {
            if (current == null) {
                current = new SleepWatch();
                Thread looks = new Thread(current::run, "mp-sleep-watch");
                looks.setDaemon(true);
                current.looker = looks;
                looks.start();
            }
            return current;
        }
    }

    /**
     * Looks every {@link #EVERY_MILLIS} ms while a thread is watched; parked while none is (a recorded child's watch is
     * started in its warm-up, before it knows whether its task is the program's: a manager's never watches any), until
     * {@link #watchIdle} adds one: the first look then comes a period after that.
     */
    private void run() {
        while (true) {
            if (threads.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            LockSupport.parkNanos(EVERY_MILLIS * 1_000_000L);
            for (Watched w : threads) {
                if (!w.thread.isAlive()) {
                    w.end();
                } else {
                    look(w);
                }
            }
        }
    }

    /** One look at {@code w}: opens and ends its spans as what it does now says. */
    private void look(Watched w) {
        if (!w.inProgram) {
            if (w.open) {
                w.closeSpans(); // it left the program's code while this look's predecessor opened a span
            }
            return;
        }
        Thread.State state = w.thread.getState();
        boolean waits = state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING || state == Thread.State.BLOCKED;
        StackTraceElement[] stack = waits && !Recorder.waitsNow(w.thread) ? w.thread.getStackTrace() : null;
        boolean sleeping = stack != null && sleeping(stack);
        String waitingIn = stack == null || sleeping ? null : jdkWait(stack, state == Thread.State.BLOCKED);
        boolean timed = state == Thread.State.TIMED_WAITING;
        // A wait is the same one while its call, its line and whether it has a timeout stay: main going from one
        // future's get to the next one's between two looks waits anew, at another line.
        String site = waitingIn == null ? null : Recorder.callSite(stack);
        String waitKey = waitingIn == null ? null : waitingIn + " " + site + " " + timed;
        synchronized (w) {
            if (w.over || !w.inProgram) {
                return;
            }
            if (w.waitSpan != 0 && !java.util.Objects.equals(waitKey, w.waitKey)) {
                Recorder.end(RecordEvent.JDK_WAIT_END, w.waitSpan);
                w.waitSpan = 0;
            }
            if (waitingIn != null && w.waitSpan == 0) {
                // timed: a wait with a timeout, which ends by itself (a run is not stuck in it)
                w.waitSpan = Recorder.begin(RecordEvent.JDK_WAIT, "call", waitingIn, "at", site, "timed", timed);
                w.waitKey = waitKey;
            }
            if (sleeping && w.span == 0) {
                w.span = Recorder.begin(RecordEvent.SLEEP, "at", Recorder.callSite(stack));
                w.spanBegan = System.nanoTime();
                w.cpuAtLook = -1;
                w.sleptThroughALook = false;
            } else if (!sleeping && w.span != 0) {
                Recorder.end(RecordEvent.SLEEP_END, w.span);
                w.span = 0;
            } else if (sleeping && System.nanoTime() - w.spanBegan >= SPLIT_MILLIS * 1_000_000L) {
                long cpu = cpuOf(w.thread);
                long now = System.nanoTime();
                if (w.cpuAtLook >= 0 && cpu > w.cpuAtLook) {
                    // It woke since the last look: the span ends here, said to be naps when it was (a rule tells naps
                    // from one long sleep by that, not by their length: on a loaded machine a look comes late). Naps:
                    // it waits again already (a poll loop's next nap, which opens a new span at the next look), or it
                    // woke between the first two looks past the split, on time, without a look that it slept through
                    // (a poll loop's last nap). A long sleep that is just ending (this look raced its wake-up) slept
                    // through the looks before: no nap, and no new span opens.
                    boolean firstTwoOnTime = !w.sleptThroughALook && now - w.cpuLookNanos <= 3 * EVERY_MILLIS * 1_000_000L;
                    if (firstTwoOnTime || w.thread.getState() == Thread.State.TIMED_WAITING) {
                        Recorder.end(RecordEvent.SLEEP_END, w.span, "naps", true);
                    } else {
                        Recorder.end(RecordEvent.SLEEP_END, w.span);
                    }
                    w.span = 0;
                    cpu = -1;
                } else if (w.cpuAtLook >= 0) {
                    w.sleptThroughALook = true;
                }
                w.cpuAtLook = cpu;
                w.cpuLookNanos = now;
            }
            w.open = w.span != 0 || w.waitSpan != 0;
        }
    }

    /** {@code t}'s processor time in nanoseconds, or -1 when the JVM cannot tell it. */
    private long cpuOf(Thread t) {
        if (clocks == null && !noClocks) {
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            noClocks = !bean.isThreadCpuTimeSupported();
            clocks = noClocks ? null : bean;
        }
        return clocks == null ? -1 : clocks.getThreadCpuTime(t.getId());
    }

    /**
     * A thread watched: looked at while it runs the program's code. Its spans are guarded by it; the flags are
     * volatile, so that a chunk's enter and leave cost a store each and no lock.
     */
    public static final class Watched {
        /** The handle of a process that is not recorded: does nothing. */
        static final Watched NONE = new Watched(null, null);
        private final SleepWatch watch;
        private final Thread thread;
        /** True while the thread runs the program's code (its task, a chunk, main). */
        private volatile boolean inProgram;
        /** True while a span of it may be open: {@link #leave} looks no further when it is false. */
        private volatile boolean open;
        /** Guarded by this: the thread's task ended; nothing more is recorded. */
        private boolean over;
        /** Guarded by this: the open sleep's span, or 0. */
        private long span;
        /** Guarded by this: the open JDK wait's span, or 0, and what it waits in (its call, line and whether timed). */
        private long waitSpan;
        private String waitKey;
        /** When the open span began ({@code System.nanoTime}). */
        private long spanBegan;
        /** The thread's processor time at the last look into a long span, or -1. */
        private long cpuAtLook = -1;
        /** When {@link #cpuAtLook} was read ({@code System.nanoTime}). */
        private long cpuLookNanos;
        /** Whether a look into the open span, past the split, found the thread had used no processor time since the one before. */
        private boolean sleptThroughALook;

        private Watched(SleepWatch watch, Thread thread) {
            this.watch = watch;
            this.thread = thread;
        }

        /** The thread runs the program's code from now on (a chunk begins). */
        public void enter() {
            if (watch != null) {
                inProgram = true;
            }
        }

        /**
         * The thread is back in the library (a chunk's tasks returned): its open spans end now, and it is not looked at
         * until it enters again. A look that raced this and opened a span after it is ended by the next look.
         */
        public void leave() {
            if (watch != null) {
                inProgram = false;
                if (open) {
                    closeSpans();
                }
            }
        }

        /** The thread's task or {@code main} returned or threw: its open spans end now, and the watch of it with them. */
        public void end() {
            if (watch != null) {
                leave();
                synchronized (this) {
                    over = true;
                }
                watch.threads.remove(this);
            }
        }

        private synchronized void closeSpans() {
            if (span != 0) {
                Recorder.end(RecordEvent.SLEEP_END, span);
                span = 0;
            }
            if (waitSpan != 0) {
                Recorder.end(RecordEvent.JDK_WAIT_END, waitSpan);
                waitSpan = 0;
            }
            open = false;
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
