package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child JVM as its parent sees it: started with the parent's {@code java} and class path,
 * configured over its standard input (which it watches, so that it ends when the parent ends,
 * however the parent ends), reporting back over a control connection to the parent's hub, so
 * that a normal end, an uncaught exception, {@code System.exit}, a signal and a crash are told
 * apart and reported with Python's exit codes.
 */
public final class ChildProcess {
    /** System properties a child JVM is started with as this JVM has them. */
    private static final List<String> PASSED_ON = List.of("file.encoding", "stdout.encoding", "stderr.encoding",
            "java.io.tmpdir", LinuxPaths.FORCE_FALLBACKS, Transfer.THRESHOLD_PROPERTY, SlowedRun.PROPERTY,
            SlowedRun.PAUSE_PROPERTY, SlowedRun.RECEIVES_PROPERTY, SlowedRun.ARRIVAL_PROPERTY, SlowedRun.STARTS_PROPERTY,
            HeldLocksRun.PROPERTY);

    /** Flags that map a class-data sharing archive recorded by {@link CdsTraining}, if there is a fresh one. */
    private static final List<String> CDS_FLAGS = archiveFlags();

    /** The system property that names the socket provider of a JVM ({@link SelectorProvider#provider()}). */
    static final String SELECTOR_PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";
    /**
     * This JVM's socket provider, named to its children when it is the JDK's own: a child's first
     * socket then makes the same one by name. Unnamed, {@link SelectorProvider#provider()} looks
     * for a provider on the class path first (a {@link java.util.ServiceLoader} over every jar and
     * the JDK's modules): about 3 ms of each child's processor time, spent to find the provider its
     * parent already found. A provider of the program's own (from the class path) is not named: the
     * child looks for it as its parent did, and finds it.
     */
    private static final List<String> PROVIDER_FLAGS = providerFlags();

    private static final Map<Long, ChildProcess> BY_ID = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    /** The context of the process that started this child (its parent, this JVM). */
    private final Context context;
    private final String name;
    private final boolean daemon;
    private final boolean quick;
    private final java.lang.Process process;
    private final OutputStream stdin;
    private final CountDownLatch controlClosed = new CountDownLatch(1);
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile boolean controlAttached;
    private volatile Integer reportedExit;
    private volatile int reportedSignal;
    private volatile boolean reportedShutdown;
    private volatile int sentSignal;
    /** The first signal was the one this process sends its children as it ends (see {@link #signalAtExit()}). */
    private volatile boolean signalledAtExit;
    /** Set when this process ended the child before it was ready: it has nothing to report, none is awaited. */
    private volatile boolean killedBeforeReady;
    /** When its JVM was started (long before this child was, if it was a spare). */
    private final long launchedNanos;
    /** When this child said it runs its task (0 until then): how long the task ran is from here to its end. */
    private volatile long readyNanos;
    /**
     * Whether the spare that replaces this child's JVM was started with it (a process when it started, a pool's worker
     * when it was ready; see {@link Launch#replaceAtStart}), or is started at its end.
     */
    private volatile boolean replacedAtStart;
    /** A pool's worker: whether its pool has been given work (null for other children). */
    private final java.util.function.BooleanSupplier poolGivenWork;

