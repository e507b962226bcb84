package dev.mppractice.checker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link Checker} works.
 *
 * @param cacheDir          where compiled classes are kept between checks
 * @param timeLimitOverride when not null, used instead of each exercise's time limit
 * @param outputCapBytes    standard output beyond this many bytes stops the run
 */
public record CheckerOptions(Path cacheDir, Duration timeLimitOverride, long outputCapBytes) {
    public static final long DEFAULT_OUTPUT_CAP = 1L << 20;

    /** The defaults: cache under {@code ~/.cache/mp-practice}, the exercises' own limits, a 1 MiB cap. */
    public static CheckerOptions defaults() {
        return new CheckerOptions(defaultCacheDir(), null, DEFAULT_OUTPUT_CAP);
    }

    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mp-practice");
    }
}
