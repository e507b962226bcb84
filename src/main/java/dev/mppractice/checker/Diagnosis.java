package dev.mppractice.checker;

import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each process of a stopped run was, in the learner's terms, from the run record: the call it
 * waits in, on which line of their file, and what the record shows about the object it waits on
 * (nothing ever put on that queue; nothing ever sent from the other end of that pipe). Only facts
 * from the record and the thread dumps: no guesses about the cause.
 */
final class Diagnosis {
    private final RunPicture picture;
    private final List<Long> live;
    private final Map<Long, ThreadDump.Spot> spots;
    private final long mainPid;
    private final String sourceFileName;
    private final List<String> sourceLines;

    Diagnosis(RunPicture picture, List<Long> live, Map<Long, ThreadDump.Spot> spots, long mainPid,
            String sourceFileName, List<String> sourceLines) {
        this.picture = picture;
        this.live = live;
        this.spots = spots;
        this.mainPid = mainPid;
        this.sourceFileName = sourceFileName;
        this.sourceLines = sourceLines;
    }

    /** One sentence per process (main first), then the processes made and never started. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        List<Long> order = new ArrayList<>(live);
        if (order.remove(mainPid)) order.add(0, mainPid);
        Set<String> explained = new LinkedHashSet<>();
        // A child that failed is most often why the others wait: said first.
        // Those that recorded how their task threw are told with it: where, with what; the others by their exit code.
        Map<Long, ProcessFailures.Failure> recorded = picture.failures();
        String threw = ProcessFailures.of(recorded.values()).told();
        if (!threw.isEmpty()) out.addAll(threw.lines().toList());
        Map<Integer, List<String>> failedByCode = new LinkedHashMap<>();
        picture.failed().forEach((pid, code) -> {
            if (!recorded.containsKey(pid)) failedByCode.computeIfAbsent(code, k -> new ArrayList<>()).add(who(pid));
        });
        failedByCode.forEach((code, names) -> out.add(BehaviourJudge.and(names) + " failed (exit code " + code + ") before the run got stuck: what "
                + (names.size() == 1 ? "it" : "they") + " threw is in the standard error."));
        // Those that ended cleanly: what the others wait for may have been theirs to do (a consumer that gave up and returned).
        List<String> ended = picture.endedCleanly().stream().map(this::who).toList();
        if (!ended.isEmpty()) out.add(BehaviourJudge.and(ended) + " had ended, with exit code 0.");
        // A pool task that threw: a main waiting for callbacks that count a latch down waits for one that never comes.
        List<ProcessFailures.Failure> tasks = picture.taskFailures();
        if (!tasks.isEmpty()) {
            ProcessFailures.Failure f = tasks.get(0);
            out.add("A task of the pool failed in " + f.process() + (f.at() == null ? "" : " at " + f.at()) + ", with " + f.error()
                    + (f.message().isEmpty() ? "" : ": " + f.message())
                    + (tasks.size() > 1 ? " (tasks failed in " + tasks.size() + " chunks in all)" : "")
                    + ": its result holds the exception (get() throws it), and applyAsync calls its error callback for it,"
                    + " not its callback.");
        }
        List<String> idleWorkers = new ArrayList<>();
        Set<Long> told = new LinkedHashSet<>();
        for (long pid : order) {
            if (told.contains(pid)) continue;
            List<Long> trying = picture.timedLockCycle(pid, RECENT_MICROS);
            if (!trying.isEmpty()) {
                out.add(keptTrying(trying));
                told.addAll(trying);
                continue;
            }
            List<RunPicture.Wait> waits = picture.openWaits(pid);
            if (!waits.isEmpty()) {
                RunPicture.Wait w = waits.get(waits.size() - 1);
                if (Context.END_WAIT_CALL.equals(w.call())) {
                    out.add(atItsEnd(pid, w));
                    continue;
                }
                StringBuilder b = new StringBuilder(who(pid)).append(" waits in ").append(expression(w));
                if (w.at() != null) b.append(" at ").append(w.at());
                // each object is told of once, but a process waiting for a lock it holds itself is always told so
                String about = explained.add(w.obj()) ? about(w) : heldByItself(w) ? HELD_BY_ITSELF : "";
                out.add(b.append(about.isEmpty() ? "." : "; " + about + ".").toString());
            } else if (picture.latestJdkWait(pid).isPresent() && !spots.containsKey(pid)) {
                // a task's or a chunk's thread, seen waiting in the JDK: a pool worker so waiting runs a task
                RunPicture.JdkWait w = picture.latestJdkWait(pid).get();
                out.add(waitedInTheJdk(pid, w.call(), w.at()));
            } else if (picture.isPoolWorker(pid)) {
                idleWorkers.add(who(pid));
            } else if (picture.isLibraryServer(pid)) {
                continue;   // a manager's server, waiting for a call: the calls that wait on it are told above or below
            } else if (spots.containsKey(pid)) {
                ThreadDump.Spot s = spots.get(pid);
                if (s.running()) {
                    out.add(who(pid) + " was running, not waiting, at " + s.learnerAt() + " when the run was stopped."
                            + (picture.selectedAtEnd(pid) ? " Its Multiprocessing.waitFor returned pipes whose end recv() had"
                            + " already reported (ConnectionEOFException): a pipe at its end is always ready, so a loop that"
                            + " keeps it in the list it waits on never waits again. Take a pipe off that list once recv()"
                            + " throws ConnectionEOFException." : "")
                            + (picture.selectedEnded(pid) ? " Its Multiprocessing.waitFor returned processes it had already"
                            + " returned as ended: an ended process is always ready, so a loop that keeps it in the list it"
                            + " waits on never waits again. Take a process off that list once waitFor returns it." : ""));
                } else if (s.sleeping()) {
                    out.add(who(pid) + " was in Thread.sleep at " + s.learnerAt() + " when the run was stopped.");
                } else if (s.called() != null) {
                    out.add(waitedInTheJdk(pid, s.called(), s.learnerAt()));
                } else if (s.top().startsWith("jdk.internal.misc.Unsafe.park")
                        || s.top().startsWith("java.util.concurrent.locks.LockSupport.park")) {
                    out.add(who(pid) + " was waiting at " + s.learnerAt() + " when the run was stopped (its thread was parked:"
                            + " waiting for a timeout, a lock or a result).");
                } else {
                    out.add(who(pid) + " was in " + s.top() + " at " + s.learnerAt() + " when the run was stopped.");
                }
            } else {
                out.add(who(pid) + " was not waiting in a call of the library.");
            }
        }
        if (!idleWorkers.isEmpty() && !out.isEmpty()) {
            boolean all = order.stream().filter(picture::isPoolWorker).count() == idleWorkers.size();
            out.add(all ? "The pool's workers had no task left to run."
                    : BehaviourJudge.and(idleWorkers) + " had no task left to run.");
        }
        for (RunPicture.Created c : picture.neverStarted()) {
            out.add(c.name() + " was created" + (c.at() == null ? "" : " at " + c.at()) + " but never started.");
        }
        return out;
    }

    /** True when a process was told waiting in a wait of the JDK's, from the record: it had no wait in the library. */
    boolean waitsOfTheJdk() {
        return live.stream().anyMatch(pid -> picture.openWaits(pid).isEmpty() && picture.latestJdkWait(pid).isPresent());
    }