    private ChildProcess(Context ctx, String name, boolean daemon, boolean quick, byte[] task,
            java.util.function.BooleanSupplier poolGivenWork) {
        this.poolGivenWork = poolGivenWork;
        this.context = ctx;
        this.name = name;
        this.daemon = daemon;
        this.quick = quick;
        if (ctx.shuttingDown()) {
            throw new ProcessException("cannot start " + name + ": this program is ending");
        }
        ctx.hub();
        if (quick) {
            Launch.batch(true, 1);
        }
        Launch launch = Launch.take(ctx, quick);
        launchedNanos = launch.startedNanos;
        BY_ID.put(id, this);
        process = launch.process;
        stdin = launch.stdin;
        try {
            // As long as the task is, while the child reads it.
            new ChildBoot.Assignment(id, name, task).writeTo(stdin);
        } catch (IOException e) {
            // A child that ends while it receives its task (one too large for its heap) has said
            // why on its standard error: it started, and its exit code tells how it ended.
            if (!endsWithin(process, Duration.ofSeconds(5))) {
                BY_ID.remove(id);
                process.destroyForcibly();
                throw new ProcessException("cannot start a JVM for " + name + ": " + e.getMessage(), e);
            }
        }
        // A short-lived child's successor starts now, while it runs (measured: 80 vs 105 ms a start in a
        // loop of Process.start and join); a long-lived one's when it ends (see Launch#replaceAtStart). Not on
        // the caller's thread: starting a JVM costs the caller milliseconds that start() need not wait for.
        replacedAtStart = quick && Launch.replaceAtStart(true);
        if (replacedAtStart) {
            Launch.replenishInBackground(ctx, true);
        }
        ctx.adopt(this);
        Thread reaper = new Thread(this::reap, "mp-reaper-" + name);
        // A non-daemon child keeps its parent alive until it ends, as in Python.
        reaper.setDaemon(daemon);
        reaper.start();
        if (!daemon) {
            ctx.watchTheEndOfMain();
        }
    }

    /**
     * A child JVM started and configured (key, private directory, record), but not yet given its
     * name and task. One of each kind is kept ready ahead of need, as Python's forkserver keeps
     * a process ready to fork: a new child then costs a message instead of a JVM start.
     */
    private static final class Launch {
        private static final boolean SPARES = !"off".equals(System.getProperty("mp.spares"));
        /** Spares by kind (quick or not): as many as the last batch asked for, up to the cpu count. */
        private static final Map<Boolean, java.util.Deque<Launch>> SPARE = new ConcurrentHashMap<>();
        private static final Map<Boolean, Integer> WANTED = new ConcurrentHashMap<>();
        /** The kinds of which a child has ended. */
        private static final Set<Boolean> ENDED = ConcurrentHashMap.newKeySet();
        /** The kinds of which a batch started after a child had ended: those get spares (see {@link #batch}). */
        private static final Set<Boolean> AGAIN = ConcurrentHashMap.newKeySet();
        /** By kind: how many times spares were asked for (see {@link #sparesAskedFor}). */
        private static final Map<Boolean, Integer> ASKED = new ConcurrentHashMap<>();

        /**
         * The shortest time seen from a JVM's start to its child's report that it runs its task: how
         * long a JVM takes to boot here, at best. A spare younger than that when it is taken was not
         * ready yet: the program starts children faster than one spare at a time can boot.
         */
        private static volatile long fastestBootNanos = Long.MAX_VALUE;

        final java.lang.Process process;
        final OutputStream stdin;
        /** The command line it was started with: a spare started before the flags changed is not used. */
        final List<String> command;
        final long startedNanos;

        private Launch(java.lang.Process process, OutputStream stdin, List<String> command, long startedNanos) {
            this.process = process;
            this.stdin = stdin;
            this.command = command;
            this.startedNanos = startedNanos;
        }

