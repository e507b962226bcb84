package dev.mppractice.checker;

import dev.mppractice.mp.internal.RecordEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processes whose task threw (a child's task, or main), as their own {@code process-fail} events tell it: which failed where,
 * with what, and whether the library refused the call. A wrong output, a stuck run or a crash told without them
 * sends the learner after a consequence (a consumer waiting for items that a dead producer never made; a rule
 * counting no signal where every {@code signalAll} was refused), so they are told first. So are the children whose task
 * returned while threads it had started were still running ({@code threads-left}): the process ended with its task, and
 * the threads' work with it (a {@code worker} run on a thread of the child never printed its line).
 */
final class ProcessFailures {
    /** Most kinds of failure told one by one; the others are counted. */
    static final int MOST_TOLD = 4;

    /** One process's failure. */
    record Failure(String process, String error, String message, String at, boolean library, String raisedIn,
            String raisedAt) {
    }

    /** A child whose task returned while {@code threads} threads of the program were running, the first at {@code at}. */
    record ThreadsLeft(String process, int threads, String thread, String at) {
    }

    private final List<Failure> failures;
    private final List<ThreadsLeft> threadsLeft;

    private ProcessFailures(List<Failure> failures, List<ThreadsLeft> threadsLeft) {
        this.failures = failures;
        this.threadsLeft = threadsLeft;
    }

    /** The failures in {@code record} (a run record's events) of the run's own processes (those a behaviour judge counts). */
    static ProcessFailures in(List<Map<String, Object>> record, long mainPid, Set<Long> treePids) {
        return in(new BehaviourJudge(record, mainPid, treePids));
    }

    /** The failures of the run's own processes, as {@code own} (a judge of the run's record) counts them. */
    static ProcessFailures in(BehaviourJudge own) {
        return new ProcessFailures(own.ownEvents(RecordEvent.PROCESS_FAIL).stream().map(ProcessFailures::failure).toList(),
                own.ownEvents(RecordEvent.THREADS_LEFT).stream().map(e -> new ThreadsLeft(
                        processName(e),
                        e.get("threads") instanceof Number c ? c.intValue() : 1,
                        e.get("thread") instanceof String t ? t : "a thread",
                        e.get("at") instanceof String a ? a : null)).toList());
    }

    /** {@code failures}, told together. */
    static ProcessFailures of(java.util.Collection<Failure> failures) {
        return new ProcessFailures(List.copyOf(failures), List.of());
    }

    /** The name of the process an event tells of: its {@code name} field, else the writer's, as the record has it. */
    private static String processName(Map<String, Object> e) {
        return e.get("name") instanceof String n ? n : e.get("proc") instanceof String p ? p : "a process";
    }

    /** The failure a {@code process-fail} event tells. */
    static Failure failure(Map<String, Object> e) {
        String name = processName(e);
        return new Failure(name, e.get("error") instanceof String s ? s : "an exception",
                e.get("message") instanceof String m ? m : "", e.get("at") instanceof String a ? a : null,
                Boolean.TRUE.equals(e.get("library")), e.get("raisedIn") instanceof String in ? in : null,
                e.get("raisedAt") instanceof String ra ? ra : null);
    }

    boolean any() {
        return !failures.isEmpty();
    }

    /**
     * One line for each kind of failure (same exception, same message), naming the processes and their lines:
     * "producer-1 and producer-2 failed at Buffer.java:56, and consumer-1 at Buffer.java:69, where the library refused
     * the call (ProcessException): signalAll on a Condition whose lock ...". "" when no process failed.
     */
    /** What makes two failures one kind: all of a failure but its process and its line. */
    private record Kind(String error, String message, boolean library, String raisedIn, String raisedAt) {
    }

    String told() {
        Map<Kind, Map<String, List<String>>> kinds = new LinkedHashMap<>();
        for (Failure f : failures) {
            kinds.computeIfAbsent(new Kind(f.error(), f.message(), f.library(), f.raisedIn(), f.raisedAt()), k -> new LinkedHashMap<>())
                    .computeIfAbsent(f.at() == null ? "" : f.at(), k -> new ArrayList<>()).add(f.process());
        }
        List<String> lines = new ArrayList<>();
        for (var kind : kinds.entrySet()) {
            if (lines.size() == MOST_TOLD) {
                lines.add("(and " + (kinds.size() - MOST_TOLD) + " other kinds of failure: see Standard error)");
                break;
            }
            Kind k = kind.getKey();
            String error = k.error();
            String message = k.message();
            String raisedIn = k.raisedIn();
            String raisedAt = k.raisedAt();
            String raised = raisedIn == null ? "" : " (raised by a task in " + raisedIn + (raisedAt == null ? "" : ", at " + raisedAt) + ")";
            List<String> sites = new ArrayList<>();
            for (var site : kind.getValue().entrySet()) {
                String names = BehaviourJudge.and(site.getValue().stream().sorted().toList()) + (sites.isEmpty() ? " failed" : "");
                sites.add(site.getKey().isEmpty() ? names : names + " at " + site.getKey());
            }
            String who = String.join(", and ", sites);
            String what = message.isEmpty() ? error : error + ": " + message;
            if (k.library()) {
                // a refusal's message is the library's sentence, told as it is
                String refused = who + ", where the library refused the call (" + error + ")" + (message.isEmpty() ? "" : ": " + message);
                lines.add(raised.isEmpty() ? refused + (message.isEmpty() ? "." : "") : refused + raised + ".");
            } else {
                lines.add(who + ", with " + what + raised + (what.endsWith(".") && raised.isEmpty() ? "" : "."));
            }
        }
        for (ThreadsLeft t : threadsLeft) {
            String which = t.threads() == 1 ? "a thread it had started (" + t.thread() + (t.at() == null ? "" : ", at " + t.at())
                    + ") was" : t.threads() + " threads it had started (" + t.thread() + (t.at() == null ? "" : " at " + t.at())
                    + ", and others) were";
            lines.add(t.process() + "'s task returned while " + which + " still running: a process ends when its task"
                    + " returns, and its threads end with it, unfinished. Do the work in the task itself, or join the thread"
                    + " before the task returns.");
        }
        return String.join("\n", lines);
    }
}