    /**
     * A process whose thread waited in a call of the JDK's ({@code CountDownLatch.await}; {@code synchronized}: at a
     * block whose monitor another thread held) at {@code at} (null: not known).
     */
    private String waitedInTheJdk(long pid, String call, String at) {
        String in = "synchronized".equals(call) ? "to enter a synchronized block, whose lock another thread held," : "in " + call;
        return who(pid) + " was waiting " + in + (at == null ? "" : " at " + at) + " when the run was stopped: a wait of the"
                + " JDK's, not of the library, that nothing in the program ended.";
    }

    /**
     * A process that waits at its end for a child not made a daemon ({@link Context#END_WAIT_CALL}): main returned (or a
     * child's task did), and the JVM waits for that child to end, as a program does at its end.
     */
    private String atItsEnd(long pid, RunPicture.Wait w) {
        String child;
        try {
            child = who(Long.parseLong(w.obj()));
        } catch (NumberFormatException e) {
            child = "a child";
        }
        String ended = pid == mainPid ? "main returned" : who(pid) + "'s task returned";
        return ended + ", and " + (pid == mainPid ? "the program" : "it") + " waits for " + child + " to end: a process not"
                + " made a daemon is joined at the end of the program that started it.";
    }

    /** How recent the lock waits of processes told as taking each other's locks ({@link #keptTrying}) must be. */
    private static final long RECENT_MICROS = 1_000_000;

