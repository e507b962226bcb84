package dev.mppractice.catalogue;

import dev.mppractice.mp.internal.RecordEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of one {@code exercise.toml} (already parsed into a tree) and checks each,
 * collecting every problem as a sentence that names the file and the field.
 */
final class ExerciseToml {
    static final int FORMAT = 1;

    static final Set<String> TOP_KEYS = Set.of("format", "number", "slug", "title", "class", "time-limit",
            "topics", "description", "hints", "output", "behaviour", "canary", "canary-every-number", "canary-line", "canary-marks-failures", "canary-same-lines",
            "canary-spares-the-first",
            "slow-puts", "held-locks", "slow-receives", "late-arrival", "late-starts");
    static final Set<String> OUTPUT_KEYS = Set.of("match");
    static final Set<String> RULE_KEYS = Set.of("event", "from", "where", "where-not", "made-in", "min", "max",
            "distinct", "per", "sum", "cap-at-cpus", "each", "before", "at-once", "lasting-ms", "at-most", "speedup", "one-order",
            "message");
    static final Set<String> SPEEDUP_KEYS = Set.of("serial", "parallel", "at-least");
    static final Set<String> BEFORE_KEYS = Set.of("event", "from", "where", "where-not", "made-in", "by-ms", "first-only", "in-a-row", "min-only");
    static final Set<String> MADE_IN = Set.of("main", "child", "same", "other");
    static final Set<String> EACH = Set.of("process", "worker", "pool");
    /** A placeholder of a message: a word in braces ({count}); braces around code ({ ... }) are not. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z-]*)\\}");
    /** The event names of docs/record.md: the library's own list. */
    static final Set<String> EVENTS = Set.copyOf(RecordEvent.names());
    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");
    static final Duration MAX_TIME_LIMIT = Duration.ofMinutes(10);

    private final String file;
    private final JsonNode root;
    private final List<String> problems;

    ExerciseToml(String file, JsonNode root, List<String> problems) {
        this.file = file;
        this.root = root;
        this.problems = problems;
    }

    /** The fields read from the file; any field with a problem is null and the problem is recorded. */
    record Fields(Integer format, Integer number, String slug, String title, String className,
            Duration timeLimit, List<String> topics, String description, List<String> hints,
            OutputMatch match, List<BehaviourRule> behaviour, CanaryRun canary, SecondRuns secondRuns) {
    }

