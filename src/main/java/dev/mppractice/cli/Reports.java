package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.catalogue.OutputMatch;
import dev.mppractice.checker.CheckResult;
import dev.mppractice.checker.CompileError;
import dev.mppractice.checker.DiffLine;
import dev.mppractice.checker.Timings;
import dev.mppractice.mp.internal.timeline.Timeline;
import dev.mppractice.timeline.TimelineText;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.Status;
import java.nio.file.Path;
import java.util.List;

/**
 * The text of what the learner sees: a check's verdict, the list of exercises, the hints. Shared
 * by the commands and by the watch mode, so both explain things the same way.
 */
public final class Reports {
    private static final int MAX_DIFF_LINES = 60;
    private static final int MAX_STDERR_LINES = 25;
    private static final int MAX_OUTPUT_LINES = 20;

    private final Style st;
    private final String prog;
    private final int columns;

    public Reports(Style style, String prog) {
        this(style, prog, 80);
    }

    /** @param columns the terminal's width, for the timeline of a run */
    public Reports(Style style, String prog, int columns) {
        this.st = style;
        this.prog = prog;
        this.columns = Math.max(40, Math.min(columns, Text.WIDTH + 20));
    }

    /** How much of a run's timeline a check's report shows. */
    public enum TimelineView {
        /** The compact timeline when the program started processes, with how to see more. */
        COMPACT,
        /** The compact one without how to see more (the watch mode has no command line). */
        COMPACT_ONLY,
        /** The full timeline: axis, legend, summary per process, waits and messages. */
        FULL
    }

    /** The run's timeline as text, or "" when the program started no process (or did not run). */
    public String timeline(Exercise ex, CheckResult r, TimelineView view) {
        Timeline t = r.timeline();
        TimelineText text = new TimelineText(st.unicode(), st.color(), columns);
        // A timeline of another run than the one whose output was judged says which run it is.
        String which = r.timelineRun().isEmpty() ? "" : st.dim(Text.wrap(r.timelineRun(), Text.WIDTH, "  "));
        if (view == TimelineView.FULL) {
            return t.lanes().isEmpty() ? "  No timeline: the run recorded nothing (it did not run, or used no process, queue or pool).\n"
                    : which + text.full(t, r.timelineRun().isEmpty() ? "the run" : "the second run");
        }
        if (!t.hasChildren()) return "";
        String more = view == TimelineView.COMPACT
                ? "  " + st.command("--timeline") + st.dim(" shows it in full; ") + st.command("--trace FILE")
                        + st.dim(" writes it for ui.perfetto.dev") + '\n'
                : "";
        return which + text.compact(t) + more;
    }

    public Style style() {
        return st;
    }

    String cmd(String args) {
        return st.command(prog + " " + args);
    }

    /** "Exercise 3 · Primes over a Queue" */
    public String name(Exercise ex) {
        return "Exercise " + ex.number() + " " + (st.unicode() ? "·" : "-") + " " + ex.title();
    }

    /** What to do after a check, in the command line ({@code watch = false}) or the watch mode. */
    public String check(Exercise ex, Path file, CheckResult r, int hintsShown, boolean verbose, boolean watch) {
        return check(ex, file, r, hintsShown, verbose, watch, watch ? TimelineView.COMPACT_ONLY : TimelineView.COMPACT);
    }

