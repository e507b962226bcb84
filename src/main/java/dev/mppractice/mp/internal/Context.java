package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the library knows about the process it runs in: its name, its place in the
 * process tree, the tree's secret key and private directory, the objects it serves to other
 * processes, its connections to them, and its children.
 *
 * <p>The first process of a tree (the "main process") makes a new key and a new private
 * directory (mode 0700) lazily, the first time the library needs them; a child receives both
 * from its parent over its control channel, never on the command line or in the environment.
 */
public final class Context {
    private static volatile Context current;

    private final long pid = LinuxPaths.selfPid();
    private volatile String name;
    private final byte[] key;
    private final Path dir;
    /** The main process's own directory, whose lock it holds; null in a child. */
    private final PrivateDir ownDir;
    private final boolean child;
    private final long parentPid;
    private final Recorder recorder;
    private final String recordPath;
    /** The run record's clock (see {@link Recorder#clockOffsetMicros()}): the main process's, passed down the tree. */
    private final long clockOffsetMicros;
    private final AtomicLong ids = new AtomicLong();
    /** {@code "<pid>:"}, the start of every id, as bytes (a recorded message's id, {@link MessageId}). */
    private final byte[] idPrefix = (pid + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final AtomicInteger processNumbers = new AtomicInteger();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final AtomicInteger managerNumbers = new AtomicInteger();
    private final Map<String, Object> served = new ConcurrentHashMap<>();
    private final Set<ChildProcess> children = ConcurrentHashMap.newKeySet();

    /**
     * Guards {@link #runState} and {@link #launched}: a JVM is started only under it, while the
     * state is {@code RUNNING}, and recorded at once, so that the end of this process knows every
     * JVM it has started, and none is started after it has begun.
     */
    private final Object launchLock = new Object();
    private RunState runState = RunState.RUNNING;
    /** Every JVM this process has started and that has not ended (spares, children, one being set up). */
    private final Set<java.lang.Process> launched = new HashSet<>();
    /**
     * Whether this process ever started a JVM (guarded by {@link #launchLock}): one that never did has no spare to
     * discard as it ends, and is spared the setting up of the launching machinery it never used (a child ending
     * after its task, most of all: 2-3 ms of its exit).
     */
    private boolean everLaunched;
    private final Peers peers;
    private volatile Hub hub;
    /** {@code -Dmp.trace=FILE} in the main process, else null. */
    private TraceFile trace;

    private Context(String name, byte[] key, PrivateDir ownDir, Path dir, boolean child, long parentPid, String recordPath,
            long clockOffsetMicros) {
        this.name = name;
        this.key = key;
        this.ownDir = ownDir;
        this.dir = dir;
        this.child = child;
        this.parentPid = parentPid;
        this.recordPath = recordPath == null ? "" : recordPath;
        this.clockOffsetMicros = clockOffsetMicros;
        this.recorder = Recorder.open(recordPath, pid, this::name, Recorder.FLUSH_MILLIS, clockOffsetMicros);
        this.peers = new Peers(this);
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "mp-shutdown"));
    }

    /**
     * The library's run state in this JVM. The only transition is {@code RUNNING} to
     * {@code SHUTTING_DOWN}, made once when this process begins to end, whatever the way: its
     * shutdown hook (a normal end, {@code System.exit}, an uncaught exception, SIGTERM) or, in a
     * child, the end of its task.
     */
    enum RunState {
        /** Processes, pool workers, spares and managers may start. */
        RUNNING,
        /**
         * This process is ending: nothing starts any more (a start throws), a pool replaces no worker
         * and fails no call for the workers it loses, and the library's threads end without a word.
         */
        SHUTTING_DOWN
    }

    /** The context of this JVM, created as a main process on first use. */
    public static Context get() {
        Context c = current;
        if (c == null) {
            synchronized (Context.class) {
                c = current;
                if (c == null) {
                    byte[] key = HmacSha256.random(32);
                    PrivateDir own = PrivateDir.create();
                    TraceFile trace = TraceFile.fromProperties(own.path());
                    String record = trace != null ? trace.recordPath() : System.getProperty("mp.record");
                    // read only for a recorded run: every program's start passes here
                    c = new Context("MainProcess", key, own, own.path(), false, -1, record,
                            record == null || record.isEmpty() ? 0 : Recorder.clockOffsetMicros());
                    c.trace = trace;
                    current = c;
                    if (trace != null) {
                        // Main's sleeps and waits in the JDK, as the checker's runner has them watched in a checked run.
                        Thread main = mainThread();
                        if (main != null) {
                            SleepWatch.watch(main);
                        }
                    }
                }
            }
        }
        return c;
    }

    /** The context of this JVM if the library has set one up, else null (never creates one). */
    static Context existing() {
        return current;
    }

    /** Installs the context of a child, before anything else of the library runs there. */
    static synchronized Context initChild(byte[] key, Path dir, long parentPid, String recordPath, long clockOffsetMicros) {
        if (current != null) {
            throw new IllegalStateException("the library was used before the child was set up");
        }
        current = new Context("SpareProcess", key, null, dir, true, parentPid, recordPath, clockOffsetMicros);
        return current;
    }

    /** A child's name, given with its task (a spare JVM is started before it is known). */
    void assignName(String name) {
        this.name = name;
    }

    public long pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    public boolean isChild() {
        return child;
    }

    public long parentPid() {
        return parentPid;
    }

    byte[] key() {
        return key;
    }

    /** The tree's private directory (mode 0700): its sockets and shared memory. */
    public Path dir() {
        return dir;
    }

    String recordPath() {
        return recordPath;
    }

    long clockOffsetMicros() {
        return clockOffsetMicros;
    }

    Recorder recorder() {
        return recorder;
    }

    public Peers peers() {
        return peers;
    }

    /** A new id, unique in the tree: {@code "<pid>:<n>"}. */
    public String newId() {
        return pid + ":" + ids.incrementAndGet();
    }

    /** As {@link #newId()}, for a recorded message: the same ids, one counter. */
    MessageId newMessageId() {
        return new MessageId(idPrefix, ids.incrementAndGet());
    }

    /** The name for a new child of kind {@code Process}, {@code PoolWorker} or {@code Manager}. */
    String childName(String kind) {
        AtomicInteger counter = switch (kind) {
            case "PoolWorker" -> workerNumbers;
            case "Manager" -> managerNumbers;
            default -> processNumbers;
        };
        int n = counter.incrementAndGet();
        if (!child || !"Process".equals(kind)) {
            return kind + "-" + n;
        }
        return name + ":" + n;
    }

    /** The socket path of the hub of process {@code pid} of this tree. */
    public Path socketOf(long ownerPid) {
        return dir.resolve("h" + ownerPid + ".sock");
    }

    /** This process's hub, started on first use. */
    public Hub hub() {
        Hub h = hub;
        if (h == null) {
            synchronized (this) {
                h = hub;
                if (h == null) {
                    try {
                        h = new Hub(this, socketOf(pid));
                    } catch (IOException e) {
                        throw new ProcessException("cannot listen on " + socketOf(pid)
                                + ": " + e.getMessage(), e);
                    }
                    hub = h;
                }
            }
        }
        return h;
    }

    /** Makes {@code object} reachable by other processes of the tree under {@code id}. */
    public void serve(String id, Object object) {
        served.put(id, object);
        hub();
    }

    public Object served(String id) {
        return served.get(id);
    }

    public void unserve(String id) {
        served.remove(id);
    }

    /**
     * Starts a JVM, unless this process is ending.
     *
     * @throws ProcessException if this process has begun to end (see {@link RunState})
     */
    java.lang.Process launch(ProcessBuilder builder) throws IOException {
        java.lang.Process p;
        synchronized (launchLock) {
            if (runState != RunState.RUNNING) {
                throw new ProcessException("cannot start a new process: this program is ending");
            }
            p = builder.start();
            everLaunched = true;
            launched.add(p);
        }
        p.onExit().thenRun(() -> {
            synchronized (launchLock) {
                launched.remove(p);
            }
        });
        return p;
    }

    /** True once this process has begun to end (see {@link RunState}). */
    boolean shuttingDown() {
        synchronized (launchLock) {
            return runState == RunState.SHUTTING_DOWN;
        }
    }

    /**
     * Moves to {@code SHUTTING_DOWN}, so that nothing starts any more, and kills (SIGKILL) the JVMs
     * that are not children yet: the spares, and one being handed its task. They have nothing to
     * finish, and killed they have nothing to say, whereas left to start they would find this
     * process gone half-way through.
     */
    private void stopLaunching() {
        List<java.lang.Process> jvms;
        boolean spares;
        synchronized (launchLock) {
            runState = RunState.SHUTTING_DOWN;
            jvms = new ArrayList<>(launched);
            spares = everLaunched;
        }
        if (spares) {
            ChildProcess.discardSpares();
        }
        Set<Long> adopted = new HashSet<>();
        for (ChildProcess c : children) {
            adopted.add(c.pid());
        }
        for (java.lang.Process p : jvms) {
            if (!adopted.contains(p.pid())) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Ends a child as this process ends: a child that runs its task is terminated (SIGTERM, exit
     * code -15, as Python at exit); one still starting is killed, for the reasons of
     * {@link #stopLaunching()}.
     */
    private static void end(ChildProcess c) {
        c.signalAtExit(!c.runsItsTask());
    }

    /** The children of this process that have not ended yet (pool workers and managers included). */
    public java.util.Collection<ChildProcess> children() {
        return java.util.Collections.unmodifiableSet(children);
    }

    void adopt(ChildProcess c) {
        children.add(c);
    }

    void forget(ChildProcess c) {
        children.remove(c);
    }

    private final List<Runnable> atCleanExit = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Runs {@code action} when this process ends cleanly: a child whose task returned (exit code 0),
     * not one that threw, called {@code System.exit}, or was killed. A Semaphore keeps the permits such
     * a process took, as in Python, while one that died gives them back.
     */
    public void atCleanExit(Runnable action) {
        atCleanExit.add(action);
    }

    /** The actions of {@link #atCleanExit}, each on its own: one that fails does not stop the others. */
    void runCleanExitActions() {
        for (Runnable r : atCleanExit) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // the exit goes on; what this action kept is given back as for a dead process
            }
        }
    }

    /** At the end of a child: daemon children are terminated, the others waited for (as Python). */
    void finishChildren() {
        stopLaunching();
        for (ChildProcess c : children) {
            if (c.daemon()) {
                end(c);
            }
        }
        awaitChildrenAtEnd();
    }

    /**
     * The call of the record's waits for children at a process's end ({@link #awaitChildrenAtEnd}): no call of the
     * program's, so the checker words it as the end of {@code main} or of a task.
     */
    public static final String END_WAIT_CALL = "end";

    /**
     * Waits for each child not made a daemon, in turn, as a process does at its end (Python joins them at exit): in a
     * recorded run each such wait is a wait of the record ({@link #END_WAIT_CALL}, kind {@code process}, the child's
     * pid), so that a run stuck there says so, and its timeline draws the process blocked rather than running.
     */
    private void awaitChildrenAtEnd() {
        for (ChildProcess c : children) {
            if (!c.daemon() && c.isAlive()) {
                try (Recorder.Wait w = Recorder.waiting(END_WAIT_CALL, "process", c.pid())) {
                    c.await(null);
                }
            }
        }
    }

    /** True once the end of this JVM's main thread is watched ({@link #watchTheEndOfMain}). */
    private final java.util.concurrent.atomic.AtomicBoolean mainWatched = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * In the program's own JVM (not a child), recorded, once it started a child not made a daemon: a daemon thread
     * waits for the JVM's {@code main} thread to end, and then for the children that keep the JVM running
     * ({@link #awaitChildrenAtEnd}: the JVM itself waits for them through their non-daemon reaper threads), so that
     * the record shows main waiting there, not running. A run stuck because a child never ends after main
     * returned (it waits for a message main never sends) is then told so.
     */
    void watchTheEndOfMain() {
        if (child || recorder == null || !mainWatched.compareAndSet(false, true)) {
            return;
        }
        Thread main = mainThread();
        if (main == null) {
            return;
        }
        Thread watch = new Thread(() -> {
            try {
                main.join();
            } catch (InterruptedException e) {
                return;
            }
            awaitChildrenAtEnd();
        }, "mp-main-end");
        watch.setDaemon(true);
        watch.start();
    }

    /** The JVM's thread named {@code main} (the calling thread, most often), or null when there is none. */
    private static Thread mainThread() {
        Thread t = Thread.currentThread();
        if (t.getName().equals("main")) {
            return t;
        }
        ThreadGroup g = t.getThreadGroup();
        while (g != null && g.getParent() != null) {
            g = g.getParent();
        }
        if (g == null) {
            return null;
        }
        Thread[] all = new Thread[g.activeCount() + 16];
        int n = g.enumerate(all, true);
        for (int i = 0; i < n; i++) {
            if (all[i].getName().equals("main")) {
                return all[i];
            }
        }
        return null;
    }

    private void shutdown() {
        if (recorder != null) {
            recorder.flushAll();
        }
        if (child) {
            ChildMain.reportShutdown();
        }
        stopLaunching();
        peers.flushAll();
        // As Python at exit: children still running are ended and waited for, briefly, so that
        // their end is known and recorded.
        for (ChildProcess c : children) {
            end(c);
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (ChildProcess c : children) {
            c.await(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (recorder != null) {
            recorder.flushAll(); // the ends of the children, and whatever else came meanwhile
        }
        quiesce(child ? ChildMain.control() : null);
        if (ownDir != null) {
            if (trace != null) {
                trace.write(pid);
            }
            ownDir.delete();
        }
    }

    /**
     * Stops listening and closes every connection but {@code keep}, so that no thread of the
     * library is left waiting in native code when the JVM exits (see {@link Wire#closeAll}).
     */
    void quiesce(Wire keep) {
        Hub h = hub;
        if (h != null) {
            h.close();
        }
        Wire.closeAll(keep);
    }
}
