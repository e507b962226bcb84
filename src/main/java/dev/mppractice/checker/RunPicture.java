package dev.mppractice.checker;

import dev.mppractice.mp.internal.RecordEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the run record says so far about a running program: which process waits where (the open
 * {@code wait} spans), which {@code Process} objects were made and never started, and how much went
 * through each queue and each end of each pipe. Fed event by event as the record grows.
 */
final class RunPicture {
    /**
     * An open wait: a library call of {@code pid} that blocked and has not returned; {@code holder}, for a lock, the
     * process that held it when the wait began (null: not said); {@code thread}, the waiting thread's id (null: not said).
     */
    record Wait(long pid, long span, String call, String kind, String obj, String at, Long limitMillis, long sinceMicros,
            Long holder, Long thread) {
        /** True when the call may end by itself before {@code deadlineMicros}: it was given a timeout that ends sooner. */
        boolean endsBefore(long deadlineMicros) {
            return limitMillis != null && sinceMicros + limitMillis * 1000 < deadlineMicros;
        }
    }

    /**
     * An open wait of the JDK's ({@code jdk-wait}): a thread of the program's own blocked outside the library, in
     * {@code call} at {@code at}; {@code timed} when it waits with a timeout, which ends by itself.
     */
    record JdkWait(long pid, long span, String call, String at, boolean timed) {
    }

    /** A {@code Process} object the program made. */
    record Created(String id, long creator, String name, String at) {
    }

    private final Map<Long, String> names = new LinkedHashMap<>();
    private final Map<Long, Map<Long, Wait>> open = new LinkedHashMap<>();
    private final Map<Long, Map<Long, JdkWait>> openJdk = new LinkedHashMap<>();
    private final Map<String, Created> created = new LinkedHashMap<>();
    private final Set<String> started = new HashSet<>();
    private final Map<String, List<Long>> queuePuts = new HashMap<>();
    private final Map<String, Integer> queueGets = new HashMap<>();
    /** Keyed {@code "<pipe> <end>"}: messages sent from that end, and received at it. */
    private final Map<String, Integer> pipeSends = new HashMap<>();
    private final Map<String, Integer> pipeRecvs = new HashMap<>();
    private final Map<String, Integer> eventSets = new HashMap<>();
    /** How each child that ended ended, by pid, in the order the record tells. */
    private final Map<Long, Integer> exitCodes = new LinkedHashMap<>();
    /** The children started with {@code Process.start()} (not a pool's workers, nor a manager). */
    private final Set<Long> startedChildren = new HashSet<>();
    /** How each pool task that threw threw, in the order the record tells (a failed {@code chunk-end}'s first task). */
    private final List<ProcessFailures.Failure> taskFailures = new ArrayList<>();
    /** By pid: how a process failed (a child's task, or main), as it recorded ({@code process-fail}). */
    private final Map<Long, ProcessFailures.Failure> failures = new LinkedHashMap<>();
    /** By semaphore: how many of its permits each process holds, as far as the record shows (taken, not given back). */
    private final Map<String, Map<Long, Integer>> permitsHeld = new HashMap<>();
    private final Map<String, Integer> conditionSignals = new HashMap<>();
    /** The processes whose waitFor returned pipes at their end again, after recv() had told them so. */
    private final Set<Long> selectsAtEnd = new HashSet<>();
    /** The processes whose waitFor returned processes it had returned as ended before. */
    private final Set<Long> selectsEnded = new HashSet<>();
    /** By joinable queue: its items marked done ({@code taskDone}). */
    private final Map<String, Integer> tasksDone = new HashMap<>();
    /** By barrier: how many awaits it let through, and the highest arrival index among them (its parties less one). */
    private final Map<String, int[]> barrierPassed = new HashMap<>();
    /** Who holds each lock, as far as the record shows: taken and not given back yet. */
    private final Map<String, Long> lockHolders = new HashMap<>();
    private final Map<Long, String> childNames = new HashMap<>();
    private final Set<Long> ended = new HashSet<>();
    /** Each process's latest wait for a lock, ended or not, and how many of its takes of a lock timed out. */
    private final Map<Long, Wait> lastLockWaits = new HashMap<>();
    private final Map<Long, Integer> lockTimeouts = new HashMap<>();
    /** The latest instant of the record read so far (microseconds). */
    private long latestMicros;
    private long poolTasksGiven;
    private long poolTasksBegun;
    private boolean poolTasksUnknown;
    private long events;

