package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlowedRunTest {

    /**
     * A second run holds a process back a second, or half a second longer than the longest timeout the program gave of
     * those it outwaits: a consumer ending on get(2 s) passed a run whose producer stalled 1 s (exercise 13), and a
     * guard of 5 s (exercise 16's solution) must not be set off.
     */
    @Test
    void aHoldOutlastsTheProgramsLongestTimeoutThatASecondRunOutwaits() {
        assertEquals(1_000, SlowedRun.holdBackMillis(0), "no timeout given");
        assertEquals(1_000, SlowedRun.holdBackMillis(300));
        assertEquals(1_300, SlowedRun.holdBackMillis(800));
        assertEquals(2_500, SlowedRun.holdBackMillis(2_000));
        assertEquals(5_000, SlowedRun.holdBackMillis(SlowedRun.OUTWAITS_MILLIS));
        assertEquals(5_000, SlowedRun.holdBackMillis(60_000), "the record has none longer; were it to, no hold outlasts 5 s");
    }
}
