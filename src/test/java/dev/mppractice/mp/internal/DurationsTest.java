package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    private static void says(String expected, Duration d) {
        assertEquals(expected, Durations.human(d), d.toString());
    }

    @Test
    void eachInTheLargestUnitUnderWhichItIsAtLeastOne() {
        says("0 ns", Duration.ZERO);
        says("800 ns", Duration.ofNanos(800));
        says("1.5 µs", Duration.ofNanos(1_500));
        says("250 ms", Duration.ofMillis(250));
        says("5 ms", Duration.ofMillis(5));
        says("5 s", Duration.ofSeconds(5));
        says("1.25 s", Duration.ofMillis(1_250));
        says("59.999 s", Duration.ofMillis(59_999));
        says("999.999 µs", Duration.ofNanos(999_999));
    }

    @Test
    void fromAMinuteOnInMinutesAndSecondsAndFromAnHourOnInHoursToo() {
        says("1 min", Duration.ofMinutes(1));
        says("2 min 30 s", Duration.ofSeconds(150));
        says("2 min 0.5 s", Duration.ofMillis(120_500));
        says("1 h", Duration.ofHours(1));
        says("1 h 5 min", Duration.ofMinutes(65));
        says("25 h 1 min 1 s", Duration.ofSeconds(25 * 3600 + 61));
    }

    @Test
    void aNegativeDurationHasItsSign() {
        says("-250 ms", Duration.ofMillis(-250));
    }
}
