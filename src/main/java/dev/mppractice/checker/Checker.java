package dev.mppractice.checker;

import dev.mppractice.catalogue.BehaviourRule;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.mp.internal.timeline.Timeline;
import dev.mppractice.mp.internal.timeline.TimelineBuilder;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles a learner's solution, runs it in a forked JVM, compares its output and judges its behaviour.
 *
 * <p>A solution that does not pass is a {@link CheckResult}, not an exception; {@link CheckerException}
 * means the checker itself could not work (no JDK compiler, unreadable file, no library). Whatever
 * happens, every process the run started has ended when {@link #check} returns.
 */
public final class Checker {
    /** The system property the mp library reads to write its run record. */
    static final String RECORD_PROPERTY = "mp.record";

    private final CheckerOptions options;
    private volatile Path library;
    private volatile SourceCompiler compiler;
    /** The last run, for tests that check the process table after it. */
    volatile JvmRun.Result lastRun;

    /** Defaults: the library found on this class path, the cache under {@code ~/.cache/mp-practice}, 1 MiB cap. */
    public Checker() {
        this(CheckerOptions.defaults());
    }

    public Checker(CheckerOptions options) {
        Path cache = options.cacheDir() == null ? CheckerOptions.defaultCacheDir() : options.cacheDir();
        long cap = options.outputCapBytes() > 0 ? options.outputCapBytes() : CheckerOptions.DEFAULT_OUTPUT_CAP;
        this.options = new CheckerOptions(cache, options.timeLimitOverride(), cap);
    }

    public CheckerOptions options() {
        return options;
    }

    /** Checks {@code source} against {@code ex}. */
    public CheckResult check(Exercise ex, Path source) throws CheckerException {
        long t0 = System.nanoTime();
        String sourceText = readSource(source);
        SourceCompiler.Compiled compiled = compiler().compile(source, sourceText);
        Duration compileTime = compiled.took();
        if (!compiled.ok()) {
            return new CheckResult(Outcome.COMPILE_ERROR, compiled.errors(),
                    Explanations.forCompileErrors(compiled.errors(), compiled.errorCodes(), sourceText), null,
                    "", "", ex.expectedOutput(), List.of(), null,
                    new Timings(compileTime, Duration.ZERO, since(t0), false));
        }
        if (!Files.isRegularFile(compiled.classesDir().resolve(ex.className() + ".class"))) {
            CompileError missing = new CompileError(source, 0, 0, Explanations.missingClass(ex.className(), sourceText));
            return new CheckResult(Outcome.COMPILE_ERROR, List.of(missing), "", null, "", "", ex.expectedOutput(),
                    List.of(), null, new Timings(compileTime, Duration.ZERO, since(t0), compiled.cached()));
        }

        Duration limit = options.timeLimitOverride() != null ? options.timeLimitOverride() : ex.timeLimit();
        Path runDir = createRunDir();
        try {
            Path record = runDir.resolve("record.jsonl");
            // A program whose speed-up is measured runs with the optimizing compiler, as the pool workers
            // it is compared with do: a serial version held back by a lesser compiler would flatter them.
            boolean measured = ex.behaviour().stream().anyMatch(b -> b.kind() == BehaviourRule.Kind.SPEEDUP);
            JvmRun run = new JvmRun(runClassPath(compiled.classesDir()), ex.className(), runDir,
                    Map.of(RECORD_PROPERTY, record.toString()),
                    measured ? dev.mppractice.mp.internal.JvmFlags.Work.LONG : dev.mppractice.mp.internal.JvmFlags.Work.SHORT);
            StuckWatch watch = new StuckWatch(record, learnerClasses(compiled.classesDir()), limit);
            JvmRun.Result r = run.run(limit, options.outputCapBytes(), watch);
            lastRun = r;
            String stderr = new StderrTrimmer(learnerClasses(compiled.classesDir())).trim(r.stderr());
            Timings timings = new Timings(compileTime, r.elapsed(), since(t0), compiled.cached());
            // One read of the record, under its size caps, serves the timeline and the behaviour rules.
            RunRecord rec = RunRecord.read(record);
            Timeline timeline = TimelineBuilder.build(rec.events(), r.pid(), r.timedOut() || r.stuck() ? epochMicros() : 0);

            if (r.outputTooLarge()) {
                return result(Outcome.OUTPUT_TOO_LARGE, Explanations.outputTooLarge(options.outputCapBytes()), r,
                        stderr, ex, List.of(), null, timings, timeline);
            }
            if (r.stuck() || r.timedOut()) {
                List<String> where = watch.diagnosis(r.pid(), source.getFileName().toString(), sourceText.lines().toList()).lines();
                return r.stuck()
                        ? result(Outcome.STUCK, Explanations.stuck(r.elapsed(), StuckWatch.QUIET, where), r, stderr, ex,
                                List.of(), null, timings, timeline)
                        : result(Outcome.TIMED_OUT, Explanations.timedOut(limit, where), r, stderr, ex, List.of(), null,
                                timings, timeline);
            }
            if (r.exitCode() == null || r.exitCode() != 0) {
                String why = r.exitCode() == null ? "The program did not end by itself." : Explanations.crashed(r.exitCode());
                return result(Outcome.CRASHED, why, r, stderr, ex, List.of(), null, timings, timeline);
            }
            OutputMatcher matcher = new OutputMatcher(ex.match(), ex.expectedOutput());
            if (!matcher.matches(r.stdout())) {
                return result(Outcome.OUTPUT_MISMATCH, "", r, stderr, ex, matcher.diff(r.stdout()), null, timings, timeline);
            }
            if (!ex.behaviour().isEmpty()) {
                if (rec.problem() != null) {
                    return result(Outcome.RECORD_UNUSABLE, rec.problem(), r, stderr, ex, List.of(), null, timings, timeline);
                }
                BehaviourJudge judge = new BehaviourJudge(rec.events(), r.pid(), r.treePids());
                int cpus = Runtime.getRuntime().availableProcessors();
                Optional<BehaviourJudge.Verdict> unmet = judge.verdict(ex.behaviour(), cpus);
                if (unmet.isPresent()) {
                    return result(Outcome.MISSING_BEHAVIOUR, "", r, stderr, ex, List.of(), unmet.get().message(), timings,
                            timeline);
                }
                // What a passing run measured (a speed-up), for the learner to see.
                String notes = String.join("\n", judge.notes(ex.behaviour(), cpus));
                if (!notes.isEmpty()) {
                    return result(Outcome.PASSED, notes, r, stderr, ex, List.of(), null, timings, timeline);
                }
            }
            return result(Outcome.PASSED, "", r, stderr, ex, List.of(), null, timings, timeline);
        } finally {
            SourceCompiler.deleteTree(runDir);
        }
    }

    private static CheckResult result(Outcome outcome, String explanation, JvmRun.Result r, String stderr,
            Exercise ex, List<DiffLine> diff, String missing, Timings timings, Timeline timeline) {
        return new CheckResult(outcome, List.of(), explanation, r.exitCode(), r.stdout(), stderr,
                ex.expectedOutput(), diff, missing, timings, timeline);
    }

    private SourceCompiler compiler() throws CheckerException {
        SourceCompiler c = compiler;
        if (c == null) {
            synchronized (this) {
                if (compiler == null) {
                    library = LibraryLocator.locate();
                    compiler = new SourceCompiler(library, options.cacheDir());
                }
                c = compiler;
            }
        }
        return c;
    }

    /** The library, the launcher ({@link RunMain}) when it lives elsewhere, and the learner's classes. */
    List<String> runClassPath(Path classesDir) {
        Path launcher = LibraryLocator.codeSourceOf(RunMain.class);
        if (launcher == null || launcher.equals(library)) {
            return List.of(library.toString(), classesDir.toString());
        }
        return List.of(library.toString(), launcher.toString(), classesDir.toString());
    }

    /** The jar or directory of the mp library that learner programs use. */
    public Path libraryPath() throws CheckerException {
        compiler();
        return library;
    }

    private static String readSource(Path source) throws CheckerException {
        try {
            return Files.readString(source);
        } catch (NoSuchFileException e) {
            throw new CheckerException("There is no file " + source + " to check", e);
        } catch (CharacterCodingException e) {
            throw new CheckerException(source + " is not UTF-8 text: save it as UTF-8 and check again", e);
        } catch (IOException e) {
            throw new CheckerException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static Path createRunDir() throws CheckerException {
        try {
            return Files.createTempDirectory("mp-practice-run-");
        } catch (IOException e) {
            throw new CheckerException("Cannot create a folder for the run in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
    }

    /** Top-level class names compiled from the learner's file: {@code Foo.class}, {@code Foo$1.class} give Foo. */
    private static Set<String> learnerClasses(Path classesDir) {
        try (Stream<Path> s = Files.list(classesDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .map(n -> n.contains("$") ? n.substring(0, n.indexOf('$')) : n)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
