package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's samples are the real output, as doc tests keep them: every {@code text} block of its section
 * "Your first ten minutes" that starts with {@code $ bin/mp-practice ...} is run, in the README's order, on the built-in exercises in a fresh
 * workspace shown as {@code /home/you/mp-practice/mp-workspace}, and compared line by line. A line
 * {@code ...} stands for any number of lines. Between the samples the learner edits their file as the
 * README tells it (see {@link #LEARNERS_EDITS}). (The samples of other sections show timings that vary from
 * run to run, a stuck run's say: they are not run here.)
 */
class ReadmeSamplesTest {
    private static final Path PROJECT = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")));
    private static final String SHOWN_AS = "/home/you/mp-practice/mp-workspace";

    /**
     * What follows {@code new Process(...)} in exercise 1's {@code main} before each {@code check 1} of the README,
     * in order: the starter as it is, a start without a join, the right text from the main process alone, then
     * the solution.
     */
    private static final List<String> LEARNERS_EDITS = List.of(
            "",
            """
                    p.start();
                    System.out.println("Main process done");
            """,
            """
                    System.out.println("Process Alpha done");
                    System.out.println("Main process done");
            """,
            """
                    p.start();
                    p.join();
                    System.out.println("Main process done");
            """);

    record Sample(String args, List<String> expected) {
    }

    static List<Sample> samples(String readme) {
        List<Sample> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)```text\n\\$ bin/mp-practice([^\n]*)\n(.*?)```").matcher(readme);
        while (m.find()) out.add(new Sample(m.group(1).strip(), m.group(2).lines().map(String::stripTrailing).toList()));
        return out;
    }

    @Test
    void yourFirstTenMinutesAreTheRealOutput(@TempDir Path tmp) throws Exception {
        String readme = Files.readString(PROJECT.resolve("README.md"));
        int from = readme.indexOf("\n## Your first ten minutes\n");
        assertTrue(from >= 0, "the README's section \"Your first ten minutes\"");
        int to = readme.indexOf("\n## ", from + 1);
        List<Sample> samples = samples(readme.substring(from, to < 0 ? readme.length() : to));
        assertTrue(samples.size() >= 8, "the README's samples: " + samples);
        Path cwd = Files.createDirectories(tmp.resolve("mp-practice"));
        Path ws = cwd.resolve("mp-workspace");
        CliRun cli = new CliRun(cwd).env("MP_PRACTICE_CMD", "bin/mp-practice");
        Path file = ws.resolve("01-process-basics/ProcessBasics.java");
        Iterator<String> edits = LEARNERS_EDITS.iterator();
        for (Sample s : samples) {
            if (s.args().equals("check 1")) {
                assertTrue(edits.hasNext(), "a check 1 in the README that this test does not know what to do before");
                String body = edits.next();
                if (!body.isEmpty()) setMainBody(file, body);
            }
            CliRun.Result r = cli.run(s.args().isEmpty() ? new String[0] : s.args().split(" "));
            List<String> actual = new ArrayList<>(r.out().replace(ws.toString(), SHOWN_AS).lines().map(String::stripTrailing).toList());
            while (!actual.isEmpty() && actual.get(actual.size() - 1).isEmpty()) actual.remove(actual.size() - 1);
            if (!matches(s.expected(), 0, actual, 0)) {
                assertEquals(String.join("\n", s.expected()), String.join("\n", actual),
                        "the README's sample of `bin/mp-practice " + s.args() + "` is not what it prints");
            }
        }
        assertTrue(!edits.hasNext(), "every edit used: the README has as many `check 1` samples as this test expects");

        // The state file the README shows has the fields the real one has.
        Matcher json = Pattern.compile("(?s)`state.json` is small and meant to be readable:\n\n```json\n(.*?)```")
                .matcher(Files.readString(PROJECT.resolve("README.md")));
        assertTrue(json.find(), "the README's state.json sample");
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(fields(mapper.readTree(json.group(1)), ""),
                fields(mapper.readTree(Files.readString(ws.resolve(".mp-practice/state.json"))), ""));
    }

    /** Puts {@code body} where the starter's TODO comment is (or, after the first edit, the previous body). */
    private static void setMainBody(Path file, String body) throws Exception {
        String src = Files.readString(file);
        Matcher m = Pattern.compile("(?s)(new Process\\([^\n]*\n)(.*?)(\n    }\n)").matcher(src);
        assertTrue(m.find(), "no new Process(...) line in main in " + file + ":\n" + src);
        Files.writeString(file, src.substring(0, m.end(1)) + body.stripTrailing() + src.substring(m.start(3)));
    }

    /** Where a timeline's marks begin on a line: from there on the line shows this run's timing, which varies. */
    private static final Pattern TIMELINE_MARKS = Pattern.compile(" *[█░▁▓·▲▼─┼][█░▁▓·▲▼─┼ ]*.*$");

    /**
     * A line of a timeline (its rows, axis and legend) compared by its label alone: the bars and the times in
     * it are this run's, never the same twice.
     */
    static String shape(String line) {
        Matcher m = TIMELINE_MARKS.matcher(line);
        return m.find() ? line.substring(0, m.start()) + " <timeline>" : line;
    }

    /** {@code expected} from line {@code e} matches {@code actual} from line {@code a}; a line "..." matches any lines. */
    static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) return a == actual.size();
        if (expected.get(e).strip().equals("...")) {
            for (int k = a; k <= actual.size(); k++) {
                if (matches(expected, e + 1, actual, k)) return true;
            }
            return false;
        }
        return a < actual.size() && shape(expected.get(e)).equals(shape(actual.get(a)))
                && matches(expected, e + 1, actual, a + 1);
    }

    /** Every field's path; the entries of {@code exercises} (keyed by slug) count as one, {@code *}. */
    private static TreeSet<String> fields(JsonNode node, String at) {
        TreeSet<String> out = new TreeSet<>();
        if (!node.isObject()) return out;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String path = at.endsWith("exercises") ? at + ".*" : at + "." + f.getKey();
            out.add(path);
            out.addAll(fields(f.getValue(), path));
        }
        return out;
    }

    @Test
    void anEllipsisStandsForAnyLines() {
        assertTrue(matches(List.of("a", "...", "d"), 0, List.of("a", "b", "c", "d"), 0));
        assertTrue(matches(List.of("a", "..."), 0, List.of("a"), 0));
        assertTrue(!matches(List.of("a", "...", "d"), 0, List.of("a", "b"), 0));
        assertTrue(!matches(List.of("a", "b"), 0, List.of("a", "b", "c"), 0));
    }

    @Test
    void aTimelineRowMatchesByItsLabelAlone() {
        assertTrue(matches(List.of("  MainProcess █████▁▁▁▁▁", "  Process-1       ░░░░███"), 0,
                List.of("  MainProcess ███▁▁▁▁▁▁▁▁", "  Process-1     ░░░░░░█████"), 0));
        assertTrue(matches(List.of("  Timeline    0 ────────── 358 ms"), 0, List.of("  Timeline    0 ──────── 212 ms"), 0));
        assertTrue(!matches(List.of("  Process-1 ░░░███"), 0, List.of("  Process-2 ░░░███"), 0));
        assertTrue(!matches(List.of("  MainProcess ███"), 0, List.of("  MainProcess"), 0));
    }
}