    void add(Map<String, Object> e) {
        events++;
        long pid = num(e.get("pid"));
        if (e.get("proc") instanceof String p) names.putIfAbsent(pid, p);
        latestMicros = Math.max(latestMicros, num(e.get("us")));
        Optional<RecordEvent> ev = RecordEvent.byName(String.valueOf(e.get("ev")));
        if (ev.isEmpty()) return;
        switch (ev.get()) {
            case WAIT -> {
                Wait w = new Wait(pid, num(e.get("span")), str(e.get("call")), str(e.get("kind")), str(e.get("obj")),
                        str(e.get("at")), e.get("limit") instanceof Number n ? n.longValue() : null, num(e.get("us")),
                        e.get("holder") instanceof Number h ? h.longValue() : null,
                        e.get("thread") instanceof Number t ? t.longValue() : null);
                open.computeIfAbsent(pid, k -> new LinkedHashMap<>()).put(w.span(), w);
                if ("lock".equals(w.kind())) lastLockWaits.put(pid, w);
            }
            case JDK_WAIT -> openJdk.computeIfAbsent(pid, k -> new LinkedHashMap<>()).put(num(e.get("span")),
                    new JdkWait(pid, num(e.get("span")), str(e.get("call")), str(e.get("at")), Boolean.TRUE.equals(e.get("timed"))));
            case JDK_WAIT_END -> {
                Map<Long, JdkWait> w = openJdk.get(pid);
                if (w != null) w.remove(num(e.get("span")));
            }
            case LOCK_TIMEOUT -> lockTimeouts.merge(pid, 1, Integer::sum);
            case WAIT_END -> {
                Map<Long, Wait> w = open.get(pid);
                if (w != null) w.remove(num(e.get("span")));
            }
            case PROCESS_CREATE -> created.put(str(e.get("process")),
                    new Created(str(e.get("process")), pid, str(e.get("name")), str(e.get("at"))));
            case PROCESS_START -> {
                started.add(str(e.get("process")));
                startedChildren.add(num(e.get("child")));
                childNames.put(num(e.get("child")), str(e.get("name")));
            }
            case WORKER_START -> childNames.put(num(e.get("worker")), str(e.get("name")));
            case PROCESS_EXIT -> {
                ended.add(num(e.get("child")));
                if (e.get("exitcode") instanceof Number code) exitCodes.put(num(e.get("child")), code.intValue());
            }
            case PROCESS_FAIL -> failures.put(pid, ProcessFailures.failure(e));
            case QUEUE_PUT -> queuePuts.computeIfAbsent(str(e.get("queue")), k -> new ArrayList<>()).add(pid);
            case QUEUE_GET -> queueGets.merge(str(e.get("queue")), 1, Integer::sum);
            case PIPE_SEND -> pipeSends.merge(e.get("pipe") + " " + e.get("end"), 1, Integer::sum);
            case PIPE_RECV -> pipeRecvs.merge(e.get("pipe") + " " + e.get("end"), 1, Integer::sum);
            case EVENT_SET -> eventSets.merge(str(e.get("event")), 1, Integer::sum);
            case SEMAPHORE_ACQUIRE -> permitsHeld.computeIfAbsent(str(e.get("semaphore")), k -> new LinkedHashMap<>())
                    .merge(pid, 1, Integer::sum);
            case SEMAPHORE_RELEASE -> {
                Map<Long, Integer> held = permitsHeld.get(str(e.get("semaphore")));
                // a release that closes one of its own acquires' spans (a handoff or an added permit closes none)
                if (held != null && e.get("span") != null) held.computeIfPresent(pid, (k, n) -> n > 1 ? n - 1 : null);
            }
            case CONDITION_SIGNAL -> conditionSignals.merge(str(e.get("condition")), 1, Integer::sum);
            case TASK_DONE -> tasksDone.merge(str(e.get("queue")), 1, Integer::sum);
            case SELECT_AT_END -> (e.get("pipe") != null ? selectsAtEnd : selectsEnded).add(pid);
            case BARRIER_WAIT -> {
                if ("passed".equals(e.get("outcome"))) {
                    int[] p = barrierPassed.computeIfAbsent(str(e.get("barrier")), k -> new int[2]);
                    p[0]++;
                    p[1] = Math.max(p[1], (int) num(e.get("index")));
                }
            }
            case LOCK_ACQUIRE -> lockHolders.put(str(e.get("lock")), pid);
            case LOCK_RELEASE -> lockHolders.remove(str(e.get("lock")), pid);
            case POOL_CALL -> {
                long tasks = num(e.get("tasks"));
                if (tasks < 0) poolTasksUnknown = true;
                else poolTasksGiven += tasks;
            }
            case CHUNK_BEGIN -> poolTasksBegun += num(e.get("tasks"));
            case CHUNK_END -> {
                if (Boolean.FALSE.equals(e.get("ok")) && e.get("error") != null) taskFailures.add(ProcessFailures.failure(e));
            }
            default -> {
            }
        }
    }

