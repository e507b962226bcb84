package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a canary run's output is compared number by number with the expected output, for an exercise whose every
 * printed number must come from its processes: each number in its place, and nothing to compare when the run
 * printed another count of numbers.
 */
class CanaryNumbersTest {
    @Test
    void theNumbersOfAnOutputAreReadInOrderAsWritten() {
        assertEquals(List.of("3", "6", "9", "12", "15", "100"), Checker.numbers("Array: [3, 6, 9, 12, 15]\nCounter: 100\n"));
        assertEquals(List.of("-7", "2.5", "1e-3", "4"), Checker.numbers("x=-7 y=2.5 z=1e-3, [4]"));
        assertEquals(List.of(), Checker.numbers("All results received: True"));
    }

    @Test
    void theNumbersPrintedUnchangedAreCountedInTheirPlaces() {
        List<String> expected = List.of("1024", "243", "625", "1000", "49");
        assertEquals(0, Checker.unchangedNumbers(expected, List.of("8943", "8162", "8544", "8919", "7968")), "all altered");
        assertEquals(4, Checker.unchangedNumbers(expected, List.of("8943", "243", "625", "1000", "49")), "the first altered");
        assertEquals(5, Checker.unchangedNumbers(expected, expected));
        assertEquals(0, Checker.unchangedNumbers(expected, List.of("1024", "243")), "another count: nothing to compare");
    }
}