    /**
     * Processes that kept taking, with a timeout, a lock the next of them held, round in a circle ({@link
     * RunPicture#timedLockCycle}): where each took it, and how many of its takes timed out.
     */
    private String keptTrying(List<Long> cycle) {
        List<String> names = cycle.stream().map(this::who).toList();
        List<String> where = new ArrayList<>();
        int budget = Recorder.budget(RecordEvent.LOCK_TIMEOUT);
        for (long pid : cycle) {
            RunPicture.Wait w = picture.lastLockWait(pid).orElseThrow();
            int timedOut = picture.lockTimeouts(pid);
            where.add(who(pid) + (w.at() == null ? "" : " at " + w.at()) + " (" + (timedOut >= budget ? "at least " : "")
                    + timedOut + " of its takes timed out)");
        }
        boolean two = cycle.size() == 2;
        return BehaviourJudge.and(names) + " kept taking, with a timeout, a lock " + (two ? "the other" : "the next of them")
                + " held, each holding the lock " + (two ? "the other was taking" : "the one before it was taking, round in a circle")
                + ": " + BehaviourJudge.and(where) + ". A take tried again while its process still holds the lock "
                + (two ? "the other needs" : "another of them needs") + " cannot succeed: when a take times out,"
                + " let go of the lock you hold before you try again.";
    }

    private String who(long pid) {
        if (pid == mainPid) return "main";
        return picture.name(pid).orElse("process " + pid);
    }