    /** The same, with the run's timeline shown as {@code view} says. */
    public String check(Exercise ex, Path file, CheckResult r, int hintsShown, boolean verbose, boolean watch,
            TimelineView view) {
        StringBuilder b = new StringBuilder();
        switch (r.outcome()) {
            case PASSED -> {
                b.append(st.boldGreen(st.pass() + " " + name(ex) + ": passes")).append('\n');
                if (!r.explanation().isBlank()) b.append(Text.wrap(r.explanation(), Text.WIDTH, "  "));
            }
            case COMPILE_ERROR -> {
                b.append(st.boldRed(st.fail() + " " + name(ex) + ": does not compile")).append("\n\n");
                List<CompileError> errors = r.compileErrors();
                for (CompileError e : errors) {
                    String where = (e.file() == null ? ex.fileName() : e.file().getFileName().toString())
                            + (e.line() > 0 ? ":" + e.line() + (e.column() > 0 ? ":" + e.column() : "") : "");
                    b.append("  ").append(st.bold(where)).append(": ").append(st.red("error: "))
                            .append(Text.indent(e.message().strip(), "    ").strip()).append('\n');
                    String context = sourceLine(file, e.line());
                    if (context != null) {
                        b.append("    ").append(st.dim(e.line() + " |")).append(' ').append(context).append('\n');
                        if (e.column() > 0 && e.column() <= context.length() + 1) {
                            b.append("    ").append(" ".repeat(String.valueOf(e.line()).length() + 3))
                                    .append(" ".repeat((int) e.column() - 1)).append(st.red("^")).append('\n');
                        }
                    }
                }
                if (errors.isEmpty() && !r.stderr().isBlank()) b.append(Text.indent(r.stderr().strip(), "  "));
                if (!r.explanation().isBlank()) b.append('\n').append(Text.wrap(r.explanation(), Text.WIDTH, "  "));
            }
            case OUTPUT_MISMATCH -> {
                b.append(st.boldRed(st.fail() + " " + name(ex) + ": the output is not the expected one")).append("\n\n");
                b.append(diff(ex, r));
                if (!r.explanation().isBlank()) b.append('\n').append(Text.wrap(r.explanation(), Text.WIDTH, "  "));
                stderr(b, r);
                if (r.exitCode() != null && r.exitCode() != 0) b.append("\n  The program ended with exit code ").append(r.exitCode()).append(".\n");
            }
            case MISSING_BEHAVIOUR -> {
                b.append(st.boldRed(st.fail() + " " + name(ex) + (r.refusedForBusyWait()
                        ? ": the output is right, but a process waited busily, using a processor"
                        : r.refusedBySlowedReceives()
                        ? ": the run passed, but not a second one with a slower reader"
                        : r.refusedByLateArrival() ? ": the run passed, but not a second one in which a process arrived late at the barrier"
                        : r.refusedByLateStarts() ? ": the run passed, but not a second one in which some processes started later"
                        : r.refusedBySlowedRun() ? ": the run passed, but not a second one with a slower producer"
                        : r.refusedByHeldLocksRun() ? ": the run passed, but not a second one in which the processes met at their locks"
                        : ": the output is right, but the run does not show what the exercise is about"))).append("\n\n");
                b.append(Text.wrap(r.missingBehaviour() == null ? "A required behaviour is missing." : r.missingBehaviour(), Text.WIDTH, "  "));
                if (!r.explanation().isBlank()) b.append('\n').append(Text.wrap(r.explanation(), Text.WIDTH, "  "));
            }
            case CRASHED -> {
                b.append(st.boldRed(st.fail() + " " + name(ex) + ": the program crashed"
                        + (r.exitCode() == null ? "" : " (exit code " + r.exitCode() + ")"))).append('\n');
                if (!r.explanation().isBlank()) b.append('\n').append(Text.wrap(r.explanation(), Text.WIDTH, "  "));
                stderr(b, r);
                outputSoFar(b, r);
            }
            case TIMED_OUT -> {
                b.append(st.boldRed(st.fail() + " " + name(ex) + ": the run was stopped after " + Text.seconds(ex.timeLimit()))).append("\n\n");
                if (!r.explanation().isBlank()) {
                    b.append(Text.wrap(r.explanation(), Text.WIDTH, "  "));
                } else {
                    b.append("  It did not end in time. Process code usually hangs because:\n");
                    for (String cause : List.of(
                            "a join() or get() waits for a process that itself waits for something (a queue item, a pipe message, a lock);",
                            "a get() or recv() with nothing ever sent: count what you put and what you take;",
                            "a Pool or Manager that is never closed (use try-with-resources);",
                            "a lock acquired and never released;",
                            "a consumer loop whose stop signal never comes.")) {
                        b.append("    ").append(st.bullet()).append(' ').append(cause).append('\n');
                    }
                }
                outputSoFar(b, r);
                stderr(b, r);
            }
            case STUCK -> {
                b.append(st.boldRed(st.fail() + " " + name(ex) + ": stuck, every process still running was waiting")).append("\n\n");
                b.append(Text.wrap(r.explanation(), Text.WIDTH, "  "));
                outputSoFar(b, r);
                stderr(b, r);
            }
            case OUTPUT_TOO_LARGE -> {
                b.append(st.boldRed(st.fail() + " " + name(ex) + ": the program printed far too much and was stopped")).append("\n\n");
                b.append(Text.wrap(r.explanation().isBlank() ? "Its output went past the limit; look for a print inside a loop that does not end."
                        : r.explanation(), Text.WIDTH, "  "));
                outputSoFar(b, r);
            }
            case RECORD_UNUSABLE -> {
                b.append(st.boldRed(st.fail() + " " + name(ex) + ": the output is right, but the run's behaviour cannot be judged"))
                        .append("\n\n");
                b.append(Text.wrap(r.explanation(), Text.WIDTH, "  "));
            }
        }
        String timeline = timeline(ex, r, view);
        if (!timeline.isEmpty()) b.append('\n').append(timeline);
        if (verbose && r.timings() != null) {
            Timings t = r.timings();
            b.append('\n').append(st.dim("  compile " + Text.seconds(t.compile()) + (t.compileCached() ? " (cached)" : "")
                    + (t.firstRun().isZero() ? "" : ", a first run " + Text.seconds(t.firstRun()) + " (measured again)")
                    + ", start " + Text.seconds(t.start()) + ", run " + Text.seconds(t.run().minus(t.start()))
                    + ", judge " + Text.seconds(t.judge())
                    + (t.canary().isZero() ? "" : ", canary run " + Text.seconds(t.canary()))
                    + (t.slowed().isZero() ? "" : ", slowed run " + Text.seconds(t.slowed()))
                    + (t.heldLocks().isZero() ? "" : ", run with held locks " + Text.seconds(t.heldLocks()))
                    + ", total " + Text.seconds(t.total()))).append('\n');
        }
        if (!r.passed()) {
            b.append('\n').append(wayOn(ex, file, hintsShown, watch));
        }
        return b.toString();
    }

