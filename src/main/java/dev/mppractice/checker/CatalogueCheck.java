package dev.mppractice.checker;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.CatalogueException;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.catalogue.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The catalogue's own check ({@code mp-practice dev check}): every reference solution passes and
 * every starter compiles and does not pass, each run {@code repeat} times to catch flaky output.
 */
public final class CatalogueCheck {
    private final Checker checker;

    public CatalogueCheck(Checker checker) {
        this.checker = checker;
    }

    /** One finding per exercise and file; {@code what} is {@code "solution"}, {@code "starter"} or {@code "fixture <name>"}. */
    public record Finding(Exercise exercise, String what, boolean ok, String detail) {
    }

    /**
     * Checks every exercise of {@code catalogue}; {@code progress} hears one line per run.
     * Problems are findings, never exceptions.
     */
    public List<Finding> run(Catalogue catalogue, int repeat, Consumer<String> progress) {
        return run(catalogue, catalogue.exercises(), repeat, true, progress);
    }

    /**
     * Checks {@code exercises} of {@code catalogue}, with their fixtures when {@code withFixtures}: each
     * fixture that must pass passes, and each that must fail is refused with its intended message.
     */
    public List<Finding> run(Catalogue catalogue, List<Exercise> exercises, int repeat, boolean withFixtures,
            Consumer<String> progress) {
        int times = Math.max(1, repeat);
        Consumer<String> say = progress == null ? s -> { } : progress;
        List<Finding> findings = new ArrayList<>();
        Path work;
        try {
            work = Files.createTempDirectory("mp-practice-dev-check-");
        } catch (IOException e) {
            for (Exercise ex : exercises) {
                findings.add(new Finding(ex, "solution", false, "cannot create a temporary folder: " + e.getMessage()));
            }
            return findings;
        }
        try {
            for (Exercise ex : exercises) {
                findings.add(checkOne(ex, "solution", ex.solutionSource(), work, times, say));
                findings.add(checkOne(ex, "starter", ex.starterSource(), work, times, say));
                if (!withFixtures) continue;
                List<Fixture> fixtures;
                try {
                    fixtures = catalogue.fixtures(ex);
                } catch (CatalogueException e) {
                    findings.add(new Finding(ex, "fixtures", false, e.getMessage()));
                    continue;
                }
                for (Fixture f : fixtures) {
                    findings.add(checkFixture(ex, f, work, times, say));
                }
            }
        } finally {
            SourceCompiler.deleteTree(work);
        }
        return findings;
    }

    private Finding checkFixture(Exercise ex, Fixture f, Path work, int times, Consumer<String> say) {
        String what = "fixture " + f.name();
        Outcome wanted = null;
        if (f.outcome() != null) {
            wanted = outcome(f.outcome());
            if (wanted == null) {
                return new Finding(ex, what, false, "outcome \"" + f.outcome() + "\" is not one of the checker's: "
                        + String.join(", ", java.util.Arrays.stream(Outcome.values()).map(CatalogueCheck::dashed).toList()));
            }
        }
        Path file = work.resolve(ex.folderName()).resolve("fixtures").resolve(f.name()).resolve(ex.fileName());
        Outcome must = wanted;
        Runs runs = repeat(ex, what, f.source(), file, times, say, (r, run) -> {
            String text = Summary.of(r);
            if (f.pass() && !r.passed()) return "must pass (" + f.why() + ") but does not" + run + ": " + text;
            if (!f.pass() && r.passed()) return "must be refused (" + f.why() + ") but passes" + run;
            if (!f.pass() && f.raceShowsInOutput() && r.outcome() == Outcome.OUTPUT_MISMATCH) {
                return null; // its race showed in the output this time: refused for what it printed, rightly
            }
            if (!f.pass() && must != null && r.outcome() != must) {
                return "must end " + dashed(must) + " (" + f.why() + ") but ended " + dashed(r.outcome()) + run + ": " + text;
            }
            if (!f.pass() && f.message() != null && !text.contains(f.message())) {
                return "must be refused with \"" + f.message() + "\" (" + f.why() + ") but was refused otherwise" + run
                        + ": " + text;
            }
            return null;
        });
        if (runs.failed() != null) return runs.failed();
        return new Finding(ex, what, true, (f.pass() ? "passes" : "refused (" + dashed(runs.last().outcome()) + ")")
                + (times > 1 ? " " + times + " times out of " + times : "") + ": " + f.why());
    }