    /** What the record shows about the object of a wait, or "". */
    private String about(RunPicture.Wait w) {
        if (w.obj() == null) return "";
        switch (w.kind()) {
            case "queue" -> {
                String q = label(w, "that queue");
                List<Long> putters = picture.queuePutters(w.obj());
                int gets = picture.queueGets(w.obj());
                List<String> waiters = waiters(w.obj());
                String also = waiters.size() > 1 ? " (" + BehaviourJudge.and(waiters) + " wait on " + q + ")" : "";
                if (w.call().equals("Queue.put")) return "";
                if (w.call().equals("JoinableQueue.join")) {
                    int done = picture.tasksDone(w.obj());
                    return items(putters.size()) + " put on " + q + ", " + gets + " taken off and " + done + " marked done"
                            + " with taskDone(): join() returns once every item put is marked done" + also;
                }
                if (putters.isEmpty()) return "nothing was ever put on " + q + also + putElsewhere(w.obj());
                Set<String> by = new LinkedHashSet<>();
                Map<Long, Integer> failed = picture.failed();
                for (long p : putters) by.add(who(p) + (p == mainPid || live.contains(p) ? ""
                        : failed.containsKey(p) ? ", which failed" : ", which has ended"));
                // "by A, which failed; B": a plain "A, B and C" when no entry has a comma of its own
                String byWhom = by.stream().anyMatch(b -> b.contains(",")) ? String.join("; ", by) : BehaviourJudge.and(by);
                return items(putters.size()) + " put on " + q + " (by " + byWhom + ") and " + gets
                        + " taken off" + also;
            }
            case "pipe" -> {
                String[] parts = w.obj().split(" ");
                if (parts.length != 2) return "";
                String pipe = parts[0];
                String end = parts[1];
                String other = end.equals("left") ? "right" : "left";
                List<String> facts = new ArrayList<>();
                List<String> waiters = waiters(w.obj());
                if (waiters.size() > 1) facts.add(String.join(" and ", waiters) + " both receive on the " + end + " end of that pipe");
                int fromOther = picture.sentFrom(pipe, other);
                if (fromOther == 0) facts.add("nothing was ever sent from its " + other + " end");
                int fromHere = picture.sentFrom(pipe, end);
                int gotThere = picture.receivedAt(pipe, other);
                if (fromHere > gotThere) {
                    facts.add(messages(fromHere - gotThere) + " sent from the " + end + " end " + (fromHere - gotThere == 1 ? "was" : "were")
                            + " never received at the " + other + " end");
                }
                return String.join("; ", facts);
            }
            case "process" -> {
                try {
                    long child = Long.parseLong(w.obj());
                    return who(child) + " has not ended" + (waitsToReceive(child) ? RECEIVES_IN_A_LOOP : "");
                } catch (NumberFormatException e) {
                    return "";
                }
            }
            case "event" -> {
                return picture.eventSets(w.obj()) == 0 ? "no process ever set that event" : "";
            }
            case "lock" -> {
                return lockHeld(w);
            }
            case "semaphore" -> {
                return permitsHeld(w);
            }
            case "condition" -> {
                return picture.conditionSignals(w.obj()) == 0
                        ? "no process ever signalled that condition (signal() or signalAll()), which is what wakes a waiter" : "";
            }
            case "barrier" -> {
                List<String> waiters = waiters(w.obj());
                int[] passed = picture.barrierPassed(w.obj());
                String who = waiters.size() == 1 ? waiters.get(0) + " alone waits at that barrier"
                        : BehaviourJudge.and(waiters) + " wait at that barrier";
                return passed[0] == 0 ? who + ", and it never let a round through: it waits for more parties than came"
                        : who + "; its rounds before let " + passed[1] + " parties through each, and the others went on"
                                + " without " + (waiters.size() == 1 ? "it" : "them");
            }
            default -> {
                return "";
            }
        }
    }

    /** Said of a process that waits for a lock it holds. */
    static final String HELD_BY_ITSELF = "it holds that lock itself: it took it earlier and has not released it, and a Lock"
            + " is not reentrant (a second acquire by its holder waits for ever). Take it once, or use an RLock";

    /** True when {@code w} is a wait for a lock that its own process holds. */
    private boolean heldByItself(RunPicture.Wait w) {
        return "lock".equals(w.kind()) && w.obj() != null && picture.lockHolder(w.obj()).filter(h -> h == w.pid()).isPresent();
    }

    /**
     * Who holds the lock {@code w} waits for, and, when the holder waits in turn for a lock held by {@code w}'s
     * process (directly or around a longer cycle), that this is a deadlock; "" when the record does not show a holder.
     */
    private String lockHeld(RunPicture.Wait w) {
        Optional<Long> holder = picture.lockHolder(w.obj());
        if (holder.isEmpty()) return "";
        long h = holder.get();
        if (h == w.pid()) return HELD_BY_ITSELF;
        String held = "that lock is held by " + who(h);
        List<Long> cycle = picture.lockCycle(w);
        if (cycle.isEmpty()) return held;
        return held + (cycle.size() == 2 ? ", which waits for a lock " + who(w.pid()) + " holds: a deadlock, neither can go on"
                : ", and the processes wait round in a circle, each for a lock the next holds: a deadlock, none can go on");
    }

