package dev.mppractice.catalogue;

import java.util.Map;
import java.util.Set;

/**
 * One {@code [[behaviour]]} rule of an exercise: what the run record must show besides the output
 * ({@code docs/exercise-format.md}). Every rule picks events with a {@link Match}; its {@link Kind}
 * says what must be true of them.
 *
 * @param match     which events the rule is about
 * @param min       at least this many matching events (or distinct values, or processes' events)
 * @param max       at most this many matching events, or null for no limit
 * @param distinct  when not null, count distinct values of this field instead of events
 * @param capAtCpus lower {@code min} (or {@code atOnce}) to the machine's cpu count when that is smaller
 * @param each      for {@link Kind#EACH}: {@code "process"}, {@code "worker"} or {@code "pool"}; null otherwise
 * @param before    for {@link Kind#ORDER}: the events every matching event (or the first, see
 *                  {@link Match#firstOnly}) must come before; null otherwise
 * @param atOnce    for {@link Kind#AT_ONCE}: how many matching spans must be open at one instant; 0 otherwise
 * @param message   what the learner reads when the rule is not met; may hold {@link #PLACEHOLDERS}
 * @param atMost    for {@link Kind#AT_MOST}: the most matching spans that may be open at one instant; 0 otherwise
 * @param speedup   for {@link Kind#SPEEDUP}: the phases to compare and the speed-up they must show; null otherwise
 * @param per       with {@code distinct}: count the distinct values among the events of each value of this field
 *                  (one lock, say) and take the greatest count; null to count over all matching events
 * @param lastingMillis for {@link Kind#AT_ONCE}: only spans that lasted at least this long count (0: any)
 * @param sum       for {@link Kind#COUNT}: add up this numeric field of the matching events (a call's {@code tasks})
 *                  instead of counting them; null to count
 * @param oneOrder  for {@link Kind#ONE_ORDER}: the field naming what the spans hold ({@code lock}); null for other forms
 */