    /** The last result of a repeated check, or the finding that ended it early. */
    private record Runs(Finding failed, CheckResult last) {
    }

    /**
     * Writes {@code source} to {@code file} and checks it {@code times} times; {@code problem} says what is
     * wrong with a result (null: nothing), given the run's label ({@code " (run 2/3)"}).
     */
    private Runs repeat(Exercise ex, String what, String source, Path file, int times, Consumer<String> say,
            java.util.function.BiFunction<CheckResult, String, String> problem) {
        String name = ex.folderName() + " " + what;
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Runs(new Finding(ex, what, false, "cannot write " + file + ": " + e.getMessage()), null);
        }
        CheckResult r = null;
        for (int i = 1; i <= times; i++) {
            String run = times > 1 ? " (run " + i + "/" + times + ")" : "";
            try {
                r = checker.check(ex, file);
            } catch (CheckerException e) {
                say.accept(name + run + ": the checker failed: " + e.getMessage());
                return new Runs(new Finding(ex, what, false, "the checker failed: " + e.getMessage()), null);
            }
            String bad = problem.apply(r, run);
            // A pass may say what it measured (a speed-up): the author sees the figures of each run.
            String measured = r.passed() && !r.explanation().isBlank() ? " " + r.explanation().strip() : "";
            say.accept(name + run + ": " + (bad == null ? "ok (" + r.outcome() + ", "
                    + r.timings().total().toMillis() + " ms)" + measured : "FAILED: " + r.outcome()));
            if (bad != null) return new Runs(new Finding(ex, what, false, bad), r);
        }
        return new Runs(null, r);
    }

    /** The outcome a fixture names: an outcome in lowercase with dashes, or a short form. */
    static Outcome outcome(String name) {
        String n = switch (name) {
            case "behaviour" -> "missing-behaviour";
            case "output" -> "output-mismatch";
            case "timeout" -> "timed-out";
            case "crash" -> "crashed";
            case "compile" -> "compile-error";
            case "record" -> "record-unusable";
            default -> name;
        };
        for (Outcome o : Outcome.values()) {
            if (dashed(o).equals(n)) return o;
        }
        return null;
    }

    private static String dashed(Outcome o) {
        return o.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private Finding checkOne(Exercise ex, String what, String source, Path work, int times, Consumer<String> say) {
        // Not a failure (a course may mark the work otherwise), but worth a word to its author.
        String note = what.equals("starter") && !source.contains("TODO")
                ? "; note: it has no TODO comment to show the learner where to work" : "";
        Path file = work.resolve(ex.folderName()).resolve(what).resolve(ex.fileName());
        Runs runs = repeat(ex, what, source, file, times, say, (r, run) -> {
            if (what.equals("solution") && !r.passed()) return "the reference solution does not pass" + run + ": " + Summary.of(r);
            if (what.equals("starter") && r.outcome() == Outcome.COMPILE_ERROR) {
                return "the starter does not compile" + run + ": " + Summary.of(r);
            }
            if (what.equals("starter") && r.passed()) return "the starter passes as it is" + run + ": it must leave work to do";
            return null;
        });
        if (runs.failed() != null) return runs.failed();
        return new Finding(ex, what, true, what.equals("solution")
                ? "passes" + (times > 1 ? " " + times + " times out of " + times : "")
                : "compiles and does not pass" + (times > 1 ? " (" + times + " runs)" : "") + note);
    }
}
