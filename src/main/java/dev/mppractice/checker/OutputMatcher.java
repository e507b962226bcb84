package dev.mppractice.checker;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.mppractice.catalogue.OutputMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a run's standard output with the expected text: line endings and trailing spaces do not
 * count, nor do blank lines at the end; in {@link OutputMatch#PATTERN} mode, {@code {number}} and
 * {@code {any}} in an expected line match a number and any text.
 */
final class OutputMatcher {
    static final String NUMBER = "{number}";
    static final String ANY = "{any}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{number\\}|\\{any\\}");
    private static final String NUMBER_REGEX = "[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?";

    static final int DIFF_EXTRA_LINES = 500;

    private final OutputMatch mode;
    private final List<String> expected;
    private final List<Pattern> patterns;

    OutputMatcher(OutputMatch mode, String expectedText) {
        this.mode = mode;
        this.expected = lines(expectedText);
        this.patterns = new ArrayList<>();
        if (mode == OutputMatch.PATTERN) {
            for (String line : expected) patterns.add(compile(line));
        }
    }

    /** The text split into lines, with line endings and trailing whitespace removed, and no blank lines at the end. */
    static List<String> lines(String text) {
        String normal = text.replace("\r\n", "\n").replace('\r', '\n');
        List<String> out = new ArrayList<>();
        for (String line : normal.split("\n", -1)) out.add(line.stripTrailing());
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    static Pattern compile(String expectedLine) {
        StringBuilder re = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(expectedLine);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) re.append(Pattern.quote(expectedLine.substring(last, m.start())));
            re.append(m.group().equals(NUMBER) ? NUMBER_REGEX : ".*");
            last = m.end();
        }
        if (last < expectedLine.length()) re.append(Pattern.quote(expectedLine.substring(last)));
        return Pattern.compile(re.toString());
    }

    private boolean lineMatches(int expectedIndex, String actual) {
        if (mode == OutputMatch.PATTERN) return patterns.get(expectedIndex).matcher(actual).matches();
        return expected.get(expectedIndex).equals(actual);
    }

    boolean matches(String actualText) {
        List<String> actual = lines(actualText);
        if (actual.size() != expected.size()) return false;
        for (int i = 0; i < actual.size(); i++) {
            if (!lineMatches(i, actual.get(i))) return false;
        }
        return true;
    }

    /** A line diff from the expected output to the actual output, every line included. */
    List<DiffLine> diff(String actualText) {
        List<String> actual = lines(actualText);
        // The diff's cost grows with the product of lengths and distance: a flood of lines is cut.
        int shown = Math.min(actual.size(), expected.size() + DIFF_EXTRA_LINES);
        int hidden = actual.size() - shown;
        actual = actual.subList(0, shown);
        Map<String, Pattern> compiled = new HashMap<>();
        BiPredicate<String, String> equal = mode == OutputMatch.PATTERN
                ? (e, a) -> compiled.computeIfAbsent(e, OutputMatcher::compile).matcher(a).matches()
                : String::equals;
        Patch<String> patch = DiffUtils.diff(expected, actual, equal);
        List<DiffLine> out = new ArrayList<>();
        int e = 0;
        int a = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int eStart = delta.getSource().getPosition();
            int aStart = delta.getTarget().getPosition();
            while (e < eStart && a < aStart) {
                out.add(new DiffLine(DiffLine.Kind.SAME, actual.get(a)));
                e++;
                a++;
            }
            for (String line : delta.getSource().getLines()) out.add(new DiffLine(DiffLine.Kind.EXPECTED_ONLY, line));
            for (String line : delta.getTarget().getLines()) out.add(new DiffLine(DiffLine.Kind.ACTUAL_ONLY, line));
            e = eStart + delta.getSource().size();
            a = aStart + delta.getTarget().size();
        }
        while (a < actual.size()) {
            out.add(new DiffLine(DiffLine.Kind.SAME, actual.get(a)));
            a++;
        }
        if (hidden > 0) {
            out.add(new DiffLine(DiffLine.Kind.ACTUAL_ONLY, "[... " + hidden + " more lines of output not shown]"));
        }
        return out;
    }
}