    /**
     * Who holds the permits of the semaphore {@code w} waits for, as far as the record shows: those that ended without
     * giving theirs back first; "" when the record shows none held.
     */
    private String permitsHeld(RunPicture.Wait w) {
        List<String> ended = new ArrayList<>();
        List<String> alive = new ArrayList<>();
        for (long pid : picture.permitHolders(w.obj())) {
            if (pid != mainPid && !live.contains(pid)) ended.add(who(pid));
            else if (pid != w.pid()) alive.add(who(pid));
        }
        List<String> facts = new ArrayList<>();
        if (!ended.isEmpty()) {
            facts.add(BehaviourJudge.and(ended) + (ended.size() == 1 ? " took a permit of it and ended without giving it back"
                    : " took permits of it and ended without giving them back"));
        }
        if (!alive.isEmpty()) facts.add("a permit of it is held by " + BehaviourJudge.and(alive));
        return String.join("; ", facts);
    }

    private List<String> waiters(String obj) {
        List<String> out = new ArrayList<>();
        for (long pid : picture.waitingOn(obj)) {
            if (live.contains(pid)) out.add(who(pid));
        }
        return out;
    }

    /** Said of a joined child that waits to receive: what would end it. */
    static final String RECEIVES_IN_A_LOOP = ", and is itself waiting to receive: a process ends when its task returns, so one that"
            + " receives in a loop must be sent what ends that loop (a stop message, a sentinel) before it is joined";

    /** True when {@code pid}'s latest open wait is for a message or an item: a pipe's recv, a queue's get. */
    private boolean waitsToReceive(long pid) {
        List<RunPicture.Wait> waits = picture.openWaits(pid);
        if (waits.isEmpty()) return false;
        RunPicture.Wait w = waits.get(waits.size() - 1);
        return w.kind().equals("pipe") && w.call().endsWith(".recv") || w.kind().equals("queue") && w.call().endsWith(".get");
    }

    /**
     * ", but X put 1 item on another queue, off which nothing was ever taken" for the queues other than {@code queue} that
     * items were put on and nothing taken off (at most two told), else "": the item waited for went elsewhere.
     */
    private String putElsewhere(String queue) {
        List<String> told = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : picture.queuesNeverTakenFrom().entrySet()) {
            if (e.getKey().equals(queue) || told.size() == 2) continue;
            Set<String> by = new LinkedHashSet<>();
            for (long p : e.getValue()) by.add(who(p));
            int n = e.getValue().size();
            told.add(BehaviourJudge.and(by) + " put " + (n == 1 ? "1 item" : n + " items") + " on another queue");
        }
        return told.isEmpty() ? "" : ", but " + String.join(", and ", told) + ", off which nothing was ever taken";
    }

    private static String items(int n) {
        return n == 1 ? "1 item was" : n + " items were";
    }

    private static String messages(int n) {
        return n == 1 ? "1 message" : n + " messages";
    }

    /** The call as written on the learner's line ({@code q.get()}) when the line shows it once, else {@code Queue.get()}. */
    private String expression(RunPicture.Wait w) {
        String receiver = receiver(w);
        String method = w.call().substring(w.call().indexOf('.') + 1);
        return receiver != null ? receiver + "." + method + "()" : w.call() + "()";
    }

    private String label(RunPicture.Wait w, String otherwise) {
        String receiver = receiver(w);
        return receiver != null ? receiver : otherwise;
    }

    private String receiver(RunPicture.Wait w) {
        String line = sourceLine(w.at());
        if (line == null || w.call() == null || !w.call().contains(".")) return null;
        String method = w.call().substring(w.call().indexOf('.') + 1);
        Matcher m = Pattern.compile("([A-Za-z_$][\\w$]*)\\s*\\.\\s*" + Pattern.quote(method) + "\\s*\\(").matcher(line);
        String found = null;
        int count = 0;
        while (m.find()) {
            found = m.group(1);
            count++;
        }
        return count == 1 ? found : null;
    }

    private String sourceLine(String at) {
        if (at == null || sourceFileName == null) return null;
        int colon = at.lastIndexOf(':');
        if (colon < 0 || !at.substring(0, colon).equals(sourceFileName)) return null;
        try {
            int n = Integer.parseInt(at.substring(colon + 1));
            return n >= 1 && n <= sourceLines.size() ? sourceLines.get(n - 1) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