public record BehaviourRule(Match match, int min, Integer max, String distinct, boolean capAtCpus, String each,
        Match before, int atOnce, String message, int atMost, Speedup speedup, String per, long lastingMillis, String sum,
        String oneOrder) {

    /** What the rule asks of its events. */
    public enum Kind {
        /** At least {@code min} (and at most {@code max}) matching events, distinct values of a field, or the sum of one. */
        COUNT,
        /** Every process of a kind (started with {@code Process.start()}, or a pool worker) wrote {@code min} of its own. */
        EACH,
        /** Every matching event came before the first event matching {@code before}. */
        ORDER,
        /** At least {@code atOnce} matching spans (chunk-begin, lock-acquire, semaphore-acquire, wait) were open at one instant. */
        AT_ONCE,
        /** Never more than {@code atMost} matching spans open at one instant (and at least {@code min} of them in all). */
        AT_MOST,
        /**
         * The phases labelled {@link Speedup#parallel()} ran at least {@link Speedup#atLeast()} times as
         * fast as those labelled {@link Speedup#serial()} (phases of {@code Multiprocessing.timed}).
         */
        SPEEDUP,
        /**
         * The things the spans hold (values of {@code oneOrder}) were always taken in one order: no process took one while
         * holding another that some process held while taking the first (no cycle in "held X while taking Y", in which
         * the taking is a matching event and the holding any open span of its event). What a deadlock needs.
         */
        ONE_ORDER
    }

    /**
     * A measured speed-up: the n-th phase labelled {@code serial} and the n-th labelled
     * {@code parallel} make round n; the rule holds when a judged round shows at least {@code atLeast}
     * ({@code docs/exercise-format.md} says how rounds are judged, and when a busy machine excuses).
     */
    public record Speedup(String serial, String parallel, double atLeast) {
    }

    /** The words a message may hold in braces, filled in from the run's record. */
    public static final Set<String> PLACEHOLDERS = Set.of("count", "total", "min", "max", "missing", "processes",
            "pools", "was", "late", "early", "most", "locks", "measured", "timing");

    /**
     * Which events a rule (or its {@code before}) is about.
     *
     * @param event    the event name of the run record ({@code docs/record.md}), e.g. {@code queue-put}
     * @param from     {@code "main"}, {@code "child"} or {@code "any"}
     * @param where    fields that must equal these values (empty when none)
     * @param whereNot fields that must not equal these values (empty when none)
     * @param madeIn   id fields whose object must have been made in: {@code "main"}, {@code "child"},
     *                 {@code "same"} (the process that wrote the event) or {@code "other"} (any other)
     * @param byMillis for a rule's {@code before} only: every matching event of the rule must come at least
     *                 this many milliseconds before the first event of this match (0: merely before)
     * @param firstOnly for a rule's {@code before} only: only the rule's first matching event must come before
     *                 (a stop flag put back down at the end, or a request made again, does not count)
     * @param inARow   for a rule's {@code before} only: the rule's events count in runs that no event of this
     *                 match interrupts, and the longest run must hold {@code min} (five tasks submitted before a
     *                 {@code get} waits for any of them, whatever was submitted and collected before them)
     * @param minOnly  for a rule's {@code before} only: {@code min} of the rule's events must come before the
     *                 first event of this match, and the others may come later (three ready reports taken before the
     *                 starting gun, the answers after it)
     */
    public record Match(String event, String from, Map<String, Object> where, Map<String, Object> whereNot,
            Map<String, String> madeIn, long byMillis, boolean firstOnly, boolean inARow, boolean minOnly) {

        public Match {
            where = where == null ? Map.of() : Map.copyOf(where);
            whereNot = whereNot == null ? Map.of() : Map.copyOf(whereNot);
            madeIn = madeIn == null ? Map.of() : Map.copyOf(madeIn);
            from = from == null ? "any" : from;
        }

        public Match(String event, String from, Map<String, Object> where, Map<String, Object> whereNot,
                Map<String, String> madeIn, long byMillis, boolean firstOnly) {
            this(event, from, where, whereNot, madeIn, byMillis, firstOnly, false, false);
        }

        public Match(String event, String from, Map<String, Object> where, Map<String, Object> whereNot,
                Map<String, String> madeIn, long byMillis) {
            this(event, from, where, whereNot, madeIn, byMillis, false);
        }

        public Match(String event, String from, Map<String, Object> where, Map<String, Object> whereNot,
                Map<String, String> madeIn) {
            this(event, from, where, whereNot, madeIn, 0);
        }

        public Match(String event, String from) {
            this(event, from, Map.of(), Map.of(), Map.of());
        }
    }

    public BehaviourRule {
        if (match == null) throw new IllegalArgumentException("a rule needs a match");
    }

    /** A rule of any form but {@link Kind#ONE_ORDER}. */
    public BehaviourRule(Match match, int min, Integer max, String distinct, boolean capAtCpus, String each,
            Match before, int atOnce, String message, int atMost, Speedup speedup, String per, long lastingMillis, String sum) {
        this(match, min, max, distinct, capAtCpus, each, before, atOnce, message, atMost, speedup, per, lastingMillis, sum, null);
    }

    /** A rule without {@code sum}. */
    public BehaviourRule(Match match, int min, Integer max, String distinct, boolean capAtCpus, String each,
            Match before, int atOnce, String message, int atMost, Speedup speedup, String per, long lastingMillis) {
        this(match, min, max, distinct, capAtCpus, each, before, atOnce, message, atMost, speedup, per, lastingMillis, null);
    }

    /** A rule without {@code per}, {@code lastingMillis} and {@code sum}. */
    public BehaviourRule(Match match, int min, Integer max, String distinct, boolean capAtCpus, String each,
            Match before, int atOnce, String message, int atMost, Speedup speedup) {
        this(match, min, max, distinct, capAtCpus, each, before, atOnce, message, atMost, speedup, null, 0);
    }

    /** A rule of any form but {@link Kind#AT_MOST} and {@link Kind#SPEEDUP}. */
    public BehaviourRule(Match match, int min, Integer max, String distinct, boolean capAtCpus, String each,
            Match before, int atOnce, String message) {
        this(match, min, max, distinct, capAtCpus, each, before, atOnce, message, 0, null);
    }

    /** A rule of form {@link Kind#AT_MOST} (or, with {@code atMost} 0, any form but {@link Kind#SPEEDUP}). */
    public BehaviourRule(Match match, int min, Integer max, String distinct, boolean capAtCpus, String each,
            Match before, int atOnce, String message, int atMost) {
        this(match, min, max, distinct, capAtCpus, each, before, atOnce, message, atMost, null);
    }

    /** A rule of form {@link Kind#SPEEDUP} (or, with no {@code speedup}, any form but {@link Kind#AT_MOST}). */
    public BehaviourRule(Match match, int min, Integer max, String distinct, boolean capAtCpus, String each,
            Match before, int atOnce, String message, Speedup speedup) {
        this(match, min, max, distinct, capAtCpus, each, before, atOnce, message, 0, speedup);
    }

    /** A counting rule: the form every exercise used before the other kinds existed. */
    public BehaviourRule(String event, String from, Map<String, Object> where, Map<String, Object> whereNot, int min,
            String distinct, boolean capAtCpus, String message) {
        this(new Match(event, from, where, whereNot, Map.of()), min, null, distinct, capAtCpus, null, null, 0, message);
    }

    public Kind kind() {
        if (speedup != null) return Kind.SPEEDUP;
        if (before != null) return Kind.ORDER;
        if (each != null) return Kind.EACH;
        if (atOnce > 0) return Kind.AT_ONCE;
        if (atMost > 0) return Kind.AT_MOST;
        if (oneOrder != null) return Kind.ONE_ORDER;
        return Kind.COUNT;
    }

    public String event() {
        return match.event();
    }

    public String from() {
        return match.from();
    }

    public Map<String, Object> where() {
        return match.where();
    }

    public Map<String, Object> whereNot() {
        return match.whereNot();
    }

    /** The number of matches this rule needs on a machine with {@code cpus} processors. */
    public int effectiveMin(int cpus) {
        return capAtCpus ? Math.min(min, Math.max(1, cpus)) : min;
    }

    /** The number of spans at once this rule needs on a machine with {@code cpus} processors. */
    public int effectiveAtOnce(int cpus) {
        return capAtCpus ? Math.min(atOnce, Math.max(1, cpus)) : atOnce;
    }
}
