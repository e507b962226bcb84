package dev.mppractice.timeline;

import dev.mppractice.mp.internal.timeline.RecordLines;
import dev.mppractice.mp.internal.timeline.Timeline;
import dev.mppractice.mp.internal.timeline.TimelineBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recorded runs the timeline tests draw, in {@code src/test/resources/timeline}:
 * <ul>
 * <li>{@code ex3-today}: exercise 3's reference solution as the library records it today (no waits,
 *     no {@code process-run}, no message ids);
 * <li>{@code ex3-spans}: the same run with everything docs/record.md describes: the child's
 *     {@code process-run}, main's waits in {@code Queue.get} and {@code Process.join}, message ids;
 * <li>{@code ex9-pool}: a pool of two workers, four chunks, main blocked in {@code Pool.map};
 * <li>{@code stuck-stopped}: a run stopped at 2 s while main waits for a lock the child holds while
 *     it waits on a queue, the child's record cut short (and its last line cut in the middle), one
 *     line from an older library ({@code ms} only), a pipe message without ids.
 * <li>{@code ex1-main-sleeps}: a main that started its child and slept 500 ms where it should have joined it (the
 *     {@code sleep} span of its watched main thread), recorded from {@code recordcaller.SleepingMain}.
 * </ul>
 */
final class Records {
    static final Path DIR = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")),
            "src/test/resources/timeline");
    /** The stuck run was stopped 2 s after its first event. */
    static final long STUCK_STOPPED_AT = 1_700_000_000_000_000L + 2_000_000L;

    private Records() {
    }

    static Timeline timeline(String name) {
        try {
            var events = RecordLines.read(DIR.resolve(name + ".jsonl"), 0);
            return TimelineBuilder.build(events, 0, name.equals("stuck-stopped") ? STUCK_STOPPED_AT : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected text in {@code expected/NAME}; with {@code -Dtimeline.regenerate=true}, {@code actual} is written there first. */
    static String expected(String name, String actual) {
        Path file = DIR.resolve("expected").resolve(name);
        try {
            if (Boolean.getBoolean("timeline.regenerate")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
