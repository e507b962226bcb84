package dev.mppractice.mp.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Durations as people write them in messages: {@code "5 s"}, {@code "250 ms"}, {@code "2 min 30 s"}. */
public final class Durations {
    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private Durations() {
    }

    /**
     * {@code d} in the largest unit under which it is at least 1, with at most three decimals:
     * {@code 800 ns}, {@code 1.5 µs}, {@code 250 ms}, {@code 5 s}, {@code 1.25 s}; from a minute
     * on, in minutes and seconds ({@code 2 min 30 s}), from an hour on, in hours and minutes and
     * seconds ({@code 1 h 5 min}).
     */
    public static String human(Duration d) {
        if (d.isNegative()) {
            return "-" + human(d.negated());
        }
        if (d.compareTo(Duration.ofMinutes(1)) >= 0) {
            StringBuilder b = new StringBuilder();
            if (d.toHours() > 0) {
                b.append(d.toHours()).append(" h");
            }
            if (d.toMinutesPart() > 0) {
                b.append(b.length() > 0 ? " " : "").append(d.toMinutesPart()).append(" min");
            }
            Duration seconds = d.minusMinutes(d.toMinutes());
            if (!seconds.isZero()) {
                b.append(b.length() > 0 ? " " : "").append(decimal(seconds.toNanos(), SECOND)).append(" s");
            }
            return b.toString();
        }
        long nanos = d.toNanos();
        if (nanos >= SECOND) {
            return decimal(nanos, SECOND) + " s";
        }
        if (nanos >= MILLI) {
            return decimal(nanos, MILLI) + " ms";
        }
        if (nanos >= MICRO) {
            return decimal(nanos, MICRO) + " µs";
        }
        return nanos + " ns";
    }

    private static String decimal(long nanos, long unit) {
        return BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(unit), 3, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }
}