    /** The file to edit, how to re-check, and the next hint. */
    String wayOn(Exercise ex, Path file, int hintsShown, boolean watch) {
        StringBuilder b = new StringBuilder();
        String n = String.valueOf(ex.number());
        b.append("  Edit   ").append(st.bold(file.toString())).append('\n');
        if (!watch) b.append("  Then   ").append(cmd("check " + n)).append(st.dim("   (or leave " + prog + " watch running)")).append('\n');
        int total = ex.hints().size();
        if (hintsShown < total) {
            b.append("  Stuck? ").append(watch ? st.command("h") + " shows" : cmd("hint " + n))
                    .append(st.dim(watch ? " hint " + (hintsShown + 1) + " of " + total : "   (hint " + (hintsShown + 1) + " of " + total + ")"))
                    .append('\n');
        } else {
            // In watch the hints may be off screen (a new session, the list): say how to see them, not that they are "above".
            b.append("  Stuck? ").append(watch ? st.command("h") + " shows all " + total + " hints;" : "all " + total + " hints are shown (" + cmd("hint " + n) + ");")
                    .append(" the reference solution: ").append(cmd("solution " + n + " --reveal")).append('\n');
        }
        return b.toString();
    }

    private String diff(Exercise ex, CheckResult r) {
        StringBuilder b = new StringBuilder();
        b.append("  ").append(st.red("- expected")).append("   ").append(st.green("+ your output")).append('\n');
        List<DiffLine> diff = r.diff();
        if (diff.isEmpty()) {
            for (String l : Text.lines(r.expected() == null ? ex.expectedOutput() : r.expected())) b.append("  ").append(st.red("- " + l)).append('\n');
            for (String l : Text.lines(r.stdout())) b.append("  ").append(st.green("+ " + l)).append('\n');
        }
        int shown = 0;
        for (DiffLine d : diff) {
            if (shown++ == MAX_DIFF_LINES) {
                b.append("  ").append(st.dim("... " + (diff.size() - MAX_DIFF_LINES) + " more lines")).append('\n');
                break;
            }
            String text = visible(d.text());
            switch (d.kind()) {
                case SAME -> b.append("    ").append(text).append('\n');
                case EXPECTED_ONLY -> b.append("  ").append(st.red("- " + text)).append('\n');
                case ACTUAL_ONLY -> b.append("  ").append(st.green("+ " + text)).append('\n');
            }
        }
        if (r.stdout().isEmpty()) b.append('\n').append("  Your program printed nothing on standard output.\n");
        if (sameLinesOtherOrder(r.expected() == null ? ex.expectedOutput() : r.expected(), r.stdout())) {
            b.append('\n').append(Text.wrap("These are the right lines in another order. In process code that usually means"
                    + " something ran before what it should wait for: a print before a join(), results taken in the order"
                    + " they finished rather than the order asked for.", Text.WIDTH, "  "));
        }
        boolean placeholderShown = diff.stream().anyMatch(d -> d.kind() == DiffLine.Kind.EXPECTED_ONLY
                && (d.text().contains("{number}") || d.text().contains("{any}")));
        if (ex.match() == OutputMatch.PATTERN && (placeholderShown || diff.isEmpty())) {
            b.append('\n').append(st.dim("  In the expected lines {number} stands for any number and {any} for any text.")).append('\n');
        }
        return b.toString();
    }

    private static boolean sameLinesOtherOrder(String expected, String actual) {
        List<String> e = new java.util.ArrayList<>(Text.lines(expected.strip()));
        List<String> a = new java.util.ArrayList<>(Text.lines(actual.strip()));
        if (e.size() < 2 || e.equals(a)) return false;
        java.util.Collections.sort(e);
        java.util.Collections.sort(a);
        return e.equals(a);
    }