        private static java.util.Deque<Launch> spares(boolean quick) {
            return SPARE.computeIfAbsent(quick, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        }

        /**
         * A spare of this kind if one is still alive and was started with today's flags, else a new JVM.
         *
         * @throws ProcessException if the JVM cannot start, or a flag set by a system property is wrong
         */
        static Launch take(Context ctx, boolean quick) {
            List<String> command = command(quick);
            Launch spare;
            while ((spare = spares(quick).pollFirst()) != null) {
                if (spare.process.isAlive() && spare.command.equals(command)) {
                    if (System.nanoTime() - spare.startedNanos < fastestBootNanos) {
                        // Taken before it could have booted: keep one more spare of this kind
                        // booting (two boot side by side on two cores), up to the processor count.
                        WANTED.merge(quick, 2, (a, b) -> Math.min(a + 1, Runtime.getRuntime().availableProcessors()));
                    }
                    return spare;
                }
                spare.process.destroyForcibly();
            }
            return start(ctx, command);
        }

        /**
         * Says that {@code count} children of this kind are about to start together (a pool asks for its size; each
         * Process is a batch of one). Spares are kept only once a batch starts after a child of its kind has ended: a
         * program that starts processes again and again (a loop of start and join, a second pool) then gets them
         * ready, while one whose children all start together pays for no JVM it will never use. Measured, the
         * catalogue's 52 checks (dev check --no-fixtures), when spares came from the second batch on: 86 spares
         * started, 32 taken, the others booted beside the work and were killed at exit.
         */
        static void batch(boolean quick, int count) {
            WANTED.merge(quick, Math.min(count, Runtime.getRuntime().availableProcessors()), Math::max);
            if (ENDED.contains(quick)) {
                AGAIN.add(quick);
            }
        }

        /** Whether spares of this kind are kept (see {@link #batch}); counts the asking when they are. */
        private static boolean sparesKept(boolean quick) {
            if (!SPARES || !AGAIN.contains(quick)) {
                return false;
            }
            ASKED.merge(quick, 1, Integer::sum);
            return true;
        }

        /** Starts spares of this kind until there are as many as wanted, unless spares are off. */
        static void replenish(Context ctx, boolean quick) {
            if (sparesKept(quick)) {
                fill(ctx, quick);
            }
        }

        /** Starts spares of this kind until there are as many as wanted. */
        private static void fill(Context ctx, boolean quick) {
            java.util.Deque<Launch> spares = spares(quick);
            synchronized (spares) {
                while (spares.size() < WANTED.getOrDefault(quick, 1)) {
                    try {
                        spares.addLast(start(ctx, command(quick)));
                    } catch (ProcessException e) {
                        return; // no spare: the next child starts its JVM itself
                    }
                }
            }
        }

        /** {@link #replenish} on a thread of its own, so that the caller does not wait for JVMs to start. */
        static void replenishInBackground(Context ctx, boolean quick) {
            if (!sparesKept(quick)) {
                return;
            }
            Thread t = new Thread(() -> fill(ctx, quick), "mp-spare-start");
            t.setDaemon(true);
            t.start();
        }

        /**
         * By kind: whether the last child that ended ran its task for longer than a JVM takes to boot (then a child's
         * successor spare starts at its end, not at its start): the spare of a process that computes for longer than a
         * boot, or of a pool's worker, started with it booted beside it and took processor time from it. Measured:
         * two children's 100,000 locked increments each, started again and again (the benchmark's row g), took 112 ms
         * a loop with spares booting beside them and 76 ms without (medians of 48; the loop's main thread waited 75 ms
         * for a processor against 35); a pool's map of 10,000 numbers (row b) 0.43 and 0.31 M tasks a second with
         * spare workers booting beside it, 0.96 and 0.79 without.
         */
        private static final Map<Boolean, Boolean> LIVED_LONG = new ConcurrentHashMap<>();

        /** Whether a child of this kind starting now has its spare's successor started at once (else when it ends). */
        static boolean replaceAtStart(boolean quick) {
            return !LIVED_LONG.getOrDefault(quick, false);
        }

        /**
         * A child of this kind ended after running its task for {@code ranNanos} (0: it never ran it): notes whether that
         * was longer than a boot, and starts its successor spare now unless one was started with it ({@code replacedAtStart}).
         */
        static void ended(Context ctx, boolean quick, long ranNanos, boolean replacedAtStart) {
            ENDED.add(quick);
            LIVED_LONG.put(quick, ranNanos > fastestBootNanos);
            if (!replacedAtStart && !ctx.shuttingDown()) {
                replenishInBackground(ctx, quick);
            }
        }

        /** Notes how long a JVM took from its start until its child ran its task. */
        static void booted(long nanos) {
            if (nanos < fastestBootNanos) {
                fastestBootNanos = nanos;
            }
        }

        /** Kills the spares (at exit). */
        static void discardSpares() {
            for (java.util.Deque<Launch> spares : SPARE.values()) {
                Launch l;
                while ((l = spares.pollFirst()) != null) {
                    l.process.destroyForcibly();
                }
            }
        }

        /**
         * The command line of a child JVM of this kind, as the system properties say now.
         *
         * @throws ProcessException if {@value JvmFlags#MAX_HEAP_PROPERTY} is not a heap size
         */
        private static List<String> command(boolean quick) {
            List<String> extra = JvmFlags.split(System.getProperty("mp.childJvmArgs"));
            List<String> cmd = new ArrayList<>();
            cmd.add(JvmFlags.java());
            cmd.addAll(JvmFlags.startUp(quick ? JvmFlags.Work.SHORT : JvmFlags.Work.LONG));
            cmd.addAll(CDS_FLAGS);
            cmd.addAll(PROVIDER_FLAGS);
            cmd.addAll(JvmFlags.heap(extra));
            for (String p : PASSED_ON) {
                String v = System.getProperty(p);
                if (v != null) {
                    cmd.add("-D" + p + "=" + v);
                }
            }
            java.nio.file.Path programJar = ClassFilter.programJar();
            cmd.add("-D" + ClassFilter.PROGRAM_JAR_PROPERTY + "=" + (programJar == null ? "" : programJar));
            cmd.addAll(extra);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(ChildMain.class.getName());
            return List.copyOf(cmd);
        }

        private static Launch start(Context ctx, List<String> cmd) {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            java.lang.Process process = null;
            long started = System.nanoTime();
            try {
                System.out.flush();
                System.err.flush();
                process = ctx.launch(pb);
                OutputStream stdin = process.getOutputStream();
                new ChildBoot.Setup(ctx.key(), ctx.dir(), ctx.recordPath(), ctx.pid(), ctx.clockOffsetMicros(), WarmUp.TASK)
                        .writeTo(stdin);
                return new Launch(process, stdin, cmd, started);
            } catch (IOException e) {
                if (process != null) {
                    process.destroyForcibly();
                }
                throw new ProcessException("cannot start a JVM: " + e.getMessage(), e);
            }
        }
    }

