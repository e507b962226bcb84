package dev.mppractice.checker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a stuck run while it goes, from the run record and the processes' CPU time.
 *
 * <p>A run is stuck when, for {@link #QUIET}, every live process of its tree is waiting in a library
 * call that has no timeout (or one that ends after the run's time limit), or in a wait of the JDK's without a timeout
 * that the record shows ({@code jdk-wait}: a latch, a thread's join), or is a manager's server
 * idle in the library, or a pool worker idle in the library with no pool task left to take; no
 * event is added to the record;
 * and no process uses more than {@link #CPU_ALLOWANCE_MILLIS} of CPU. An open wait is required of
 * every process of the program's own: a process in {@code Thread.sleep}, or busy, or still starting
 * its JVM, is never taken for stuck, and such a run goes on to its time limit. A run that looks stuck
 * is then looked into with a thread dump of each process: one whose thread of the learner's sleeps,
 * waits with a timeout or runs outside the library (while another thread waits in it), or is in a call of the library
 * that the record does not show it waiting in (a poll of a few milliseconds, too short to be written), is not stuck.
 *
 * <p>When the time limit is hit it takes a thread dump of each live process that is not waiting in
 * the library, to say which line of the learner's code it was on.
 */
final class StuckWatch implements JvmRun.Watcher {
    static final Duration QUIET = Duration.ofMillis(2500);
    /** CPU a waiting JVM may still use over {@link #QUIET} (late compilation, a parking waiter); measured idle: 0-20 ms. */
    static final long CPU_ALLOWANCE_MILLIS = 250;
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_DUMPS = 4;

    private final RecordTail tail;
    private final RunPicture picture = new RunPicture();
    private final Set<String> learnerClasses;
    private final long deadlineMicros;
    private long quietSinceNanos;
    /** How long a quiet must last before it is looked into: {@link #QUIET}, doubled each time a thread was found going on. */
    private long quietNeededNanos = QUIET.toNanos();
    private long eventsWhenQuiet;
    private Map<Long, Long> cpuWhenQuiet = Map.of();
    private List<Long> lastLive = List.of();
    private long rootPid;
    private boolean stopped;
    private final Map<Long, ThreadDump.Spot> spots = new LinkedHashMap<>();
    private final Set<Long> libraryJvms = new HashSet<>();

    StuckWatch(Path record, Set<String> learnerClasses, Duration timeLimit) {
        this.tail = new RecordTail(record);
        this.learnerClasses = learnerClasses;
        Instant now = Instant.now();
        this.deadlineMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 + timeLimit.toNanos() / 1_000;
    }

    @Override
    public boolean stuck(long rootPid, List<ProcessHandle> live) {
        readRecord();
        this.rootPid = rootPid;
        lastLive = live.stream().map(ProcessHandle::pid).toList();
        long now = System.nanoTime();
        if (live.isEmpty() || !live.stream().allMatch(this::waiting)) {
            quietSinceNanos = 0;
            return false;
        }
        Map<Long, Long> cpu = new HashMap<>();
        for (ProcessHandle h : live) cpu.put(h.pid(), ProcessCpu.millis(h));
        if (quietSinceNanos == 0 || picture.events() != eventsWhenQuiet || !cpu.keySet().equals(cpuWhenQuiet.keySet())
                || cpu.entrySet().stream().anyMatch(e -> e.getValue() - cpuWhenQuiet.get(e.getKey()) > CPU_ALLOWANCE_MILLIS)) {
            quietSinceNanos = now;
            eventsWhenQuiet = picture.events();
            cpuWhenQuiet = cpu;
            return false;
        }
        if (now - quietSinceNanos < quietNeededNanos) {
            return false;
        }
        if (aThreadGoesOn(live)) {
            // Not stuck: asked again only after a longer quiet, since each ask takes a thread dump of every process.
            quietSinceNanos = now;
            quietNeededNanos *= 2;
            return false;
        }
        readRecord();
        if (picture.events() != eventsWhenQuiet) {
            quietSinceNanos = 0;   // something happened while the dumps were taken (0.3 s or more)
            return false;
        }
        stopped = true;
        return true;
    }

    /** How long the run had been quiet when it was stopped as stuck: {@link #QUIET}, or more when a thread went on first. */
    Duration quiet() {
        return Duration.ofNanos(quietNeededNanos);
    }

    /**
     * True when a thread dump shows a thread of the learner's, in one of the processes, that will go on by itself: one
     * sleeping, waiting with a timeout or running in the learner's code, outside the library. The record shows only the
     * waits in the library, and a process that waits there in one thread may be doing its work in another (a thread
     * that sleeps between the requests it sends, a task that tidies up while a listener waits for a message). Without
     * jcmd nothing can be told, and the record decides alone.
     */
    private boolean aThreadGoesOn(List<ProcessHandle> live) {
        List<java.util.concurrent.CompletableFuture<Boolean>> dumps = new ArrayList<>();
        for (ProcessHandle h : live) {
            // A spare runs nothing yet. A pool worker is dumped too: a task of the learner's runs in it, and may have
            // started a thread of its own.
            if (isSpare(h.pid()) || !ThreadDump.isJvm(h)) continue;
            Set<Long> lastingWaits = new HashSet<>();
            picture.openWaits(h.pid()).forEach(w -> lastingWaits.add(w.thread()));
            dumps.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> ThreadDump.threads(h.pid(), learnerClasses, DUMP_TIMEOUT)
                    .map(threads -> threads.stream().anyMatch(t -> t.goesOnByItself() || t.passesThroughTheLibrary(lastingWaits)))
                    .orElse(false), DUMPERS));
        }
        return dumps.stream().anyMatch(java.util.concurrent.CompletableFuture::join);
    }

    /** The threads that take the dumps of {@link #aThreadGoesOn}, side by side (jcmd waits for its JVM to answer). */
    private static final java.util.concurrent.Executor DUMPERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mp-check-dump");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void timeLimitHit(long rootPid, List<ProcessHandle> live) {
        readRecord();
        stopped = true;
        this.rootPid = rootPid;
        lastLive = live.stream().map(ProcessHandle::pid).toList();
        for (ProcessHandle h : live) {
            if (spots.size() == MAX_DUMPS) break;
            if (!picture.openWaits(h.pid()).isEmpty() || picture.isLibraryServer(h.pid()) || isSpare(h.pid()) || !ThreadDump.isJvm(h)) {
                continue;
            }
            ThreadDump.of(h.pid(), learnerClasses, DUMP_TIMEOUT).ifPresent(s -> spots.put(h.pid(), s));
        }
    }

    /**
     * Waiting in a call that cannot return before the time limit, or a library server with nothing to do, or a spare. A
     * process of the tree that the record does not know and that the library did not start is a command the program ran
     * ({@code sleep 5}, or a {@code java} of its own, through a {@code ProcessBuilder}): what it does cannot be told, so
     * it is taken to go on by itself.
     */
    private boolean waiting(ProcessHandle h) {
        long pid = h.pid();
        List<RunPicture.Wait> waits = picture.openWaits(pid);
        if (!waits.isEmpty()) {
            return waits.stream().anyMatch(w -> !w.endsBefore(deadlineMicros));
        }
        // A thread of the program's own blocked in the JDK (a latch, a thread's join, a monitor) without a timeout: only
        // another thread can end that wait, and the CPU, the record and the thread dumps tell whether one goes on.
        List<RunPicture.JdkWait> jdk = picture.openJdkWaits(pid);
        if (!jdk.isEmpty()) {
            return jdk.stream().noneMatch(RunPicture.JdkWait::timed);
        }
        if (isSpare(pid)) return isLibraryJvm(h);
        if (picture.isPoolWorker(pid)) return !picture.poolWorkToTake();
        // A manager's server works only while a call of another process waits for it, and that call is in the record.
        return picture.isLibraryServer(pid);
    }

    /**
     * {@link ThreadDump#isLibraryJvm}, remembered once true (a spare stays one; a process being launched is not one yet).
     */
    private boolean isLibraryJvm(ProcessHandle h) {
        if (libraryJvms.contains(h.pid())) return true;
        boolean jvm = ThreadDump.isLibraryJvm(h);
        if (jvm) libraryJvms.add(h.pid());
        return jvm;
    }

    /**
     * A JVM the library keeps ready ahead of need: a process of the tree that no {@code process-start}
     * or {@code worker-start} names and that never wrote to the record. (A child being started is named
     * by its parent's {@code process-start}, a pool worker by its pool's {@code worker-start}, a moment
     * later; until then it uses CPU, which keeps the run from being judged.) A command the program ran is one of these
     * too, but the library did not start it ({@link #waiting}).
     */
    private boolean isSpare(long pid) {
        return pid != rootPid && !picture.known(pid);
    }

    private void readRecord() {
        for (Map<String, Object> e : tail.next()) picture.add(e);
    }

    /**
     * What the record showed when the run was stopped, and the processes alive then. (Not what it
     * shows after: ending the tree ends waits too, as a join returns when its child is killed.)
     */
    Diagnosis diagnosis(long mainPid, String sourceFileName, List<String> sourceLines) {
        if (!stopped) readRecord();
        List<Long> live = new ArrayList<>(lastLive);
        live.removeIf(this::isSpare);
        return new Diagnosis(picture, live, spots, mainPid, sourceFileName, sourceLines);
    }
}