    /** Makes a line's invisible differences visible: trailing spaces and tabs. */
    private String visible(String s) {
        String stripped = s.stripTrailing();
        if (stripped.length() == s.length()) return s;
        return stripped + st.dim((st.unicode() ? "·" : "~").repeat(s.length() - stripped.length()));
    }

    private void stderr(StringBuilder b, CheckResult r) {
        if (r.stderr().isBlank()) return;
        List<String> lines = Text.lines(r.stderr().strip());
        b.append('\n').append("  Standard error").append(lines.size() > MAX_STDERR_LINES ? " (the first " + MAX_STDERR_LINES + " lines)" : "").append(":\n");
        for (String l : lines.subList(0, Math.min(lines.size(), MAX_STDERR_LINES))) {
            b.append("  ").append(st.dim("|")).append(' ').append(l).append('\n');
        }
    }

    private void outputSoFar(StringBuilder b, CheckResult r) {
        List<String> lines = Text.lines(r.stdout());
        if (lines.isEmpty()) {
            b.append('\n').append("  It printed nothing on standard output.\n");
            return;
        }
        int from = Math.max(0, lines.size() - MAX_OUTPUT_LINES);
        b.append('\n').append("  Its output").append(from > 0 ? " (the last " + MAX_OUTPUT_LINES + " lines)" : "").append(":\n");
        for (String l : lines.subList(from, lines.size())) b.append("  ").append(st.dim("|")).append(' ').append(l).append('\n');
    }

    private static String sourceLine(Path file, long line) {
        if (file == null || line <= 0) return null;
        try (var lines = java.nio.file.Files.lines(file)) {
            return lines.skip(line - 1).findFirst().map(s -> s.replace("\t", "    ")).orElse(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** The table of {@code list}, with the progress bar under it. */
    public String list(List<Progress.Entry> entries) {
        StringBuilder b = new StringBuilder();
        int slugW = Math.max(4, entries.stream().mapToInt(e -> e.exercise().slug().length()).max().orElse(4));
        int titleW = Math.min(44, Math.max(8, entries.stream().mapToInt(e -> e.exercise().title().length()).max().orElse(8)));
        b.append(st.bold("     #  " + Text.pad("Slug", slugW) + "  " + Text.pad("Exercise", titleW) + "  " + Text.pad("Status", 15) + "Hints")).append('\n');
        for (Progress.Entry e : entries) {
            String marker = e.current() ? st.bold(st.unicode() ? "▶" : ">") : " ";
            String num = String.format("%3d", e.exercise().number());
            String status = switch (e.status()) {
                case DONE -> st.green(Text.pad(st.pass() + " done", 15));
                case FAILING -> st.red(Text.pad(st.fail() + " failing", 15));
                case STARTED -> st.yellow(Text.pad(st.bullet() + " started", 15));
                case NOT_STARTED -> st.dim(Text.pad("  not started", 15));
            };
            String hints = e.hintsShown() + "/" + e.hintsTotal();
            b.append(' ').append(marker).append(' ').append(e.current() ? st.bold(num) : num).append("  ")
                    .append(st.dim(Text.pad(e.exercise().slug(), slugW))).append("  ")
                    .append(Text.pad(Text.ellipsize(e.exercise().title(), titleW, st.unicode()), titleW)).append("  ")
                    .append(status).append(e.hintsShown() == 0 ? st.dim(hints) : hints).append('\n');
        }
        b.append('\n').append(progressLine(entries)).append('\n');
        return b.toString();
    }

    public String progressLine(List<Progress.Entry> entries) {
        long done = entries.stream().filter(e -> e.status() == Status.DONE).count();
        long total = entries.size();
        long pct = total == 0 ? 0 : Math.round(100.0 * done / total);
        return "  Progress " + st.bar(done, total, 30) + " " + st.bold(done + "/" + total) + " done (" + pct + "%)";
    }

    /** The hints shown so far, the newest set apart when {@code newest} is true. */
    public String hints(Exercise ex, int shown, boolean newest) {
        StringBuilder b = new StringBuilder();
        int total = ex.hints().size();
        for (int i = 0; i < Math.min(shown, total); i++) {
            String label = "Hint " + (i + 1) + "/" + total;
            boolean isNew = newest && i == shown - 1;
            String text = Text.wrap(ex.hints().get(i), Text.WIDTH, "    ").stripTrailing();
            b.append("  ").append(isNew ? st.bold(st.yellow(label)) : st.bold(label)).append('\n').append(isNew ? text : st.dim(text)).append("\n");
            if (i < shown - 1) b.append('\n');
        }
        return b.toString();
    }
}
