package dev.mppractice.checker;

import dev.mppractice.mp.internal.RecordEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deadlock that a timeout ended: processes that waited round in a circle, each for a lock the next
 * held, until one of them gave up (its {@code acquire} had a timeout). The run then goes on, usually
 * to a {@code LockTimeoutException} and a wrong output, and the record shows what happened: this
 * reads the record in time order, as the processes lived it, and says so. Only what the record shows.
 */
final class EndedDeadlock {
    private EndedDeadlock() {
    }

    /** The sentence that tells the first such deadlock in {@code events} (a run record), or empty when there was none. */
    static Optional<String> in(List<Map<String, Object>> events) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            order.add(i);
        }
        // Each process's lines in its own order; processes interleaved by the clock they share.
        order.sort(Comparator.comparingLong((Integer i) -> micros(events.get(i))).thenComparingInt(i -> i));
        RunPicture picture = new RunPicture();
        for (int i : order) {
            Map<String, Object> e = events.get(i);
            if (RecordEvent.WAIT_END.wireName().equals(e.get("ev")) && "timeout".equals(e.get("outcome"))) {
                long pid = e.get("pid") instanceof Number n ? n.longValue() : 0;
                for (RunPicture.Wait w : picture.openWaits(pid)) {
                    if (e.get("span") instanceof Number span && w.span() == span.longValue()) {
                        List<Long> cycle = picture.lockCycle(w);
                        if (!cycle.isEmpty()) {
                            return Optional.of(told(picture, cycle, w));
                        }
                    }
                }
            }
            picture.add(e);
        }
        return Optional.empty();
    }

    private static String told(RunPicture picture, List<Long> cycle, RunPicture.Wait w) {
        List<String> names = cycle.stream().map(pid -> picture.name(pid).orElse("process " + pid)).toList();
        String circle = names.size() == 2
                ? names.get(0) + " waited for a lock " + names.get(1) + " held, while " + names.get(1)
                        + " waited for a lock " + names.get(0) + " held"
                : BehaviourJudge.and(names) + " waited round in a circle, each for a lock the next held";
        String call = w.call() + (w.at() != null ? " at " + w.at() : "");
        String limit = w.limitMillis() == null ? "" : " after " + Explanations.human(Duration.ofMillis(w.limitMillis()));
        return "The run shows a deadlock: " + circle + ", until " + names.get(0) + "'s " + call + " gave up" + limit
                + " (its timeout). " + (names.size() == 2 ? "Neither" : "None of them")
                + " could have gone on without it: take the locks in one order in every process.";
    }

    private static long micros(Map<String, Object> e) {
        return e.get("us") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }
}
