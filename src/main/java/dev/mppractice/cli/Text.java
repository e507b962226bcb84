package dev.mppractice.cli;

import java.util.ArrayList;
import java.util.List;

/** Small text helpers for the learner's screen. */
final class Text {
    static final int WIDTH = 100;

    private Text() {
    }

    /** Wraps each paragraph of {@code s} at {@code width} columns, every line starting with {@code indent}. */
    static String wrap(String s, int width, String indent) {
        StringBuilder out = new StringBuilder();
        for (String line : s.strip().split("\n", -1)) {
            if (line.isBlank()) {
                out.append('\n');
                continue;
            }
            String lead = line.substring(0, line.length() - line.stripLeading().length());
            if (line.length() + indent.length() <= width || !lead.isEmpty()) {   // short, or pre-formatted (code)
                out.append(indent).append(line).append('\n');
                continue;
            }
            StringBuilder cur = new StringBuilder();
            for (String word : line.split(" +")) {
                if (cur.length() > 0 && indent.length() + cur.length() + 1 + word.length() > width) {
                    out.append(indent).append(cur).append('\n');
                    cur.setLength(0);
                }
                if (cur.length() > 0) cur.append(' ');
                cur.append(word);
            }
            if (cur.length() > 0) out.append(indent).append(cur).append('\n');
        }
        return out.toString();
    }

    static String indent(String s, String indent) {
        StringBuilder out = new StringBuilder();
        for (String line : lines(s)) out.append(indent).append(line).append('\n');
        return out.toString();
    }

    /** The lines of {@code s}, without a last empty one for a final newline. */
    static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.replace("\r\n", "\n").split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String ellipsize(String s, int width, boolean unicode) {
        if (s.length() <= width) return s;
        return s.substring(0, Math.max(0, width - 1)) + (unicode ? "…" : "~");
    }

    static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String seconds(java.time.Duration d) {
        if (d == null) return "?";
        if (d.toMillis() % 1000 == 0) return d.toMillis() / 1000 + " s";
        double s = d.toMillis() / 1000.0;
        return s < 10 ? String.format(java.util.Locale.ROOT, "%.1f s", s) : String.format(java.util.Locale.ROOT, "%.0f s", s);
    }
}