    /** How many events have been read: a change means something happened. */
    long events() {
        return events;
    }

    /**
     * The process that holds {@code lock}, when the record shows it taken and not given back; empty when it does not
     * (a take past the record's budget for lock events is not written, so a lock may be held without it showing).
     */
    Optional<Long> lockHolder(String lock) {
        return Optional.ofNullable(lockHolders.get(lock));
    }

    /**
     * The processes that wait round in a circle for locks, starting with {@code w}'s: {@code w}'s process waits
     * for a lock the second holds, the second (in its latest open wait) for one the third holds, ..., and the last
     * for one {@code w}'s process holds. Empty when the chain of holders and lock waits ends, or comes round to a
     * process other than {@code w}'s (a circle {@code w}'s process only waits on).
     */
    List<Long> lockCycle(Wait w) {
        List<Long> cycle = new ArrayList<>(List.of(w.pid()));
        Wait at = w;
        while ("lock".equals(at.kind()) && at.obj() != null) {
            Long holder = lockHolders.get(at.obj());
            if (holder == null) holder = at.holder(); // its acquires were past their budget, or not recorded
            if (holder == null || holder == at.pid()) return List.of();
            if (holder == w.pid()) return cycle;
            if (cycle.contains(holder)) return List.of();
            cycle.add(holder);
            List<Wait> waits = openWaits(holder);
            if (waits.isEmpty()) return List.of();
            at = waits.get(waits.size() - 1);
        }
        return List.of();
    }

    /**
     * The processes that kept taking, with a timeout, a lock the next of them held, round in a circle, starting with
     * {@code pid}: the latest lock wait of each (begun within {@code recentMicros} of the record's latest instant, and
     * given a timeout, and not followed by an open wait in another call) was for a lock that the next process held as
     * it began, and the last one's for a lock {@code pid} held. Each process holds the lock the one before it was taking: none of their takes can succeed while none lets
     * go. Empty when there is no such circle. (A circle of waits without a timeout is a deadlock: {@link #lockCycle}.)
     */
    List<Long> timedLockCycle(long pid, long recentMicros) {
        List<Long> cycle = new ArrayList<>();
        long at = pid;
        while (true) {
            Wait w = lastLockWaits.get(at);
            List<Wait> now = openWaits(at);
            if (w == null || w.limitMillis() == null || w.holder() == null || w.holder() == at
                    || latestMicros - w.sinceMicros() > recentMicros || !now.isEmpty() && !now.get(now.size() - 1).equals(w)) {
                return List.of(); // not a timed take of a lock another holds, not lately, or waiting in another call since
            }
            cycle.add(at);
            at = w.holder();
            if (at == pid) return cycle;
            if (cycle.contains(at)) return List.of();
        }
    }

    /** {@code pid}'s latest wait for a lock, ended or not. */
    Optional<Wait> lastLockWait(long pid) {
        return Optional.ofNullable(lastLockWaits.get(pid));
    }

    /** How many of {@code pid}'s takes of a lock timed out, as far as the record shows (it keeps the first ones of each process). */
    int lockTimeouts(long pid) {
        return lockTimeouts.getOrDefault(pid, 0);
    }

    /** The children that ended with an exit code other than 0, with it, in the order they ended. */
    Map<Long, Integer> failed() {
        Map<Long, Integer> out = new LinkedHashMap<>();
        exitCodes.forEach((pid, code) -> {
            if (code != 0) out.put(pid, code);
        });
        return out;
    }

    /** The children started with {@code Process.start()} that ended with exit code 0, in the order they ended. */
    List<Long> endedCleanly() {
        List<Long> out = new ArrayList<>();
        exitCodes.forEach((pid, code) -> {
            if (code == 0 && startedChildren.contains(pid)) out.add(pid);
        });
        return out;
    }

    /** By pid: how each process whose task (or main) threw failed, as it recorded it, in the record's order. */
    Map<Long, ProcessFailures.Failure> failures() {
        return java.util.Collections.unmodifiableMap(failures);
    }

    /** The pool tasks that threw (the first of each chunk that failed), as their workers recorded them. */
    List<ProcessFailures.Failure> taskFailures() {
        return java.util.Collections.unmodifiableList(taskFailures);
    }

    /** The open waits of process {@code pid}, oldest first. */
    List<Wait> openWaits(long pid) {
        Map<Long, Wait> w = open.get(pid);
        return w == null ? List.of() : List.copyOf(w.values());
    }