    /** The task every child decodes as it boots ({@link ChildMain#warmUpTask()}), encoded once, when the first JVM starts. */
    private static final class WarmUp {
        static final byte[] TASK = ChildMain.warmUpTask();
    }

    /** Says that a pool is about to start {@code count} workers (see {@link Launch#batch}). */
    public static void workerBatch(int count) {
        Launch.batch(false, count);
    }

    /** The pids of the spare JVMs kept ahead of need (not children of the program yet). */
    static java.util.Set<Long> sparePids() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        for (java.util.Deque<Launch> spares : Launch.SPARE.values()) {
            for (Launch l : spares) {
                pids.add(l.process.pid());
            }
        }
        return pids;
    }

    /** How many spare JVMs of this kind are ready or booting (for tests). */
    static int spareCount(boolean quick) {
        return Launch.spares(quick).size();
    }

    /** How many times spares of this kind were asked for (for tests). */
    static int sparesAskedFor(boolean quick) {
        return Launch.ASKED.getOrDefault(quick, 0);
    }

    /** How many spares of this kind are wanted (for tests). */
    static int wantedSpares(boolean quick) {
        return Launch.WANTED.getOrDefault(quick, 0);
    }

    /** The age of the spare of this kind that would be taken next, or -1 when there is none (for tests). */
    static long nextSpareAgeNanos(boolean quick) {
        Launch l = Launch.spares(quick).peekFirst();
        return l == null ? -1 : System.nanoTime() - l.startedNanos;
    }

