package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.OutputMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputMatcherTest {
    private static final DiffLine.Kind SAME = DiffLine.Kind.SAME;
    private static final DiffLine.Kind EXPECTED = DiffLine.Kind.EXPECTED_ONLY;
    private static final DiffLine.Kind ACTUAL = DiffLine.Kind.ACTUAL_ONLY;

    @Test
    void lineEndingsTrailingSpacesAndFinalBlankLinesDoNotCount() {
        OutputMatcher m = new OutputMatcher(OutputMatch.EXACT, "a\nb\n");
        assertTrue(m.matches("a\r\nb\r\n"));
        assertTrue(m.matches("a  \nb\t\n\n\n"));
        assertTrue(m.matches("a\nb"));
        assertTrue(m.matches("a\rb\r"));
    }

    @Test
    void leadingSpacesBlankLinesInsideAndCaseDoCount() {
        OutputMatcher m = new OutputMatcher(OutputMatch.EXACT, "a\nb\n");
        assertFalse(m.matches(" a\nb\n"));
        assertFalse(m.matches("a\n\nb\n"));
        assertFalse(m.matches("A\nb\n"));
        assertFalse(m.matches("a\n"));
        assertFalse(m.matches("a\nb\nc\n"));
    }

    @Test
    void patternModeMatchesNumbersAndAnyText() {
        OutputMatcher m = new OutputMatcher(OutputMatch.PATTERN,
                "Serial: {number}ms, Parallel: {number}ms\nResults match: True\nWorker {any} done\n");
        assertTrue(m.matches("Serial: 1.6ms, Parallel: 68.4ms\nResults match: True\nWorker 7 (pid 123) done\n"));
        assertTrue(m.matches("Serial: 12ms, Parallel: -0.5ms\nResults match: True\nWorker  done\n"));
        assertTrue(m.matches("Serial: 1e3ms, Parallel: .5ms\nResults match: True\nWorker x done\n"));
        assertFalse(m.matches("Serial: fast ms, Parallel: 68.4ms\nResults match: True\nWorker 7 done\n"));
        assertFalse(m.matches("Serial: 1.6ms, Parallel: 68.4ms\nResults match: False\nWorker 7 done\n"));
    }

    @Test
    void patternModeTakesEverythingElseLiterally() {
        OutputMatcher m = new OutputMatcher(OutputMatch.PATTERN, "[1, 2] (a+b)* {x} $1 {number}\n");
        assertTrue(m.matches("[1, 2] (a+b)* {x} $1 42\n"));
        assertFalse(m.matches("[1, 2] (aab)* {x} $1 42\n"));
    }

    @Test
    void exactModeTakesPlaceholdersLiterally() {
        OutputMatcher m = new OutputMatcher(OutputMatch.EXACT, "took {number}ms\n");
        assertFalse(m.matches("took 5ms\n"));
        assertTrue(m.matches("took {number}ms\n"));
    }

    @Test
    void diffShowsEveryLineMarkedSameExpectedOrActual() {
        OutputMatcher m = new OutputMatcher(OutputMatch.EXACT, "one\ntwo\nthree\nfour\n");
        assertEquals(List.of(
                new DiffLine(SAME, "one"),
                new DiffLine(EXPECTED, "two"),
                new DiffLine(ACTUAL, "TWO"),
                new DiffLine(SAME, "three"),
                new DiffLine(EXPECTED, "four")), m.diff("one\nTWO\nthree\n"));
    }

    @Test
    void diffInPatternModeCountsMatchingLinesAsSameAndShowsTheActualText() {
        OutputMatcher m = new OutputMatcher(OutputMatch.PATTERN, "Serial: {number}ms\nResults match: True\n");
        assertEquals(List.of(
                new DiffLine(SAME, "Serial: 3.2ms"),
                new DiffLine(EXPECTED, "Results match: True"),
                new DiffLine(ACTUAL, "Results match: False")), m.diff("Serial: 3.2ms\nResults match: False\n"));
    }

    @Test
    void diffOfAFloodOfLinesIsCut() {
        OutputMatcher m = new OutputMatcher(OutputMatch.EXACT, "done\n");
        String flood = "spam\n".repeat(100_000);
        List<DiffLine> diff = m.diff(flood);
        assertTrue(diff.size() < 1_000, "diff has " + diff.size() + " lines");
        assertTrue(diff.get(diff.size() - 1).text().contains("more lines of output not shown"));
    }
}
