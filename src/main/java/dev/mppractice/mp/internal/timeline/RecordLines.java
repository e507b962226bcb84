package dev.mppractice.mp.internal.timeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run record with the JDK alone (the library cannot use a JSON library): each line a flat
 * JSON object whose values are strings, numbers, booleans or null, as the library writes them.
 * Lines that are not such an object (cut short by a killed process) are skipped.
 */
public final class RecordLines {
    private final String s;
    private int i;

    private RecordLines(String line) {
        this.s = line;
    }

    /** The events of {@code file} from byte {@code offset} on; none when the file does not exist. */
    public static List<Map<String, Object>> read(Path file, long offset) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch.position(offset)),
                        StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> e = parse(line);
                if (e != null) events.add(e);
            }
        } catch (NoSuchFileException e) {
            return events;
        }
        return events;
    }

    /** One line as a map (numbers as Long or Double), or null when it is not a flat JSON object. */
    public static Map<String, Object> parse(String line) {
        try {
            return new RecordLines(line).object();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            i++;
            return end(out);
        }
        while (true) {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            out.put(key, value());
            skipSpace();
            char c = s.charAt(i++);
            if (c == '}') return end(out);
            if (c != ',') throw new IllegalArgumentException("expected , or }");
        }
    }

    private Map<String, Object> end(Map<String, Object> out) {
        skipSpace();
        if (i != s.length()) throw new IllegalArgumentException("text after the object");
        return out;
    }

    private Object value() {
        char c = peek();
        if (c == '"') return string();
        if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        int from = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
        String n = s.substring(from, i);
        if (n.isEmpty()) throw new IllegalArgumentException("not a flat value");
        if (n.matches("-?\\d{1,18}")) return Long.parseLong(n);
        return Double.parseDouble(n);
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') return b.toString();
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> b.append(e); // \" \\ \/
            }
        }
    }

    private char peek() {
        return s.charAt(i);
    }

    private void expect(char c) {
        if (s.charAt(i++) != c) throw new IllegalArgumentException("expected " + c);
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }
}