    /** The shortest boot seen so far, or Long.MAX_VALUE before any child has run its task (for tests). */
    static long fastestBootNanos() {
        return Launch.fastestBootNanos;
    }

    /** Ends the spare JVMs kept ahead of need (at exit). */
    static void discardSpares() {
        Launch.discardSpares();
    }

    /** See {@link #PROVIDER_FLAGS}: the JDK names a provider class it can make, a public one with a public constructor. */
    private static List<String> providerFlags() {
        Class<?> provider = SelectorProvider.provider().getClass();
        if (provider.getModule() != Object.class.getModule() || !Modifier.isPublic(provider.getModifiers())) {
            return List.of();
        }
        try {
            provider.getConstructor();
        } catch (NoSuchMethodException e) {
            return List.of();
        }
        return List.of("-D" + SELECTOR_PROVIDER_PROPERTY + "=" + provider.getName());
    }

    private static List<String> archiveFlags() {
        if ("off".equals(System.getProperty("mp.childCds"))) {
            return List.of();
        }
        return ClassDataArchive.flags(System.getProperty("java.class.path", ""));
    }

    /**
     * Starts a child JVM of this process ({@code ctx}) that runs {@code task} (already serialized).
     *
     * @param quick true for children doing short work: skips the optimizing compiler
     */
    public static ChildProcess start(Context ctx, String name, boolean daemon, boolean quick, byte[] task) {
        return new ChildProcess(ctx, name, daemon, quick, task, null);
    }

    /**
     * Starts a pool's worker (a daemon doing long work) that runs {@code task}; {@code poolGivenWork} says whether its
     * pool has been given work: then the spare that replaces it starts when it ends, not when it is ready (it would
     * boot beside the pool's work, see {@link Launch#replaceAtStart}).
     */
    public static ChildProcess startWorker(Context ctx, String name, byte[] task, java.util.function.BooleanSupplier poolGivenWork) {
        return new ChildProcess(ctx, name, true, false, task, poolGivenWork);
    }

    /** A fresh name for a child of this process ({@code ctx}) of this kind: {@code Process-3}, {@code PoolWorker-1}, ... */
    public static String nextName(Context ctx, String kind) {
        return ctx.childName(kind);
    }

    public String name() {
        return name;
    }

    public boolean daemon() {
        return daemon;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return !exit.isDone();
    }

    /** True from the moment the child has loaded its task and runs it, until it ends. */
    boolean runsItsTask() {
        return ready.getCount() == 0 && !exit.isDone();
    }

