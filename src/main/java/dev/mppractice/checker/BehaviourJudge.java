package dev.mppractice.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mppractice.catalogue.BehaviourRule;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a run's behaviour from the run record the library wrote ({@code docs/record.md}): each
 * exercise rule counts the events that match it; the first rule not met is what is missing.
 */
final class BehaviourJudge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> events;
    private final long mainPid;

    BehaviourJudge(List<JsonNode> events, long mainPid) {
        this.events = events;
        this.mainPid = mainPid;
    }

    /** Reads the record file; a missing file is a run that recorded nothing. Lines that are not JSON objects are skipped. */
    static List<JsonNode> read(Path recordFile) throws CheckerException {
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(recordFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null && n.isObject()) events.add(n);
                } catch (IOException e) {
                    // a line cut short by a killed process: not evidence of anything
                }
            }
        } catch (NoSuchFileException e) {
            return events;
        } catch (IOException e) {
            throw new CheckerException("Cannot read the run record " + recordFile + ": " + e.getMessage(), e);
        }
        return events;
    }

    /** The first rule the run does not meet. */
    Optional<BehaviourRule> firstUnmet(List<BehaviourRule> rules, int cpus) {
        for (BehaviourRule rule : rules) {
            if (count(rule) < rule.effectiveMin(cpus)) return Optional.of(rule);
        }
        return Optional.empty();
    }

    /** How many events (or distinct values of the rule's field) match the rule. */
    int count(BehaviourRule rule) {
        Set<String> distinct = new HashSet<>();
        int n = 0;
        for (JsonNode ev : events) {
            if (!matches(rule, ev)) continue;
            if (rule.distinct() == null) {
                n++;
            } else {
                JsonNode v = ev.get(rule.distinct());
                if (v != null && !v.isNull()) distinct.add(v.isTextual() ? v.textValue() : v.toString());
            }
        }
        return rule.distinct() == null ? n : distinct.size();
    }

    private boolean matches(BehaviourRule rule, JsonNode ev) {
        if (!rule.event().equals(text(ev.get("ev")))) return false;
        JsonNode pidNode = ev.get("pid");
        boolean fromMain = pidNode != null && pidNode.canConvertToLong() && pidNode.asLong() == mainPid;
        if ("main".equals(rule.from()) && !fromMain) return false;
        if ("child".equals(rule.from()) && (fromMain || pidNode == null)) return false;
        for (Map.Entry<String, Object> w : rule.where().entrySet()) {
            if (!equal(ev.get(w.getKey()), w.getValue())) return false;
        }
        for (Map.Entry<String, Object> w : rule.whereNot().entrySet()) {
            if (equal(ev.get(w.getKey()), w.getValue())) return false;
        }
        return true;
    }

    /** A record value equals a rule value when both are the same string, boolean, or number. */
    static boolean equal(JsonNode actual, Object wanted) {
        if (actual == null || actual.isNull()) return wanted == null;
        if (wanted instanceof String) return actual.isTextual() && actual.textValue().equals(wanted);
        if (wanted instanceof Boolean) return actual.isBoolean() && actual.booleanValue() == (Boolean) wanted;
        if (wanted instanceof Long || wanted instanceof Integer) {
            long w = ((Number) wanted).longValue();
            if (actual.isIntegralNumber()) return actual.canConvertToLong() && actual.longValue() == w;
            return actual.isNumber() && actual.doubleValue() == w;
        }
        if (wanted instanceof Number) return actual.isNumber() && actual.doubleValue() == ((Number) wanted).doubleValue();
        return false;
    }

    private static String text(JsonNode n) {
        return n == null || !n.isTextual() ? null : n.textValue();
    }
}
