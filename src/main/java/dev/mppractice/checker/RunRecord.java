package dev.mppractice.checker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run record a program's processes wrote ({@code docs/record.md}), read with a cap: a program
 * that writes gigabytes to it must not take the checker down with it.
 *
 * @param events   the lines that are JSON objects, in file order
 * @param problem  null when the record could be read whole; else why it cannot be judged, for the learner
 */
record RunRecord(List<Map<String, Object>> events, String problem) {
    /** More than the library can write in any exercise (20,000 events and 100,000 waits a process, ~250 bytes each). */
    static final long MAX_BYTES = 64L << 20;
    /** No line the library writes comes near this; a longer one is not the library's and is skipped. */
    static final int MAX_LINE = 64 << 10;

    /** The streaming parser alone: an ObjectMapper costs about 250 ms of a cold JVM here. */
    private static final JsonFactory JSON = new JsonFactory();

    static RunRecord read(Path file) {
        return read(file, MAX_BYTES, MAX_LINE);
    }

    /** Reads {@code file}; a missing file is a run that recorded nothing. Lines that are not JSON objects are skipped. */
    static RunRecord read(Path file, long maxBytes, int maxLine) {
        List<Map<String, Object>> events = new ArrayList<>();
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                return new RunRecord(List.of(), tooLarge(size, maxBytes));
            }
        } catch (NoSuchFileException e) {
            return new RunRecord(events, null);
        } catch (IOException e) {
            return new RunRecord(List.of(), unreadable(e));
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            boolean skipping = false;
            long total = 0;
            int b;
            while ((b = in.read()) >= 0) {
                if (++total > maxBytes) {
                    // It grew while we read (a process the run left behind is still writing).
                    return new RunRecord(List.of(), tooLarge(total, maxBytes));
                }
                if (b == '\n') {
                    if (!skipping) add(events, line);
                    line.reset();
                    skipping = false;
                } else if (!skipping) {
                    if (line.size() >= maxLine) {
                        skipping = true;
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
            if (!skipping) add(events, line);
        } catch (NoSuchFileException e) {
            return new RunRecord(events, null);
        } catch (IOException e) {
            return new RunRecord(List.of(), unreadable(e));
        }
        return new RunRecord(events, null);
    }

    private static void add(List<Map<String, Object>> events, ByteArrayOutputStream line) {
        if (line.size() == 0) return;
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.isBlank()) return;
        try {
            Map<String, Object> ev = parseFlatObject(text);
            if (ev != null) events.add(ev);
        } catch (IOException e) {
            // a line cut short by a killed process: not evidence of anything
        }
    }

    private static String tooLarge(long size, long max) {
        return "The run record grew to " + (size >> 20) + " MiB, more than the " + (max >> 20) + " MiB the checker"
                + " reads: the program did far more with processes, queues, locks or shared values than this exercise"
                + " needs (a loop that never ends, or that runs millions of times?), so its behaviour cannot be judged.";
    }

    private static String unreadable(IOException e) {
        return "The run record could not be read (" + e.getMessage() + "), so the program's behaviour cannot be"
                + " judged. Does the program delete or change files in its working folder?";
    }

    /**
     * One line of the record: a JSON object whose values are strings, numbers, booleans or null
     * (nested values are kept as a marker). Null when the line is not an object.
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
}