    Fields read() {
        if (!(root instanceof ObjectNode)) {
            problem(null, "is not a TOML table");
            return null;
        }
        unknownKeys(root, TOP_KEYS, "");
        Integer format = integer(root, "format", true);
        if (format != null && format != FORMAT) {
            if (format > FORMAT) {
                problem("format", "is " + format + ", but this mp-practice reads format " + FORMAT
                        + ": update mp-practice to use this catalogue");
            } else {
                problem("format", "is " + format + ", which does not exist (this mp-practice reads format " + FORMAT + ")");
            }
            format = null;
        }
        Integer number = integer(root, "number", true);
        if (number != null && number < 1) {
            problem("number", "must be 1 or more, not " + number);
            number = null;
        }
        String slug = string(root, "slug", true);
        if (slug != null && !SLUG.matcher(slug).matches()) {
            problem("slug", "\"" + slug + "\" may hold only a-z, 0-9 and single '-' between them");
            slug = null;
        }
        String title = string(root, "title", true);
        if (title != null && (title.isBlank() || title.contains("\n"))) {
            problem("title", "must be one non-empty line");
            title = null;
        }
        String className = string(root, "class", true);
        if (className != null && !isJavaIdentifier(className)) {
            problem("class", "\"" + className + "\" is not a Java class name");
            className = null;
        }
        Duration timeLimit = null;
        String limit = string(root, "time-limit", true);
        if (limit != null) {
            timeLimit = parseDuration(limit);
            if (timeLimit == null) {
                problem("time-limit", "\"" + limit + "\" is not a duration such as \"500ms\", \"10s\" or \"1m\"");
            } else if (timeLimit.isZero() || timeLimit.compareTo(MAX_TIME_LIMIT) > 0) {
                problem("time-limit", "\"" + limit + "\" must be more than 0 and at most 10m");
                timeLimit = null;
            }
        }
        List<String> topics = stringList(root, "topics", false);
        String description = string(root, "description", true);
        if (description != null && description.isBlank()) {
            problem("description", "is empty");
            description = null;
        }
        List<String> hints = stringList(root, "hints", true);
        if (hints != null) {
            if (hints.size() != 3) {
                problem("hints", "must hold exactly 3 hints, not " + hints.size());
                hints = null;
            } else if (hints.stream().anyMatch(String::isBlank)) {
                problem("hints", "holds an empty hint");
                hints = null;
            }
        }
        OutputMatch match = readOutput();
        List<BehaviourRule> behaviour = readBehaviour();
        String canary = string(root, "canary", false);
        if (canary != null && canary.isBlank()) {
            problem("canary", "is empty: it is the message for a program whose printed results did not come from its processes");
            canary = null;
        }
        Boolean everyNumber = bool(root, "canary-every-number", "canary-every-number");
        if (everyNumber != null && canary == null && !root.has("canary")) {
            problem("canary-every-number", "is set without a canary: give the canary's message too");
        }
        List<CanaryRun.Line> canaryLines = readCanaryLines();
        Boolean marksFailures = bool(root, "canary-marks-failures", "canary-marks-failures");
        if (marksFailures != null && canary == null && canaryLines.isEmpty()) {
            problem("canary-marks-failures", "is set without a canary run: give a canary or a canary-line");
        }
        Boolean sparesTheFirst = bool(root, "canary-spares-the-first", "canary-spares-the-first");
        if (sparesTheFirst != null && canary == null && canaryLines.isEmpty()) {
            problem("canary-spares-the-first", "is set without a canary run: give a canary or a canary-line");
        }
        String sameLines = string(root, "canary-same-lines", false);
        if (sameLines != null && sameLines.isBlank()) {
            problem("canary-same-lines", "is empty: it is the message for a program whose canary run printed other lines");
            sameLines = null;
        } else if (sameLines != null && canary == null && canaryLines.isEmpty()) {
            problem("canary-same-lines", "is set without a canary run: give a canary or a canary-line");
        }
        SecondRuns secondRuns = new SecondRuns(
                message("slow-puts", "a program whose output changed when its queue puts were slowed"),
                message("held-locks", "a program refused by a run in which each process held its first lock longer"),
                message("slow-receives", "a program whose output changed when its receives on pipes were slowed"),
                message("late-arrival", "a program whose output changed when a process arrived late at a barrier"),
                message("late-starts", "a program whose output changed when the processes after the first two started later"));
        return new Fields(format, number, slug, title, className, timeLimit, topics == null ? List.of() : topics,
                description, hints, match, behaviour,
                canary == null && canaryLines.isEmpty() ? null
                        : new CanaryRun(canary == null ? null : canary.strip(), Boolean.TRUE.equals(everyNumber), canaryLines,
                                Boolean.TRUE.equals(marksFailures), sameLines == null ? null : sameLines.strip(),
                                Boolean.TRUE.equals(sparesTheFirst)),
                secondRuns);
    }

    /** The message of a second run, {@code key}, stripped; null when not given, or (a problem) when empty. */
    private String message(String key, String forWhat) {
        String message = string(root, key, false);
        if (message != null && message.isBlank()) {
            problem(key, "is empty: it is the message for " + forWhat);
            return null;
        }
        return message == null ? null : message.strip();
    }

    private OutputMatch readOutput() {
        JsonNode output = root.get("output");
        if (output == null) return OutputMatch.EXACT;
        if (!output.isObject()) {
            problem("output", "must be a table ([output]), not " + kind(output));
            return null;
        }
        unknownKeys(output, OUTPUT_KEYS, "output.");
        String match = string(output, "match", false, "output.match");
        if (match == null) return output.get("match") == null ? OutputMatch.EXACT : null;
        switch (match) {
            case "exact":
                return OutputMatch.EXACT;
            case "pattern":
                return OutputMatch.PATTERN;
            default:
                problem("output.match", "\"" + match + "\" must be \"exact\" or \"pattern\"");
                return null;
        }
    }

    private static final Set<String> CANARY_LINE_KEYS = Set.of("line", "message");

