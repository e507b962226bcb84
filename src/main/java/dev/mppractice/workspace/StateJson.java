package dev.mppractice.workspace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.TreeMap;

/**
 * The state file's JSON, read and written with Jackson's streaming parser and generator: a command
 * line that starts a fresh JVM each time saves the ~200 ms that loading the data-binding layer costs.
 * Unknown fields are skipped (a later format-1 writer may add some); a field of the wrong type is an
 * error that names it.
 */
final class StateJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Thrown for a well-formed file whose content is not a state; the message names the field. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private StateJson() {
    }

    static State read(byte[] bytes) throws IOException, Invalid {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new Invalid("the file is empty");
            if (first != JsonToken.START_OBJECT) throw new Invalid("it does not hold a JSON object");
            State s = new State();
            s.format = null;
            s.exercises = new TreeMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "format" -> s.format = integer(p, v, "format");
                    case "current" -> s.current = text(p, v, "current");
                    case "exercises" -> {
                        if (v != JsonToken.START_OBJECT) throw new Invalid("the field \"exercises\" is not an object");
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String slug = p.currentName();
                            s.exercises.put(slug, exercise(p, slug));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new Invalid("there is more after the end of the JSON object");
            return s;
        }
    }

    private static ExerciseState exercise(JsonParser p, String slug) throws IOException, Invalid {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new Invalid("exercise \"" + slug + "\" is not an object");
        ExerciseState e = new ExerciseState();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            String where = "exercises." + slug + "." + field;
            switch (field) {
                case "status" -> {
                    e.status = text(p, v, where);
                    if (e.status != null) {
                        try {
                            Status.fromLabel(e.status);
                        } catch (IllegalArgumentException x) {
                            throw new Invalid("the field \"" + where + "\" is \"" + e.status + "\", not started, failing or done");
                        }
                    }
                }
                case "hintsShown" -> {
                    Integer n = integer(p, v, where);
                    e.hintsShown = n == null ? 0 : n;
                    if (e.hintsShown < 0) throw new Invalid("the field \"" + where + "\" is negative");
                }
                case "startedAt" -> e.startedAt = text(p, v, where);
                case "checks" -> {
                    Integer n = integer(p, v, where);
                    e.checks = n == null ? 0 : n;
                }
                case "lastCheckedAt" -> e.lastCheckedAt = text(p, v, where);
                case "lastOutcome" -> e.lastOutcome = text(p, v, where);
                case "passedAt" -> e.passedAt = text(p, v, where);
                case "solutionShown" -> {
                    if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) throw new Invalid("the field \"" + where + "\" is not true or false");
                    e.solutionShown = v == JsonToken.VALUE_TRUE;
                }
                default -> p.skipChildren();
            }
        }
        return e;
    }

    private static Integer integer(JsonParser p, JsonToken v, String field) throws IOException, Invalid {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v != JsonToken.VALUE_NUMBER_INT) throw new Invalid("the field \"" + field + "\" is not a whole number");
        return p.getIntValue();
    }

    private static String text(JsonParser p, JsonToken v, String field) throws IOException, Invalid {
        if (v == JsonToken.VALUE_NULL) return null;
        if (v != JsonToken.VALUE_STRING) throw new Invalid("the field \"" + field + "\" is not a string");
        return p.getText();
    }

    static byte[] write(State s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format", State.FORMAT);
            if (s.current != null) g.writeStringField("current", s.current);
            g.writeObjectFieldStart("exercises");
            for (var entry : new TreeMap<>(s.exercises).entrySet()) {
                ExerciseState e = entry.getValue();
                g.writeObjectFieldStart(entry.getKey());
                if (e.status != null) g.writeStringField("status", e.status);
                if (e.hintsShown != 0) g.writeNumberField("hintsShown", e.hintsShown);
                if (e.startedAt != null) g.writeStringField("startedAt", e.startedAt);
                if (e.checks != 0) g.writeNumberField("checks", e.checks);
                if (e.lastCheckedAt != null) g.writeStringField("lastCheckedAt", e.lastCheckedAt);
                if (e.lastOutcome != null) g.writeStringField("lastOutcome", e.lastOutcome);
                if (e.passedAt != null) g.writeStringField("passedAt", e.passedAt);
                if (e.solutionShown) g.writeBooleanField("solutionShown", true);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
