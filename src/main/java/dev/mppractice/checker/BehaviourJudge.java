package dev.mppractice.checker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mppractice.catalogue.BehaviourRule;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a run's behaviour from the run record the library wrote ({@code docs/record.md}): each
 * exercise rule counts the events that match it; the first rule not met is what is missing.
 */
final class BehaviourJudge {
    /** The streaming parser alone: an ObjectMapper costs about 250 ms of a cold JVM here. */
    private static final JsonFactory JSON = new JsonFactory();

    private final List<Map<String, Object>> events;
    private final long mainPid;

    BehaviourJudge(List<Map<String, Object>> events, long mainPid) {
        this.events = events;
        this.mainPid = mainPid;
    }

    /** Reads the record file; a missing file is a run that recorded nothing. Lines that are not JSON objects are skipped. */
    static List<Map<String, Object>> read(Path recordFile) throws CheckerException {
        List<Map<String, Object>> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(recordFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                try {
                    Map<String, Object> ev = parseFlatObject(line);
                    if (ev != null) events.add(ev);
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

    /**
     * One line of the record: a JSON object whose values are strings, numbers, booleans or null
     * (nested values are kept as their JSON text). Null when the line is not an object.
     */
    static Map<String, Object> parseFlatObject(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            Map<String, Object> out = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                switch (t) {
                    case VALUE_STRING:
                        out.put(key, p.getText());
                        break;
                    case VALUE_NUMBER_INT:
                        out.put(key, p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                ? (Object) p.getBigIntegerValue().doubleValue() : (Object) p.getLongValue());
                        break;
                    case VALUE_NUMBER_FLOAT:
                        out.put(key, p.getDoubleValue());
                        break;
                    case VALUE_TRUE:
                    case VALUE_FALSE:
                        out.put(key, t == JsonToken.VALUE_TRUE);
                        break;
                    case START_OBJECT:
                    case START_ARRAY:
                        p.skipChildren();
                        out.put(key, "[nested]");
                        break;
                    default:
                        out.put(key, null);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) return null;
            return out;
        }
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
        for (Map<String, Object> ev : events) {
            if (!matches(rule, ev)) continue;
            if (rule.distinct() == null) {
                n++;
            } else {
                Object v = ev.get(rule.distinct());
                if (v != null) distinct.add(v.toString());
            }
        }
        return rule.distinct() == null ? n : distinct.size();
    }

    private boolean matches(BehaviourRule rule, Map<String, Object> ev) {
        if (!rule.event().equals(ev.get("ev"))) return false;
        Object pid = ev.get("pid");
        boolean fromMain = pid instanceof Long && (Long) pid == mainPid;
        if ("main".equals(rule.from()) && !fromMain) return false;
        if ("child".equals(rule.from()) && (fromMain || !(pid instanceof Long))) return false;
        for (Map.Entry<String, Object> w : rule.where().entrySet()) {
            if (!equal(ev.get(w.getKey()), w.getValue())) return false;
        }
        for (Map.Entry<String, Object> w : rule.whereNot().entrySet()) {
            if (equal(ev.get(w.getKey()), w.getValue())) return false;
        }
        return true;
    }

    /** A record value equals a rule value when both are the same string, boolean, or number. */
    static boolean equal(Object actual, Object wanted) {
        if (actual == null || wanted == null) return actual == wanted;
        if (wanted instanceof Number && actual instanceof Number) {
            if (isIntegral(wanted) && isIntegral(actual)) {
                return ((Number) wanted).longValue() == ((Number) actual).longValue();
            }
            return ((Number) wanted).doubleValue() == ((Number) actual).doubleValue();
        }
        return wanted.equals(actual);
    }

    private static boolean isIntegral(Object n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }
}