    /** The {@code [[canary-line]]} tables: a line of the expected output (from 1) and its message. */
    private List<CanaryRun.Line> readCanaryLines() {
        JsonNode lines = root.get("canary-line");
        if (lines == null) return List.of();
        if (!lines.isArray()) {
            problem("canary-line", "must be an array of tables ([[canary-line]]), not " + kind(lines));
            return List.of();
        }
        List<CanaryRun.Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String at = "canary-line[" + (i + 1) + "]";
            JsonNode t = lines.get(i);
            if (!t.isObject()) {
                problem(at, "must be a table, not " + kind(t));
                continue;
            }
            unknownKeys(t, CANARY_LINE_KEYS, at + ".");
            Integer line = integer(t, "line", true, at + ".line");
            if (line != null && line < 1) problem(at + ".line", "must be 1 or more (the expected output's first line is 1), not " + line);
            String message = string(t, "message", true, at + ".message");
            if (message != null && message.isBlank()) problem(at + ".message", "is empty: it is what a program that printed that line unchanged is told");
            if (line != null && line >= 1 && message != null && !message.isBlank()) out.add(new CanaryRun.Line(line, message.strip()));
        }
        return out;
    }

    private List<BehaviourRule> readBehaviour() {
        JsonNode rules = root.get("behaviour");
        if (rules == null) return List.of();
        if (!rules.isArray()) {
            problem("behaviour", "must be an array of tables ([[behaviour]]), not " + kind(rules));
            return null;
        }
        List<BehaviourRule> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < rules.size(); i++) {
            String at = "behaviour[" + (i + 1) + "]";
            JsonNode r = rules.get(i);
            if (!r.isObject()) {
                problem(at, "must be a table, not " + kind(r));
                ok = false;
                continue;
            }
            int before = problems.size();
            unknownKeys(r, RULE_KEYS, at + ".");
            BehaviourRule.Match match = readMatch(r, at + ".");
            Integer min = integer(r, "min", false, at + ".min");
            if (min != null && min < 0) problem(at + ".min", "must be 0 or more, not " + min);
            Integer max = integer(r, "max", false, at + ".max");
            if (max != null && max < 0) problem(at + ".max", "must be 0 or more, not " + max);
            if (min != null && max != null && max < min) {
                problem(at + ".max", "is " + max + ", less than min (" + min + "): no run could meet the rule");
            }
            String distinct = string(r, "distinct", false, at + ".distinct");
            if (distinct != null && distinct.isBlank()) problem(at + ".distinct", "is empty");
            String per = string(r, "per", false, at + ".per");
            Integer lastingMs = integer(r, "lasting-ms", false, at + ".lasting-ms");
            // with at-once, at-most, or a count (the spans that lasted that long): not with the forms that judge otherwise
            boolean lastingFits = !r.has("each") && !r.has("before") && !r.has("speedup")
                    && !r.has("sum") && !r.has("distinct");
            if (lastingMs != null && (lastingMs < 1 || lastingMs > 600_000 || !lastingFits)) {
                problem(at + ".lasting-ms", lastingFits ? "must be from 1 to 600000 (milliseconds), not " + lastingMs
                        : "goes only with 'at-once', 'at-most' or a count of events ('min', 'max'): it says how long a span must last to count");
            }
            String sum = string(r, "sum", false, at + ".sum");
            if (sum != null && (sum.isBlank() || distinct != null)) {
                problem(at + ".sum", sum.isBlank() ? "is empty" : "cannot go with 'distinct': a rule adds up a field or counts its values, not both");
            }
            // per: with distinct, at-once, at-most, or a plain count (the greatest count of events of one value of the field)
            boolean plainCount = !r.has("each") && !r.has("before") && !r.has("speedup") && !r.has("one-order") && !r.has("sum");
            if (per != null && (per.isBlank() || distinct == null && !r.has("at-once") && !r.has("at-most") && !plainCount)) {
                problem(at + ".per", per.isBlank() ? "is empty"
                        : "goes only with 'distinct', 'at-once', 'at-most' or a count of events ('min', 'max'): it says within"
                                + " what to count events, distinct values or open spans");
            }
            Boolean capAtCpus = bool(r, "cap-at-cpus", at + ".cap-at-cpus");
            String each = string(r, "each", false, at + ".each");
            if (each != null && !EACH.contains(each)) {
                problem(at + ".each", "\"" + each + "\" must be \"process\" (each process started with Process.start())"
                        + ", \"worker\" (each pool worker that ran a chunk) or \"pool\" (each pool made)");
            }
            if (each != null && r.has("from")) {
                problem(at + ".from", "cannot go with 'each': the events counted are each process's own");
            }
            BehaviourRule.Match beforeMatch = null;
            JsonNode b = r.get("before");
            if (b != null) {
                if (!b.isObject()) {
                    problem(at + ".before", "must be an inline table such as { event = \"async-get\" }, not " + kind(b));
                } else {
                    unknownKeys(b, BEFORE_KEYS, at + ".before.");
                    beforeMatch = readMatch(b, at + ".before.");
                    Integer byMs = integer(b, "by-ms", false, at + ".before.by-ms");
                    boolean firstOnly = Boolean.TRUE.equals(bool(b, "first-only", at + ".before.first-only"));
                    boolean inARow = Boolean.TRUE.equals(bool(b, "in-a-row", at + ".before.in-a-row"));
                    boolean minOnly = Boolean.TRUE.equals(bool(b, "min-only", at + ".before.min-only"));
                    if (byMs != null && (byMs < 1 || byMs > 600_000)) {
                        problem(at + ".before.by-ms", "must be from 1 to 600000 (milliseconds), not " + byMs);
                    } else if (inARow && (byMs != null || firstOnly || minOnly)) {
                        problem(at + ".before.in-a-row", "cannot go with 'by-ms', 'first-only' or 'min-only': it counts the longest run");
                    } else if (minOnly && (byMs != null || firstOnly)) {
                        problem(at + ".before.min-only", "cannot go with 'by-ms' or 'first-only'");
                    } else if ((inARow || minOnly) && !r.has("min")) {
                        problem(at + ".before." + (inARow ? "in-a-row" : "min-only"), "needs 'min': how many must come "
                                + (inARow ? "in the longest run" : "before"));
                    } else if ((byMs != null || firstOnly || inARow || minOnly) && beforeMatch != null) {
                        BehaviourRule.Match m = beforeMatch;
                        beforeMatch = new BehaviourRule.Match(m.event(), m.from(), m.where(), m.whereNot(), m.madeIn(),
                                byMs == null ? 0 : byMs, firstOnly, inARow, minOnly);
                    }
                }
            }
            Integer atOnce = integer(r, "at-once", false, at + ".at-once");
            if (atOnce != null && atOnce < 2) problem(at + ".at-once", "must be 2 or more, not " + atOnce);
            Integer atMost = integer(r, "at-most", false, at + ".at-most");
            if (atMost != null && atMost < 1) problem(at + ".at-most", "must be 1 or more, not " + atMost);
            String event = r.path("event").asText(null);
            String oneOrder = string(r, "one-order", false, at + ".one-order");
            if (oneOrder != null && oneOrder.isBlank()) problem(at + ".one-order", "is empty");
            for (String form : List.of("at-once", "at-most", "one-order", "lasting-ms")) {
                if (r.has(form) && event != null && RecordEvent.byName(event).map(e -> !e.opensSpan()).orElse(false)) {
                    problem(at + "." + form, "needs an event that opens a span (" + String.join(", ", spanEvents())
                            + "), not \"" + event + "\"");
                }
            }
            if (atMost != null && capAtCpus != null && capAtCpus) {
                problem(at + ".cap-at-cpus", "cannot go with 'at-most': a limit lowered to the cpu count would refuse more");
            }
            BehaviourRule.Speedup speedup = null;
            JsonNode sp = r.get("speedup");
            if (sp != null) {
                speedup = readSpeedup(sp, at + ".speedup");
                if (event != null && !RecordEvent.PHASE_END.wireName().equals(event)) {
                    problem(at + ".event", "must be \"phase-end\" with 'speedup' (the phases of Multiprocessing.timed), not \""
                            + event + "\"");
                }
                if (min != null || Boolean.TRUE.equals(capAtCpus)) {
                    problem(at, "'min' and 'cap-at-cpus' do not go with 'speedup': on one processor no speed-up is asked for anyway");
                }
            }
            int forms = (each != null ? 1 : 0) + (b != null ? 1 : 0) + (atOnce != null ? 1 : 0) + (atMost != null ? 1 : 0)
                    + (sp != null ? 1 : 0) + (oneOrder != null ? 1 : 0);
            if (forms > 1) problem(at, "may have only one of 'each', 'before', 'at-once', 'at-most', 'speedup' and 'one-order'");
            if (forms > 0 && (distinct != null || max != null || sum != null)) {
                problem(at, "'distinct', 'sum' and 'max' go only with a counting rule, not with 'each', 'before', 'at-once',"
                        + " 'at-most', 'speedup' or 'one-order'");
            }
            if (oneOrder != null && (min != null || per != null || lastingMs != null || Boolean.TRUE.equals(capAtCpus))) {
                problem(at + ".one-order", "goes with none of 'min', 'per', 'lasting-ms' and 'cap-at-cpus': it asks for no count");
            }
            String message = string(r, "message", true, at + ".message");
            if (message != null && message.isBlank()) problem(at + ".message", "is empty");
            if (message != null) {
                Matcher pm = PLACEHOLDER.matcher(message);
                while (pm.find()) {
                    if (!BehaviourRule.PLACEHOLDERS.contains(pm.group(1))) {
                        problem(at + ".message", "has {" + pm.group(1) + "}, which is not a placeholder (known: "
                                + String.join(", ", sorted(BehaviourRule.PLACEHOLDERS)) + ")");
                    }
                }
            }
            if (problems.size() != before) {
                ok = false;
                continue;
            }
            int minimum = min != null ? min : max != null ? 0 : 1;
            out.add(new BehaviourRule(match, minimum, max, distinct, capAtCpus != null && capAtCpus, each, beforeMatch,
                    atOnce == null ? 0 : atOnce, message.strip(), atMost == null ? 0 : atMost, speedup, per,
                    lastingMs == null ? 0 : lastingMs, sum, oneOrder));
        }
        return ok ? out : null;
    }

    /** The events that open a span, which at-once and at-most count. */
    private static List<String> spanEvents() {
        List<String> out = new ArrayList<>();
        for (RecordEvent e : RecordEvent.values()) {
            if (e.opensSpan()) out.add(e.wireName());
        }
        return out;
    }

    /** {@code speedup = { serial = "serial", parallel = "parallel", at-least = 1.5 }}, or null with its problems reported. */
    private BehaviourRule.Speedup readSpeedup(JsonNode sp, String field) {
        if (!sp.isObject()) {
            problem(field, "must be an inline table such as { serial = \"serial\", parallel = \"parallel\", at-least = 1.5 }, not "
                    + kind(sp));
            return null;
        }
        int before = problems.size();
        unknownKeys(sp, SPEEDUP_KEYS, field + ".");
        String serial = string(sp, "serial", true, field + ".serial");
        String parallel = string(sp, "parallel", true, field + ".parallel");
        if (serial != null && serial.isBlank()) problem(field + ".serial", "is empty");
        if (parallel != null && parallel.isBlank()) problem(field + ".parallel", "is empty");
        if (serial != null && serial.equals(parallel)) {
            problem(field + ".parallel", "is \"" + parallel + "\", the same label as serial: the two phases must differ");
        }
        JsonNode least = sp.get("at-least");
        double atLeast = 0;
        if (least == null) {
            problem(field + ".at-least", "is missing");
        } else if (!least.isNumber()) {
            problem(field + ".at-least", "must be a number, not " + kind(least));
        } else {
            atLeast = least.doubleValue();
            if (atLeast <= 1.0 || atLeast > 64) {
                problem(field + ".at-least", "must be more than 1 (no speed-up) and at most 64, not " + least.asText());
            }
        }
        if (problems.size() != before) return null;
        return new BehaviourRule.Speedup(serial, parallel, atLeast);
    }

    /** The fields that pick events: event, from, where, where-not, made-in (of a rule, or of its before). */
    private BehaviourRule.Match readMatch(JsonNode r, String prefix) {
        int before = problems.size();
        String event = string(r, "event", true, prefix + "event");
        if (event != null && !EVENTS.contains(event)) {
            problem(prefix + "event", "\"" + event + "\" is not an event of the run record (docs/record.md)");
        }
        String from = string(r, "from", false, prefix + "from");
        if (from != null && !Set.of("main", "child", "any").contains(from)) {
            problem(prefix + "from", "\"" + from + "\" must be \"main\", \"child\" or \"any\"");
        }
        Map<String, Object> where = scalarTable(r, "where", prefix + "where");
        Map<String, Object> whereNot = scalarTable(r, "where-not", prefix + "where-not");
        Map<String, Object> madeIn = scalarTable(r, "made-in", prefix + "made-in");
        Map<String, String> made = new LinkedHashMap<>();
        if (madeIn != null) {
            for (Map.Entry<String, Object> e : madeIn.entrySet()) {
                if (!(e.getValue() instanceof String) || !MADE_IN.contains(e.getValue())) {
                    problem(prefix + "made-in." + e.getKey(), "must be \"main\", \"child\", \"same\" (the process"
                            + " that wrote the event) or \"other\", not " + e.getValue());
                } else {
                    made.put(e.getKey(), (String) e.getValue());
                }
            }
        }
        if (problems.size() != before) return null;
        return new BehaviourRule.Match(event, from == null ? "any" : from, where, whereNot, made);
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            default:
                return Duration.ofMinutes(n);
        }
    }

    static boolean isJavaIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) return false;
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i))) return false;
        }
        return javax.lang.model.SourceVersion.isName(s);
    }

    // ---- typed access; each reports its own problem ----

    private void unknownKeys(JsonNode table, Set<String> known, String prefix) {
        for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                problem(prefix + k, "is not a field of the exercise format (known: " + String.join(", ", sorted(known)) + ")");
            }
        }
    }

    private Integer integer(JsonNode table, String key, boolean required) {
        return integer(table, key, required, key);
    }

    private Integer integer(JsonNode table, String key, boolean required, String field) {
        JsonNode v = table.get(key);
        if (v == null) {
            if (required) problem(field, "is missing");
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problem(field, "must be an integer, not " + kind(v));
            return null;
        }
        return v.intValue();
    }

    private String string(JsonNode table, String key, boolean required) {
        return string(table, key, required, key);
    }

    private String string(JsonNode table, String key, boolean required, String field) {
        JsonNode v = table.get(key);
        if (v == null) {
            if (required) problem(field, "is missing");
            return null;
        }
        if (!v.isTextual()) {
            problem(field, "must be a string, not " + kind(v));
            return null;
        }
        return v.textValue();
    }

    private Boolean bool(JsonNode table, String key, String field) {
        JsonNode v = table.get(key);
        if (v == null) return null;
        if (!v.isBoolean()) {
            problem(field, "must be true or false, not " + kind(v));
            return null;
        }
        return v.booleanValue();
    }

    private List<String> stringList(JsonNode table, String key, boolean required) {
        JsonNode v = table.get(key);
        if (v == null) {
            if (required) problem(key, "is missing");
            return null;
        }
        if (!v.isArray()) {
            problem(key, "must be an array of strings, not " + kind(v));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                problem(key, "item " + (i + 1) + " must be a string, not " + kind(v.get(i)));
                return null;
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    private Map<String, Object> scalarTable(JsonNode table, String key, String field) {
        JsonNode v = table.get(key);
        if (v == null) return Map.of();
        if (!v.isObject()) {
            problem(field, "must be an inline table such as { exitcode = 0 }, not " + kind(v));
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode x = e.getValue();
            Object value;
            if (x.isArray() && !x.isEmpty()) {
                // one of these values (for where-not: none of them)
                List<Object> any = new ArrayList<>();
                for (JsonNode item : x) {
                    Object one = scalar(item);
                    if (one == null) {
                        problem(field + "." + e.getKey(), "must hold strings, numbers or booleans, not " + kind(item));
                        return null;
                    }
                    any.add(one);
                }
                value = List.copyOf(any);
            } else {
                value = scalar(x);
            }
            if (value == null) {
                problem(field + "." + e.getKey(), "must be a string, number or boolean, or a list of them, not " + kind(x));
                return null;
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    /** A string, boolean or number as Java has it (integral as a Long); null for anything else. */
    private static Object scalar(JsonNode x) {
        if (x.isTextual()) return x.textValue();
        if (x.isBoolean()) return x.booleanValue();
        if (x.isIntegralNumber() && x.canConvertToLong()) return x.longValue();
        if (x.isNumber()) return x.doubleValue();
        return null;
    }

    private void problem(String field, String what) {
        problems.add(field == null ? file + ": " + what : file + ": field '" + field + "' " + what);
    }

    static String kind(JsonNode v) {
        if (v.isTextual()) return "a string";
        if (v.isIntegralNumber()) return "an integer";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "an array";
        if (v.isObject()) return "a table";
        return v.getNodeType().toString().toLowerCase();
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }
}
