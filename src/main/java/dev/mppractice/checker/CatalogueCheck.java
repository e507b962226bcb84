package dev.mppractice.checker;

import dev.mppractice.catalogue.Catalogue;
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
                for (Fixture f : catalogue.fixtures(ex)) {
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
        String name = ex.folderName() + " " + what;
        Outcome wanted = null;
        if (f.outcome() != null) {
            wanted = outcome(f.outcome());
            if (wanted == null) {
                return new Finding(ex, what, false, "outcome \"" + f.outcome() + "\" is not one of the checker's: "
                        + String.join(", ", java.util.Arrays.stream(Outcome.values()).map(CatalogueCheck::dashed).toList()));
            }
        }
        Path file = work.resolve(ex.folderName()).resolve("fixtures").resolve(f.name()).resolve(ex.fileName());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.source(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Finding(ex, what, false, "cannot write " + file + ": " + e.getMessage());
        }
        String verdict = "";
        for (int i = 1; i <= times; i++) {
            String run = times > 1 ? " (run " + i + "/" + times + ")" : "";
            CheckResult r;
            try {
                r = checker.check(ex, file);
            } catch (CheckerException e) {
                say.accept(name + run + ": the checker failed: " + e.getMessage());
                return new Finding(ex, what, false, "the checker failed: " + e.getMessage());
            }
            String text = Summary.of(r);
            String bad = null;
            if (f.pass() && !r.passed()) {
                bad = "must pass (" + f.why() + ") but does not" + run + ": " + text;
            } else if (!f.pass() && r.passed()) {
                bad = "must be refused (" + f.why() + ") but passes" + run;
            } else if (!f.pass() && wanted != null && r.outcome() != wanted) {
                bad = "must end " + dashed(wanted) + " (" + f.why() + ") but ended " + dashed(r.outcome()) + run + ": " + text;
            } else if (!f.pass() && f.message() != null && !text.contains(f.message())) {
                bad = "must be refused with \"" + f.message() + "\" (" + f.why() + ") but was refused otherwise" + run
                        + ": " + text;
            }
            say.accept(name + run + ": " + (bad == null ? "ok (" + r.outcome() + ", "
                    + r.timings().total().toMillis() + " ms)" : "FAILED: " + r.outcome()));
            if (bad != null) return new Finding(ex, what, false, bad);
            verdict = dashed(r.outcome());
        }
        return new Finding(ex, what, true, (f.pass() ? "passes" : "refused (" + verdict + ")")
                + (times > 1 ? " " + times + " times out of " + times : "") + ": " + f.why());
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
        String name = ex.folderName() + " " + what;
        // Not a failure (a course may mark the work otherwise), but worth a word to its author.
        String note = what.equals("starter") && !source.contains("TODO")
                ? "; note: it has no TODO comment to show the learner where to work" : "";
        Path file = work.resolve(ex.folderName()).resolve(what).resolve(ex.fileName());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Finding(ex, what, false, "cannot write " + file + ": " + e.getMessage());
        }
        for (int i = 1; i <= times; i++) {
            String run = times > 1 ? " (run " + i + "/" + times + ")" : "";
            CheckResult r;
            try {
                r = checker.check(ex, file);
            } catch (CheckerException e) {
                say.accept(name + run + ": the checker failed: " + e.getMessage());
                return new Finding(ex, what, false, "the checker failed: " + e.getMessage());
            }
            String bad = null;
            if (what.equals("solution") && !r.passed()) {
                bad = "the reference solution does not pass" + run + ": " + Summary.of(r);
            } else if (what.equals("starter") && r.outcome() == Outcome.COMPILE_ERROR) {
                bad = "the starter does not compile" + run + ": " + Summary.of(r);
            } else if (what.equals("starter") && r.passed()) {
                bad = "the starter passes as it is" + run + ": it must leave work to do";
            }
            say.accept(name + run + ": " + (bad == null ? "ok (" + r.outcome() + ", "
                    + r.timings().total().toMillis() + " ms)" : "FAILED: " + r.outcome()));
            if (bad != null) return new Finding(ex, what, false, bad);
        }
        return new Finding(ex, what, true, what.equals("solution")
                ? "passes" + (times > 1 ? " " + times + " times out of " + times : "")
                : "compiles and does not pass" + (times > 1 ? " (" + times + " runs)" : "") + note);
    }
}
