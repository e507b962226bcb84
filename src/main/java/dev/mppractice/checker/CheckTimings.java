package dev.mppractice.checker;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Measures where the time from a source file to a verdict goes, for each exercise's reference
 * solution: compiling (first compile in a fresh JVM, later compiles, a cache hit), starting a JVM, and
 * running the program. Medians of several runs.
 *
 * <pre>
 * java -cp target/mp-practice.jar dev.mppractice.checker.CheckTimings [--runs N] [--catalogue DIR] [exercise ...]
 * </pre>
 *
 * <p>{@code -Dmp.checker.jvm-flags="..."} replaces the forked JVM's start-up flags, to compare.
 */
public final class CheckTimings {
    private CheckTimings() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        Path catalogueDir = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs":
                    runs = Integer.parseInt(args[++i]);
                    break;
                case "--catalogue":
                    catalogueDir = Path.of(args[++i]);
                    break;
                default:
                    names.add(args[i]);
            }
        }
        Catalogue catalogue = catalogueDir == null ? Catalogue.builtin() : Catalogue.load(catalogueDir);
        List<Exercise> exercises = new ArrayList<>();
        if (names.isEmpty()) {
            exercises.addAll(catalogue.exercises());
        } else {
            for (String n : names) {
                exercises.add(catalogue.find(n).orElseThrow(() -> new IllegalArgumentException("no exercise " + n)));
            }
        }
        Path work = Files.createTempDirectory("mp-practice-timings-");
        try {
            Checker checker = new Checker(new CheckerOptions(work.resolve("cache"), null, CheckerOptions.DEFAULT_OUTPUT_CAP));
            Path library = checker.libraryPath();
            SourceCompiler compiler = new SourceCompiler(library, work.resolve("cache"));

            // The first compile in a JVM pays for loading and warming up javac: what one CLI `check` pays.
            Path first = write(work.resolve("first"), exercises.get(0));
            long t0 = System.nanoTime();
            compiler.compile(first, Files.readString(first));
            double coldCompile = ms(System.nanoTime() - t0);

            double jvmStart = jvmStart(checker, compiler, work, runs);
            System.out.printf("library: %s%n", library);
            System.out.printf("JVM flags: %s%n", String.join(" ", JvmRun.jvmFlags()));
            System.out.printf("first compile in a fresh JVM (javac cold): %.0f ms%n", coldCompile);
            System.out.printf("JVM start and exit, empty main (median of %d): %.0f ms%n%n", runs, jvmStart);
            System.out.printf("%-24s %8s %7s %7s %8s %8s %8s %9s %9s %6s  %s%n", "exercise (medians, ms)", "compile", "cached",
                    "run", "program", "cleanup", "verdict", "uncached", "re-check", "extra", "outcome");
            for (Exercise ex : exercises) {
                List<Double> compile = new ArrayList<>();
                List<Double> cachedCompile = new ArrayList<>();
                List<Double> run = new ArrayList<>();
                List<Double> cleanup = new ArrayList<>();
                List<Double> total = new ArrayList<>();
                List<Double> uncachedTotal = new ArrayList<>();
                List<Double> recheck = new ArrayList<>();
                List<Double> recheckExtra = new ArrayList<>();
                String outcome = "";
                for (int i = 0; i < runs; i++) {
                    // A new comment each time: a source the cache has not seen.
                    Path file = write(work.resolve(ex.folderName() + "-" + i), ex, "\n// run " + i + " " + System.nanoTime() + "\n");
                    CheckResult r = checker.check(ex, file);
                    compile.add(ms(r.timings().compile()));
                    uncachedTotal.add(ms(r.timings().total()));
                    CheckResult c = checker.check(ex, file);
                    cachedCompile.add(ms(c.timings().compile()));
                    run.add(ms(c.timings().run()));
                    cleanup.add(ms(checker.lastRun.cleanup()));
                    total.add(ms(c.timings().total()));
                    outcome = c.passed() && r.passed() ? "PASSED" : c.outcome() + " / " + r.outcome();
                    // As watch re-checks after a save: a changed source, a JVM started ahead (and booted).
                    checker.prepare();
                    Thread.sleep(1000);
                    Path saved = write(work.resolve(ex.folderName() + "-w" + i), ex, "\n// saved " + System.nanoTime() + "\n");
                    CheckResult w = checker.check(ex, saved);
                    recheck.add(ms(w.timings().total()));
                    // what it costs beyond the program's own run (from its main to the end of its tree)
                    recheckExtra.add(ms(w.timings().total().minus(w.timings().run()).plus(w.timings().start())));
                }
                double runMedian = median(run);
                System.out.printf("%-24s %8.0f %7.1f %7.0f %8.0f %8.0f %8.0f %9.0f %9.0f %6.0f  %s%n", ex.folderName(),
                        median(compile), median(cachedCompile), runMedian, runMedian - jvmStart - median(cleanup),
                        median(cleanup), median(total), median(uncachedTotal), median(recheck), median(recheckExtra), outcome);
            }
            System.out.printf("%ncompile: javac in this (warm) JVM; cached: cache lookup; run: fork to the end of the"
                    + " whole process tree; program: run minus an empty JVM's start and exit and minus cleanup;"
                    + " cleanup: from the JVM's end to no process of the run left; verdict: source to verdict with"
                    + " the cache; uncached: the same with a compile; re-check: as watch after a save (a changed source,"
                    + " a JVM started ahead and booted); extra: re-check minus the program's own run (main to the end"
                    + " of its tree): compile, start, judge.%n");
        } finally {
            SourceCompiler.deleteTree(work);
        }
    }

    private static double jvmStart(Checker checker, SourceCompiler compiler, Path work, int runs) throws Exception {
        Path dir = work.resolve("empty");
        Files.createDirectories(dir);
        Path empty = dir.resolve("Empty.java");
        Files.writeString(empty, "public class Empty { public static void main(String[] args) { } }\n");
        SourceCompiler.Compiled c = compiler.compile(empty, Files.readString(empty));
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs + 1; i++) {
            JvmRun run = new JvmRun(checker.runClassPath(c.classesDir()), "Empty", dir, Map.of());
            JvmRun.Result r = run.run(Duration.ofSeconds(30), CheckerOptions.DEFAULT_OUTPUT_CAP);
            if (i > 0) times.add(ms(r.elapsed())); // the first warms the page cache
        }
        return median(times);
    }

    private static Path write(Path dir, Exercise ex) throws Exception {
        return write(dir, ex, "");
    }

    private static Path write(Path dir, Exercise ex, String suffix) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(ex.fileName());
        Files.writeString(file, ex.solutionSource() + suffix, StandardCharsets.UTF_8);
        return file;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
