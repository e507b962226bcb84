package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.checker.CheckResult;
import dev.mppractice.checker.Checker;
import dev.mppractice.checker.Outcome;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import dev.mppractice.mp.internal.timeline.ChromeTrace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", description = {"Check an exercise: compile, run, compare, explain.", "", "Compile your file, run it in a fresh JVM, compare its output and behaviour with what the exercise expects, and explain what differs. Exits 0 when it passes, 1 when it does not."})
final class CheckCommand implements Callable<Integer> {
    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "EXERCISE", completionCandidates = ExerciseCandidates.class, description = "Number or slug; default: the current exercise.")
    String exercise;

    @Option(names = "--all", description = "Check every exercise you started, one line each.")
    boolean all;

    @Option(names = "--timeline", description = "Show the run's timeline in full: every process, when it started, ran, waited, and the messages between them.")
    boolean timeline;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write the run as a trace file (Chrome Trace Event JSON) to open in ui.perfetto.dev, chrome://tracing or speedscope.")
    Path trace;

    CheckCommand(Context ctx) {
        this.ctx = ctx;
    }

    /** The checker's outcome as the state file and {@code list --json} name it. */
    static String label(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public Integer call() throws Exception {
        if (all && exercise != null) throw CliException.usage("Give an exercise or --all, not both.");
        if (all && (timeline || trace != null)) {
            throw CliException.usage("--timeline and --trace show one run: give one exercise, as in " + ctx.cmd("check 3 --timeline") + ".");
        }
        // The program's JVM starts now, while the exercise is looked up and compiled.
        Checker checker = ctx.checker();
        checker.prepare();
        try {
            Progress progress = ctx.progress();
            State state = progress.read();
            return all ? checkAll(checker, progress, state) : checkOne(checker, progress, state);
        } finally {
            checker.discardPrepared();
        }
    }

    private int checkOne(Checker checker, Progress progress, State state) throws Exception {
        Exercise ex = Commands.exerciseOrCurrent(ctx, progress, state, exercise);
        Path file = progress.workspace().sourceFile(ex);
        String n = String.valueOf(ex.number());
        if (!progress.workspace().isStarted(ex)) {
            throw new CliException(ExitCodes.NOT_PASSING, "Exercise " + n + " is not started yet, so there is nothing to check.\n"
                    + "Write its starter file with " + ctx.cmd("start " + n) + ", then edit it and check again.");
        }
        CheckResult r = checker.check(ex, file);
        State after = progress.recordCheck(ex, r.passed(), label(r.outcome()));
        Reports reports = ctx.reports();
        int hints = after.peek(ex.slug()).hintsShown;
        ctx.out().print(reports.check(ex, file, r, hints, ctx.options().verbose, false,
                timeline ? Reports.TimelineView.FULL : Reports.TimelineView.COMPACT));
        if (trace != null) writeTrace(r);
        if (r.passed()) {
            ctx.out().println();
            progress.nextAfter(ex, after).ifPresentOrElse(next -> {
                String m = String.valueOf(next.number());
                boolean started = progress.workspace().isStarted(next);
                ctx.out().println("  Next   " + ctx.cmd((started ? "check " : "start ") + m) + "   (" + next.title() + ")");
            }, () -> ctx.out().println("  " + ctx.style().boldGreen("Every exercise passes. Well done!")));
            ctx.out().println("  Compare with the reference solution: " + ctx.cmd("solution " + n));
        }
        return r.passed() ? ExitCodes.OK : ExitCodes.NOT_PASSING;
    }

    private void writeTrace(CheckResult r) {
        Path to = ctx.env().cwd().resolve(trace);
        if (r.timeline().lanes().isEmpty()) {
            ctx.out().println("\n  No trace written: the program did not run, so there is nothing to trace.");
            return;
        }
        try {
            ChromeTrace.write(to, r.timeline());
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "Cannot write the trace to " + to + ": " + e.getMessage());
        }
        ctx.out().println("\n  Trace written to " + ctx.style().bold(to.toString()) + ": open it in ui.perfetto.dev"
                + " (Open trace file), chrome://tracing or speedscope.app." + (r.timelineRun().isEmpty() ? "" : " " + r.timelineRun()));
    }

    private int checkAll(Checker checker, Progress progress, State state) throws Exception {
        List<Exercise> started = new ArrayList<>();
        for (Exercise ex : progress.catalogue().exercises()) {
            if (progress.workspace().isStarted(ex)) started.add(ex);
        }
        Style st = ctx.style();
        var out = ctx.out();
        if (started.isEmpty()) {
            out.println("No exercise is started yet in " + progress.workspace().root() + ". Begin with " + ctx.cmd("start 1"));
            return ExitCodes.OK;
        }
        // One column for the slugs, so that the verdicts line up.
        int width = started.stream().mapToInt(ex -> ex.slug().length()).max().orElse(0);
        int passed = 0;
        List<Exercise> failing = new ArrayList<>();
        for (Exercise ex : started) {
            CheckResult r = checker.check(ex, progress.workspace().sourceFile(ex));
            checker.prepare(); // the next one's JVM starts while this verdict is printed
            progress.recordCheck(ex, r.passed(), label(r.outcome()));
            String head = String.format("%3d  %-" + width + "s", ex.number(), ex.slug());
            if (r.passed()) {
                passed++;
                out.println(st.green(st.pass()) + head + st.dim("  passes"));
            } else {
                failing.add(ex);
                out.println(st.red(st.fail()) + head + "  " + st.red(summary(r)));
            }
            out.flush();
        }
        out.println();
        out.println(passed + " of " + Text.plural(started.size(), "started exercise passes", "started exercises pass") + ".");
        if (!failing.isEmpty()) {
            out.println("See why with " + ctx.cmd("check " + failing.get(0).number()) + ".");
        }
        return failing.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_PASSING;
    }

    static String summary(CheckResult r) {
        return switch (r.outcome()) {
            case PASSED -> "passes";
            case COMPILE_ERROR -> "does not compile (" + Text.plural(r.compileErrors().size(), "error", "errors") + ")";
            case OUTPUT_MISMATCH -> "the output is not the expected one";
            case MISSING_BEHAVIOUR -> r.refusedForBusyWait() ? "a process waited busily, using a processor"
                    : r.refusedBySlowedReceives() ? "the output depends on how fast the reader is"
                    : r.refusedByLateArrival() ? "the output depends on when the processes arrive at the barrier"
                    : r.refusedByLateStarts() ? "the output depends on when the processes start"
                    : r.refusedBySlowedRun() ? "the output depends on how fast the producer is"
                    : r.refusedByHeldLocksRun() ? "it fails when its processes meet at their locks"
                    : "the output is right but a behaviour is missing";
            case CRASHED -> "crashed" + (r.exitCode() == null ? "" : " (exit code " + r.exitCode() + ")");
            case TIMED_OUT -> "stopped: it took too long";
            case STUCK -> "stopped: every process still running was waiting";
            case OUTPUT_TOO_LARGE -> "printed far too much";
            case RECORD_UNUSABLE -> "its behaviour cannot be judged";
        };
    }
}