    /** The latest of the open waits of the JDK's of process {@code pid}, if it has any. */
    Optional<JdkWait> latestJdkWait(long pid) {
        List<JdkWait> w = openJdkWaits(pid);
        return w.isEmpty() ? Optional.empty() : Optional.of(w.get(w.size() - 1));
    }

    /** The open waits of the JDK's of process {@code pid} ({@code jdk-wait}: of a thread watched for them), oldest first. */
    List<JdkWait> openJdkWaits(long pid) {
        Map<Long, JdkWait> w = openJdk.get(pid);
        return w == null ? List.of() : List.copyOf(w.values());
    }

    /** The name the process gave itself in the record, or the name its parent started it under. */
    Optional<String> name(long pid) {
        String n = names.get(pid);
        return Optional.ofNullable(n != null ? n : childNames.get(pid));
    }

    /** True when the process wrote to the record, or a {@code process-start} names it. */
    boolean known(long pid) {
        return names.containsKey(pid) || childNames.containsKey(pid);
    }

    /** A pool worker or a manager's server: processes of the library that wait for work in the library. */
    boolean isLibraryServer(long pid) {
        return isPoolWorker(pid) || name(pid).orElse("").startsWith("Manager-");
    }

    boolean isPoolWorker(long pid) {
        return name(pid).orElse("").startsWith("PoolWorker-");
    }

    /**
     * True while some task handed to a pool has not been begun by a worker: an idle worker may be about to take it. (A
     * task a worker began and waits in is that worker's open wait, not work for the others.)
     */
    boolean poolWorkToTake() {
        return poolTasksUnknown || poolTasksBegun < poolTasksGiven;
    }

    /** The {@code Process} objects that were made and never started, in the order they were made. */
    List<Created> neverStarted() {
        return created.values().stream().filter(c -> !started.contains(c.id())).toList();
    }

    /** The processes that put on {@code queue}, one entry per put. */
    List<Long> queuePutters(String queue) {
        return queuePuts.getOrDefault(queue, List.of());
    }

    int queueGets(String queue) {
        return queueGets.getOrDefault(queue, 0);
    }

    /** The queues items were put on and nothing was taken off (a queue's first takes are always recorded), each with its putters. */
    Map<String, List<Long>> queuesNeverTakenFrom() {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        queuePuts.forEach((q, putters) -> {
            if (queueGets(q) == 0) out.put(q, putters);
        });
        return out;
    }

    /** Messages sent from {@code end} ({@code left}, {@code right}) of {@code pipe}. */
    int sentFrom(String pipe, String end) {
        return pipeSends.getOrDefault(pipe + " " + end, 0);
    }

    int receivedAt(String pipe, String end) {
        return pipeRecvs.getOrDefault(pipe + " " + end, 0);
    }

    int eventSets(String event) {
        return eventSets.getOrDefault(event, 0);
    }

    /** The processes that hold permits of {@code semaphore}, as far as the record shows, in the order they took them. */
    List<Long> permitHolders(String semaphore) {
        return new ArrayList<>(permitsHeld.getOrDefault(semaphore, Map.of()).keySet());
    }

    /** True when {@code pid}'s waitFor returned pipes at their end again after recv() had told it so. */
    boolean selectedAtEnd(long pid) {
        return selectsAtEnd.contains(pid);
    }

    /** True when {@code pid}'s waitFor returned processes again after an earlier waitFor had returned them ended. */
    boolean selectedEnded(long pid) {
        return selectsEnded.contains(pid);
    }

    /** How many times {@code condition} was signalled ({@code signal} or {@code signalAll}). */
    int conditionSignals(String condition) {
        return conditionSignals.getOrDefault(condition, 0);
    }

    /** How many items of the joinable queue {@code queue} were marked done. */
    int tasksDone(String queue) {
        return tasksDone.getOrDefault(queue, 0);
    }

    /** How many awaits {@code barrier} let through, and the most parties a round of it had (0, 0 for none). */
    int[] barrierPassed(String barrier) {
        int[] p = barrierPassed.get(barrier);
        return p == null ? new int[2] : new int[] {p[0], p[1] + 1};
    }

    boolean ended(long pid) {
        return ended.contains(pid);
    }

    /** Every process with an open wait on {@code obj}, in the order they appear in the record. */
    Set<Long> waitingOn(String obj) {
        Set<Long> out = new LinkedHashSet<>();
        for (Map<Long, Wait> ws : open.values()) {
            for (Wait w : ws.values()) {
                if (obj.equals(w.obj())) out.add(w.pid());
            }
        }
        return out;
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
