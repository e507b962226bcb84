package dev.mppractice.checker;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.catalogue.OutputMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether the mp library's programs run on this machine, found the only sure way: {@code doctor} has the
 * checker compile and run a learner's program in its simplest form (one process started and joined),
 * exactly as {@code check} runs an exercise.
 */
public final class PlatformProbe {
    static final String CLASS = "MpPlatformProbe";
    static final String SOURCE = """
            import dev.mppractice.mp.Process;

            public class MpPlatformProbe {
                static void child() {
                }

                public static void main(String[] args) throws Exception {
                    Process p = new Process(MpPlatformProbe::child);
                    p.start();
                    p.join();
                    System.out.println(p.exitCode() == 0 ? "ok" : "the child process ended with exit code " + p.exitCode());
                }
            }
            """;

    private PlatformProbe() {
    }

    /** What the probe said: {@code ok}, or what went wrong, and how long it took. */
    public record Result(boolean ok, String message, Duration took) {
    }

    /** Compiles and runs the probe in a folder of its own, deleted afterwards. */
    public static Result run() {
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mp-practice-probe");
            Path file = dir.resolve(CLASS + ".java");
            Files.writeString(file, SOURCE);
            Exercise probe = new Exercise(0, "platform-probe", "A process started and joined", "", CLASS, SOURCE, SOURCE,
                    "ok\n", OutputMatch.EXACT, List.of(), Duration.ofSeconds(60), List.of(), List.of());
            CheckResult r = new Checker(new CheckerOptions(dir.resolve("cache"), null, CheckerOptions.DEFAULT_OUTPUT_CAP)).check(probe, file);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (r.passed()) return new Result(true, "ok", took);
            String said = (r.stdout().strip() + "\n" + r.stderr().strip()).strip();
            return new Result(false, r.outcome().toString().toLowerCase().replace('_', ' ')
                    + (said.isEmpty() ? "" : ": " + said.lines().limit(6).reduce((a, b) -> a + "\n" + b).orElse("")), took);
        } catch (CheckerException | IOException | RuntimeException e) {
            return new Result(false, String.valueOf(e.getMessage()), Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            if (dir != null) deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temporary folder: the system cleans it at the latest
        }
    }
}
