package dev.mppractice.catalogue;

import java.util.Map;

/**
 * One {@code [[behaviour]]} rule of an exercise: what the run record must show besides the output.
 *
 * @param event     the event name of the run record ({@code docs/record.md}), e.g. {@code queue-put}
 * @param from      {@code "main"}, {@code "child"} or {@code "any"}
 * @param where     fields that must equal these values (empty when none)
 * @param whereNot  fields that must not equal these values (empty when none)
 * @param min       at least this many matching events (or distinct values)
 * @param distinct  when not null, count distinct values of this field instead of events
 * @param capAtCpus lower {@code min} to the machine's cpu count when that is smaller
 * @param message   one plain sentence telling the learner what is missing
 */
public record BehaviourRule(String event, String from, Map<String, Object> where,
        Map<String, Object> whereNot, int min, String distinct, boolean capAtCpus, String message) {

    public BehaviourRule {
        where = where == null ? Map.of() : Map.copyOf(where);
        whereNot = whereNot == null ? Map.of() : Map.copyOf(whereNot);
        from = from == null ? "any" : from;
    }

    /** The number of matches this rule needs on a machine with {@code cpus} processors. */
    public int effectiveMin(int cpus) {
        return capAtCpus ? Math.min(min, Math.max(1, cpus)) : min;
    }
}