    /** The exit code in Python's convention, or null while it runs. */
    public Integer exitCode() {
        return exit.getNow(null);
    }

    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    /** Waits for the end; returns false if the time ran out first. */
    public boolean await(Duration timeout) {
        try {
            if (timeout == null) {
                exit.get();
            } else {
                exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessException("interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            throw new ProcessException("could not wait for " + name, e.getCause());
        }
    }

    /** Waits until the child has loaded its task and is running it (or has ended). */
    public boolean awaitReady(Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (ready.await(20, TimeUnit.MILLISECONDS)) {
                    return true;
                }
                if (exit.isDone()) {
                    return false;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean endsWithin(java.lang.Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGTERM, or SIGKILL when {@code force}, to the child and every process it started. A child whose
     * JVM has not said it is ready yet gets SIGKILL for SIGTERM: no program code has run in it, it has
     * started no process, and a JVM that SIGTERM reaches in its own start-up prints "Error occurred
     * during initialization of VM" to the learner's console; its exit code still reads -15 (the signal sent).
     */
    public void signal(boolean force) {
        signal(force, false);
    }

    /**
     * As {@link #signal(boolean)}, sent because this process is ending and the child is still running (a daemon): the
     * record's {@code process-exit} says so ({@code atexit}), since the program itself did not end it.
     */
    void signalAtExit(boolean force) {
        signal(force, true);
    }

    private void signal(boolean force, boolean atExit) {
        if (exit.isDone()) {
            return;
        }
        if (sentSignal == 0) {
            sentSignal = force ? 9 : 15;
            signalledAtExit = atExit;
        }
        boolean booting = ready.getCount() != 0;
        if (booting) {
            killedBeforeReady = true;
        }
        killTree(force || booting);
    }

    void killTree(boolean force) {
        // Snapshot first: once the root is gone its children are re-parented and lost from view.
        List<ProcessHandle> tree = new ArrayList<>();
        try {
            process.descendants().forEach(tree::add);
        } catch (RuntimeException e) {
            // the process may already be gone
        }
        if (force) {
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
        } else {
            process.destroy();
            tree.forEach(ProcessHandle::destroy);
        }
    }

    private void reap() {
        int raw;
        while (true) {
            try {
                raw = process.waitFor();
                Trace.at("reaper saw exit of " + name);
                break;
            } catch (InterruptedException e) {
                // keep waiting: the exit must be recorded
            }
        }
        try {
            // The control channel carries how the child ended; it closes right after the exit. Its
            // exit report is the last thing a child says: once it is in, there is nothing to wait for.
            if (reportedExit == null && !killedBeforeReady) {
                controlClosed.await(controlAttached ? 2000 : 200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
        Trace.at("reaper control closed " + name);
        long ran = readyNanos;
        Launch.ended(context, quick, ran == 0 ? 0 : System.nanoTime() - ran, replacedAtStart);
        int code = exitCodeOf(raw);
        BY_ID.remove(id);
        context.forget(this);
        if (signalledAtExit && code == -sentSignal) {
            Recorder.event(RecordEvent.PROCESS_EXIT, "child", process.pid(), "name", name, "exitcode", code, "atexit", true);
        } else {
            Recorder.event(RecordEvent.PROCESS_EXIT, "child", process.pid(), "name", name, "exitcode", code);
        }
        exit.complete(code);
    }

    private int exitCodeOf(int raw) {
        Integer reported = reportedExit;
        if (reported != null) {
            return reported;
        }
        if (reportedSignal != 0) {
            return -reportedSignal;
        }
        if (sentSignal != 0 && (raw == 128 + sentSignal || !reportedShutdown)) {
            return -sentSignal;
        }
        if (reportedShutdown) {
            return raw; // System.exit(n) in the child: n as given
        }
        // Ended without a word: a signal from elsewhere, a crash, or Runtime.halt.
        return raw > 128 && raw < 160 ? -(raw - 128) : raw;
    }

    /** Reads a child's reports on its control connection until it closes (runs on a hub thread). */
    static void controlLoop(long childId, Wire wire) throws IOException {
        ChildProcess c = BY_ID.get(childId);
        if (c == null) {
            return;
        }
        c.controlAttached = true;
        try {
            while (true) {
                Msg.Reader m = new Msg.Reader(wire.receive());
                switch (m.type) {
                    case Proto.C_READY -> {
                        c.readyNanos = System.nanoTime();
                        c.ready.countDown();
                        Launch.booted(c.readyNanos - c.launchedNanos);
                        if (!c.quick) {
                            // The next spare worker starts once this one is up, not while it starts (a
                            // pool's JVMs starting at once on two cores already take turns); or, if its
                            // pool has work to do already, when it ends.
                            c.replacedAtStart = (c.poolGivenWork == null || !c.poolGivenWork.getAsBoolean())
                                    && Launch.replaceAtStart(false);
                            if (c.replacedAtStart) {
                                Launch.replenish(c.context, false);
                            }
                        }
                    }
                    case Proto.C_EXIT -> c.reportedExit = m.i32();
                    case Proto.C_SIGNALLED -> c.reportedSignal = m.i32();
                    case Proto.C_SHUTDOWN -> c.reportedShutdown = true;
                    default -> {
                    }
                }
            }
        } finally {
            c.controlClosed.countDown();
        }
    }
}
