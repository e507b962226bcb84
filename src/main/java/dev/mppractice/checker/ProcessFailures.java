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
 * counting no signal where every {@code signalAll} was refused), so they are told first.
 */
final class ProcessFailures {
    /** Most kinds of failure told one by one; the others are counted. */
    static final int MOST_TOLD = 4;

    /** One process's failure. */
    record Failure(String process, String error, String message, String at, boolean library) {
    }

    private final List<Failure> failures;

    private ProcessFailures(List<Failure> failures) {
        this.failures = failures;
    }

    /** The failures in {@code record} (a run record's events) of the run's own processes (those a behaviour judge counts). */
    static ProcessFailures in(List<Map<String, Object>> record, long mainPid, Set<Long> treePids) {
        return new ProcessFailures(new BehaviourJudge(record, mainPid, treePids).ownEvents(RecordEvent.PROCESS_FAIL).stream()
                .map(ProcessFailures::failure).toList());
    }

    /** {@code failures}, told together. */
    static ProcessFailures of(java.util.Collection<Failure> failures) {
        return new ProcessFailures(List.copyOf(failures));
    }

    /** The failure a {@code process-fail} event tells. */
    static Failure failure(Map<String, Object> e) {
        String name = e.get("name") instanceof String n ? n : e.get("proc") instanceof String p ? p : "a process";
        return new Failure(name, e.get("error") instanceof String s ? s : "an exception",
                e.get("message") instanceof String m ? m : "", e.get("at") instanceof String a ? a : null,
                Boolean.TRUE.equals(e.get("library")));
    }

    boolean any() {
        return !failures.isEmpty();
    }

    /**
     * One line for each kind of failure (same exception, same message), naming the processes and their lines:
     * "producer-1 and producer-2 failed at Buffer.java:56, and consumer-1 at Buffer.java:69, where the library refused
     * the call (ProcessException): signalAll on a Condition whose lock ...". "" when no process failed.
     */
    String told() {
        Map<List<Object>, Map<String, List<String>>> kinds = new LinkedHashMap<>();
        for (Failure f : failures) {
            kinds.computeIfAbsent(List.of(f.error(), f.message(), f.library()), k -> new LinkedHashMap<>())
                    .computeIfAbsent(f.at() == null ? "" : f.at(), k -> new ArrayList<>()).add(f.process());
        }
        List<String> lines = new ArrayList<>();
        for (var kind : kinds.entrySet()) {
            if (lines.size() == MOST_TOLD) {
                lines.add("(and " + (kinds.size() - MOST_TOLD) + " other kinds of failure: see Standard error)");
                break;
            }
            String error = (String) kind.getKey().get(0);
            String message = (String) kind.getKey().get(1);
            boolean library = (Boolean) kind.getKey().get(2);
            List<String> sites = new ArrayList<>();
            for (var site : kind.getValue().entrySet()) {
                String names = BehaviourJudge.and(site.getValue().stream().sorted().toList()) + (sites.isEmpty() ? " failed" : "");
                sites.add(site.getKey().isEmpty() ? names : names + " at " + site.getKey());
            }
            String who = String.join(", and ", sites);
            String what = message.isEmpty() ? error : error + ": " + message;
            lines.add(library
                    ? who + ", where the library refused the call (" + error + ")" + (message.isEmpty() ? "." : ": " + message)
                    : who + ", with " + what + (what.endsWith(".") ? "" : "."));
        }
        return String.join("\n", lines);
    }
}
