package dev.mppractice.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingCostTest {
    /** Pairs take turns at which run comes first: the second of two runs in a row was always the recorded one. */
    @Test
    void pairsTakeTurnsAtWhichRunComesFirst() {
        List<Boolean> firsts = new ArrayList<>();
        for (int round = 1; round <= 4; round++) firsts.add(RecordingCost.recordedFirst(round));
        assertEquals(List.of(false, true, false, true), firsts);
    }

    @Test
    void theIntervalOfAMedianHoldsItAndNarrowsWithMorePairs() {
        List<Double> few = List.of(0.9, 1.3, 1.0, 1.2, 1.05, 0.95, 1.1, 1.4);
        double[] wide = RecordingCost.medianInterval(few, 2000, 1);
        double median = RecordingCost.median(few);
        assertTrue(wide[0] <= median && median <= wide[1], median + " in " + wide[0] + " - " + wide[1]);
        assertTrue(wide[0] >= 0.9 && wide[1] <= 1.4, "within the pairs' range");
        List<Double> many = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            many.addAll(few);
        }
        double[] narrow = RecordingCost.medianInterval(many, 2000, 1);
        assertTrue(narrow[1] - narrow[0] < wide[1] - wide[0],
                "eight times the pairs: " + narrow[0] + " - " + narrow[1] + " against " + wide[0] + " - " + wide[1]);
        assertArrayEquals(wide, RecordingCost.medianInterval(few, 2000, 1), "the same pairs, the same interval");
    }

    @Test
    void pairsThatAllAgreeHaveNoSpread() {
        double[] same = RecordingCost.medianInterval(List.of(1.02, 1.02, 1.02), 500, 7);
        assertEquals(1.02, same[0]);
        assertEquals(1.02, same[1]);
    }
}
