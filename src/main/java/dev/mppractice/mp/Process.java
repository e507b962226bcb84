package dev.mppractice.mp;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.ChildProcess;
import dev.mppractice.mp.internal.Codec;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.Probe;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.SlowedRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task running in a separate operating-system process: a new JVM, started with this JVM's
 * {@code java} and class path (Python's {@code multiprocessing.Process}).
 *
 * <pre>{@code
 * Process p = new Process(() -> worker("Alpha", 100));
 * p.start();
 * p.join();
 * System.out.println(p.exitCode()); // 0
 * }</pre>
 *
 * <p>The task is a serializable lambda or method reference; what it captures is serialized and
 * rebuilt in the child, where captured {@link Queue}s, {@link Connection}s, shared values,
 * locks and manager proxies are live handles to the same objects. The child's standard output
 * and error go where this process's go.
 *
 * <p>Exit codes follow Python: {@code null} while running; 0 for a normal end; 1 when the task
 * threw (the child prints the exception, naming the process, on its standard error); {@code n}
 * for {@code System.exit(n)}; {@code -N} when ended by signal N ({@code -15} after
 * {@link #terminate()}, {@code -9} after {@link #kill()}).
 *
 * <p>What the task captures travels whole, whatever its size, over the child's standard input;
 * the child needs room in its heap for about twice that (the bytes, and the objects rebuilt from
 * them). A child that cannot read what it was sent says why on its standard error: exit code 1
 * when the task does not fit in its heap, 2 when the data was cut short or garbled.
 *
 * <h2>Heap limit</h2>
 *
 * Each child JVM has a bounded heap, so that a child that allocates without bound ends with an
 * {@link OutOfMemoryError} (exit code 1; the error, and how to raise the limit, on its standard
 * error) instead of taking the machine's memory first. By default the limit is the JVM's own
 * default, a quarter of the machine's (or the container's) memory, but at most 2 GB. Set it with
 * the system property {@code mp.childMaxHeap} on the parent's command line
 * ({@code java -Dmp.childMaxHeap=4g ...}; any size {@code -Xmx} takes), or {@code jvm} for the
 * JVM's own default without the cap. A heap flag among the extra JVM flags of
 * {@code -Dmp.childJvmArgs="..."} ({@code -Xmx}, {@code -XX:MaxRAMPercentage}, ...) wins over both.
 * The property is read as each child JVM starts (changing it at run time affects the children
 * started afterwards) and is passed on to the children's own children. {@link Pool} workers have
 * the same limit.
 *
 * <p>A child never outlives its parent: when this JVM ends, however it ends, its children end
 * too. A non-daemon child that is still running keeps this JVM alive until it ends (as Python
 * joins non-daemon children at exit); daemon children are ended when this JVM ends.
 *
 * <p>A {@code Process} stays in the process that started it: a task that captures one is refused
 * at {@code start()} (pass its {@link #pid()} instead).
 *
 * <p>Import it by its full name ({@code import dev.mppractice.mp.Process;}): a wildcard import
 * of {@code dev.mppractice.mp.*} leaves {@code Process} ambiguous with {@code java.lang.Process}.
 */
@CannotTravel(value = "a Process", instead = "use it in the process that started it, and pass its pid()"
        + " if another process needs to know it")
public class Process {
    private final Task task;
    /** Ties this object's {@code process-create} to its {@code process-start} in the run record. */
    /** This process's context (the parent's), obtained once when the Process is made. */
    private final Context context;
    private final String id;
    private String name;
    private boolean daemon;
    private volatile ChildProcess child;

    /**
     * The handles of the children started by this process that have not ended, in start order: the
     * {@code Process} objects the program made, and handles made on demand for the other children
     * (pool workers, managers) by {@link Multiprocessing#activeChildren()}. An entry goes as soon as
     * its child has ended, so nothing here outlives what it names.
     */
    private static final Map<ChildProcess, Process> LIVE = Collections.synchronizedMap(new LinkedHashMap<>());

    /** A handle on a child this process started without a {@code Process} object (a pool worker, a manager). */
    private Process(ChildProcess child) {
        this.task = null;
        this.context = null; // started and named already: a handle needs no context
        this.id = null;
        this.name = child.name();
        this.daemon = child.daemon();
        this.child = child;
    }

    /** The live children of this process, as handles; see {@link Multiprocessing#activeChildren()}. */
    static List<Process> live(Collection<ChildProcess> children) {
        List<Process> out = new ArrayList<>();
        synchronized (LIVE) {
            LIVE.values().removeIf(p -> !p.child.isAlive());
            for (ChildProcess c : children) {
                if (c.isAlive()) {
                    LIVE.computeIfAbsent(c, Process::new);
                }
            }
            for (Process p : LIVE.values()) {
                if (p.child.isAlive()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static void track(ChildProcess c, Process p) {
        LIVE.put(c, p);
        c.onExit().thenRun(() -> LIVE.remove(c));
    }

    /** The child, or null before {@link #start()}. */
    ChildProcess child() {
        return child;
    }

    /** A process that will run {@code task}, named {@code Process-N}. */
    public Process(Task task) {
        this(task, null);
    }

    /** A process that will run {@code task} under the given name. */
    public Process(Task task, String name) {
        if (task == null) {
            throw new ProcessException("a Process needs a task: new Process(() -> work())");
        }
        this.task = task;
        this.context = Context.get();
        // Named when made, as in Python: Process-N counts the processes made, started or not.
        this.name = name != null ? name : ChildProcess.nextName(context, "Process");
        this.id = context.newId();
        if (Recorder.on()) {
            Recorder.event(RecordEvent.PROCESS_CREATE, "process", id, "name", this.name, "at", Recorder.callSite());
        }
    }

    /**
     * Starts the child JVM and returns without waiting for the task to begin.
     *
     * <p>The task is serialized on the calling thread, then written to the child, which reads it
     * as it comes: this blocks until the child has read all but the last 64 KiB or so of it
     * (for a task capturing hundreds of megabytes, the time it takes to copy them: a second or
     * so), or until the child has ended. A child that cannot hold the task in its heap does not
     * make this throw: it says so on its standard error and ends with exit code 1, as when the
     * task throws.
     *
     * @throws SerializationFailedException if the task, or something it captures, cannot be
     *     serialized, or is a handle that stays in its process (a {@link Pool}, a {@code Process},
     *     a {@link Manager}, an {@link AsyncResult}); the message names the class and what to pass
     *     instead
     * @throws ProcessException if the process was already started, if this program is ending
     *     (its shutdown has begun: nothing starts any more), if {@code mp.childMaxHeap} is not a
     *     heap size (see the class comment), or if no JVM could be started
     */
    public synchronized Process start() {
        if (child != null || task == null) {
            throw new ProcessException("process " + getName() + " was already started: a process can only be started once");
        }
        byte[] bytes = Codec.encode(task, "the task of " + getName());
        if (SlowedRun.STARTS) {
            SlowedRun.beforeStart();
        }
        child = ChildProcess.start(context, getName(), daemon, true, bytes);
        track(child, this);
        if (Recorder.on()) {
            Recorder.event(RecordEvent.PROCESS_START, "process", id, "child", child.pid(), "name", getName(), "daemon", daemon,
                    "at", Recorder.callSite());
        }
        return this;
    }

    /** Waits until the process ends. Returns at once if it has ended. */
    public void join() {
        join(null);
    }

    /**
     * Waits at most {@code timeout} for the process to end; the process may still be alive when
     * this returns (check {@link #isAlive()} or {@link #exitCode()}).
     *
     * @throws ProcessException if the process was never started
     */
    public void join(Duration timeout) {
        Recorder.timeoutGiven("Process.join", timeout);
        ChildProcess c = started("join");
        boolean ended;
        if (c.isAlive() && (timeout == null || !timeout.isZero()) && Recorder.on()) {
            try (Recorder.Wait w = Recorder.waiting("Process.join", "process", c.pid(), timeout)) {
                ended = c.await(timeout);
                if (!ended) w.outcome("timeout");
            }
        } else {
            ended = c.await(timeout);
        }
        if (ended) {
            Recorder.event(RecordEvent.PROCESS_JOIN, "child", c.pid(), "name", c.name());
        }
    }

    /** True once a waitFor returned this process ended: it is ready for ever after, and tells nothing new. */
    private volatile boolean endTold;
    /** True once a waitFor that returned only ends already told was recorded for this process ({@link RecordEvent#SELECT_AT_END}). */
    private boolean spinRecorded;

    /** Notes that a waitFor returned this process, ended. Called by {@link Multiprocessing#waitFor}. */
    void endToldByWaitFor() {
        endTold = true;
    }

    /** Whether a waitFor returned this process, ended. */
    boolean endTold() {
        return endTold;
    }

    /**
     * Records, once for this process, that {@code waitFor} returned it (with nothing but ends already told) after an
     * earlier waitFor had returned it ended. Called by {@link Multiprocessing#waitFor}.
     */
    void readyAtItsEnd() {
        if (!spinRecorded) {
            spinRecorded = true;
            Recorder.event(RecordEvent.SELECT_AT_END, "process", pid(), "name", getName());
        }
    }

    /** True from {@link #start()} until the process has ended. */
    public boolean isAlive() {
        Probe probe = aliveProbe;
        if (probe == null) aliveProbe = probe = new Probe("Process.isAlive");
        long began = Probe.begin();
        return !probe.answered(began, !alive());
    }

    /** This process's {@code isAlive()}, watched for a busy wait in this process ({@link Probe}); made at first use. */
    private transient Probe aliveProbe;

    /** As {@link #isAlive()}, as the library asks it (not a program's probe). */
    boolean alive() {
        ChildProcess c = child;
        return c != null && c.isAlive();
    }

    /** The child's pid, or {@code null} before {@link #start()}. */
    public Long pid() {
        ChildProcess c = child;
        return c == null ? null : c.pid();
    }

    /** The exit code in Python's convention (see the class comment), or {@code null} while running. */
    public Integer exitCode() {
        ChildProcess c = child;
        return c == null ? null : dev.mppractice.mp.internal.Canary.exitCode(c.exitCode());
    }

    /** Sends SIGTERM to the process and to every process it started. Returns at once. */
    public void terminate() {
        started("terminate").signal(false);
    }

    /** Sends SIGKILL to the process and to every process it started. Returns at once. */
    public void kill() {
        started("kill").signal(true);
    }

    public synchronized String getName() {
        if (name == null) {
            name = ChildProcess.nextName(context, "Process");
        }
        return name;
    }

    public synchronized void setName(String name) {
        this.name = name;
    }

    public synchronized boolean isDaemon() {
        return daemon;
    }

    /**
     * Marks the process as a daemon: this JVM does not wait for it at exit but ends it.
     *
     * @throws ProcessException if the process has already started
     */
    public synchronized void setDaemon(boolean daemon) {
        if (child != null) {
            throw new ProcessException("the daemon flag can only be set before start()");
        }
        this.daemon = daemon;
    }

    private ChildProcess started(String what) {
        ChildProcess c = child;
        if (c == null) {
            throw new ProcessException("cannot " + what + " process " + getName() + ": it was never started (call start() first)");
        }
        return c;
    }

    @Override
    public String toString() {
        ChildProcess c = child;
        // the exit code as exitCode() tells it (the canary run's too: a program may print the process itself)
        String state = c == null ? "initial" : c.isAlive() ? "started" : "stopped exitcode=" + exitCode();
        return "<Process name='" + getName() + "' " + state + (daemon ? " daemon" : "") + ">";
    }
}
