package dev.mppractice.mp;

import dev.mppractice.mp.internal.ChildProcess;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.CpuClock;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Facts about the machine and the current process, and waiting on several things at once (Python's module-level functions). */
public final class Multiprocessing {
    /** How often {@link #waitFor} looks at connections again, at most (processes wake it at once). */
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Multiprocessing() {
    }

    /** The number of processors available to this JVM ({@code os.cpu_count()}). */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The name of the current process: {@code MainProcess}, {@code Process-1}, {@code PoolWorker-2}, ... */
    public static String currentProcessName() {
        return Context.get().name();
    }

    /** The pid of the current process. */
    public static long currentPid() {
        return ProcessHandle.current().pid();
    }

    /**
     * The pid of the process that started this one, or {@code null} in the main process (Python's
     * {@code parent_process()}, which is {@code None} there).
     */
    public static Long parentPid() {
        Context c = Context.get();
        return c.isChild() ? c.parentPid() : null;
    }

    /**
     * The children of this process that are still running (Python's {@code active_children()}): the
     * {@link Process} objects it started, and a handle on each other child it has (pool workers,
     * a manager's server), which can be joined, terminated or killed but not started. Children that
     * have ended are dropped from the library's books as a side effect (Python "joins" them; here
     * each child is reaped as it ends anyway). Processes started with {@code Process.start()} come
     * first, in the order they were started.
     */
    public static List<Process> activeChildren() {
        Collection<ChildProcess> children = Context.get().children();
        return Process.live(children);
    }

    /**
     * Waits until at least one of {@code objects} is ready, as long as it takes; see
     * {@link #waitFor(Collection, Duration)}.
     */
    public static <T> List<T> waitFor(Collection<T> objects) {
        return waitFor(objects, null);
    }

    /**
     * Returns those of {@code objects} that are ready, waiting at most {@code timeout} for at least
     * one to be (Python's {@code multiprocessing.connection.wait}). A {@link Connection} is ready when
     * {@link Connection#recv()} would not block: a message has arrived, or the other end is closed
     * (then {@code recv} throws {@link ConnectionEOFException}). A {@link Process} is ready once it
     * has ended. The result keeps the order of {@code objects}; it is empty when the time ran out.
     *
     * <pre>{@code
     * List<Object> waiting = new ArrayList<>(List.of(left1, left2, worker));
     * while (!waiting.isEmpty()) {
     *     for (Object ready : Multiprocessing.waitFor(waiting, Duration.ofSeconds(5))) {
     *         if (ready instanceof Connection c) { ... c.recv() ... }
     *         else { waiting.remove(ready); }   // a Process that ended
     *     }
     * }
     * }</pre>
     *
     * <p>A process that ends wakes this at once; a connection is looked at again every few
     * milliseconds (at most 10) while nothing is ready. The wait is recorded in the run record
     * ({@code wait} with {@code kind} {@code select}).
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} only looks; null waits as long as it takes
     * @throws ProcessException if an object is neither a {@code Connection} nor a {@code Process}, or is
     *     a process never started
     * @throws ClosedException if a connection was closed here
     */
    public static <T> List<T> waitFor(Collection<T> objects, Duration timeout) {
        Recorder.timeoutGiven("Multiprocessing.waitFor", timeout);
        List<T> ready = waitForReady(objects, timeout);
        for (T o : ready) {
            if (o instanceof Process p) {
                p.endToldByWaitFor(); // from now on, a waitFor that returns it again returns nothing new
            }
        }
        return ready;
    }

    private static <T> List<T> waitForReady(Collection<T> objects, Duration timeout) {
        List<Connection> connections = new ArrayList<>();
        List<ChildProcess> processes = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof Connection c) {
                connections.add(c);
            } else if (o instanceof Process p) {
                ChildProcess c = p.child();
                if (c == null) {
                    throw new ProcessException("cannot wait for process " + p.getName() + ": it was never started (call start() first)");
                }
                processes.add(c);
            } else {
                throw new ProcessException("waitFor takes Connections and Processes, not "
                        + (o == null ? "null" : o.getClass().getName()));
            }
        }
        List<T> ready = ready(objects);
        if (!ready.isEmpty() && ready.stream().allMatch(o -> o instanceof Connection c ? c.endTold() : ((Process) o).endTold())) {
            // a loop that keeps waiting on pipes recv() said were at their end, or on processes an earlier waitFor
            // returned ended, never waits again: the record says so
            for (T o : ready) {
                if (o instanceof Connection c) {
                    c.readyAtItsEnd();
                } else {
                    ((Process) o).readyAtItsEnd();
                }
            }
        }
        if (!ready.isEmpty() || (timeout != null && (timeout.isZero() || timeout.isNegative())) || objects.isEmpty()) {
            return ready;
        }
        CountDownLatch anEnd = new CountDownLatch(1);
        for (ChildProcess c : processes) {
            c.onExit().thenRun(anEnd::countDown);
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try (Recorder.Wait w = Recorder.waiting("Multiprocessing.waitFor", "select", ids(objects), timeout, connections.size())) {
            long slice = TimeUnit.MILLISECONDS.toNanos(1);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    w.outcome("timeout");
                    return ready;
                }
                try {
                    anEnd.await(connections.isEmpty() ? left : Math.min(slice, left), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProcessException("interrupted while waiting for connections and processes", e);
                }
                slice = Math.min(slice * 2, MAX_POLL_NANOS);
                ready = ready(objects);
                if (!ready.isEmpty()) {
                    return ready;
                }
            }
        }
    }

    private static <T> List<T> ready(Collection<T> objects) {
        List<T> ready = new ArrayList<>();
        for (T o : objects) {
            if (o instanceof Connection c ? c.readyNow() : !((Process) o).alive()) {
                ready.add(o);
            }
        }
        return ready;
    }

    /** The objects as the record names them: {@code 123:4 left, 5678}. */
    private static String ids(Collection<?> objects) {
        List<String> ids = new ArrayList<>();
        for (Object o : objects) {
            ids.add(o instanceof Connection c ? c.endId() : String.valueOf(((Process) o).pid()));
        }
        return String.join(", ", ids);
    }

    /**
     * Runs {@code work} here and returns its value, recording it in the run record as a phase named
     * {@code label}, with how long it took, the processor time this process and its children used
     * meanwhile, and how long the machine's processors sat idle ({@code phase-begin} /
     * {@code phase-end}). The checker reads a measured speed-up from these phases: time the serial
     * and the parallel version of the same work, each as its own phase. Without a run record it
     * only runs {@code work}.
     *
     * <pre>{@code
     * long serial = Multiprocessing.timed("serial", () -> sumSerially(inputs));
     * long parallel = Multiprocessing.timed("parallel", () -> sumInPool(pool, inputs));
     * }</pre>
     *
     * @throws RuntimeException what {@code work} threw, when unchecked; a checked exception arrives
     *     wrapped in a {@link ProcessException}
     */
    public static <R> R timed(String label, Fn0<R> work) {
        boolean recorded = Recorder.on();
        long span = recorded ? Recorder.begin(RecordEvent.PHASE_BEGIN, "label", label, "cpu", CpuClock.treeMicros(),
                "idle", CpuClock.machineIdleMicros()) : 0;
        boolean ok = false;
        try {
            R value = work.call();
            ok = true;
            return value;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new ProcessException(label + " threw " + e, e);
        } finally {
            if (recorded) {
                Recorder.end(RecordEvent.PHASE_END, span, "label", label, "cpu", CpuClock.treeMicros(),
                        "idle", CpuClock.machineIdleMicros(), "ok", ok);
            }
        }
    }
}
