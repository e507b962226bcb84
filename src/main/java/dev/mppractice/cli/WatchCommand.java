package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.checker.CheckResult;
import dev.mppractice.watch.JLineTerminal;
import dev.mppractice.watch.WatchMode;
import dev.mppractice.watch.WatchOptions;
import dev.mppractice.watch.WatchScreens;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import dev.mppractice.workspace.Status;
import dev.mppractice.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = {"Re-check the current exercise on every save (keys: h n l r q).", "", "Your home while you work: shows the current exercise and re-checks it every time you save its file. Keys: h next hint, n next exercise (once this one passes), l list, r re-run, q quit."})
final class WatchCommand implements Callable<Integer> {
    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "EXERCISE", completionCandidates = ExerciseCandidates.class, description = "Number or slug to begin with; default: the current exercise.")
    String exercise;

    @Option(names = "--debounce", paramLabel = "MS", defaultValue = "50", hidden = true,
            description = "Wait this long after the last change before checking (default: ${DEFAULT-VALUE}).")
    long debounceMillis;

    @Option(names = "--poll", paramLabel = "MS", defaultValue = "500", hidden = true,
            description = "Compare the file's time and size at least this often (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    WatchCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Progress progress = ctx.progress();
        State state = progress.read();
        Optional<Exercise> chosen = exercise != null ? Optional.of(ctx.exercise(exercise)) : progress.current(state);
        if (chosen.isEmpty()) {
            ctx.out().println(ctx.style().boldGreen("Every exercise passes. Well done!") + " Nothing left to watch; "
                    + ctx.cmd("watch N") + " reopens exercise N.");
            return ExitCodes.OK;
        }
        if (!ctx.env().stdoutIsTerminal() || System.console() == null) {
            throw CliException.usage(noTerminal(chosen.get()));
        }
        Optional<JLineTerminal> terminal = JLineTerminal.open();
        if (terminal.isEmpty()) throw CliException.usage(noTerminal(chosen.get()));

        Exercise ex = chosen.get();
        Workspace.StartResult started = progress.start(ex);
        Screens screens = new Screens(new Reports(ctx.style(), ctx.prog(), terminal.get().columns()), ctx.options().verbose);
        String notice = started.created()
                ? screens.notice("Wrote the starter of exercise " + ex.number() + ". Open it in your editor; every save checks it again.")
                : null;
        WatchMode mode = new WatchMode(terminal.get(), progress, ctx.checker(), screens, new WatchOptions(debounceMillis, pollMillis));
        try {
            mode.run(ex, notice);
        } finally {
            terminal.get().close();
        }
        State after = progress.read();
        var entries = progress.entries(after);
        ctx.out().println("Left watch mode on exercise " + mode.exercise().number() + " (" + progress.entry(mode.exercise(), after).status().label() + ").");
        ctx.out().println(new Reports(ctx.style(), ctx.prog()).progressLine(entries));
        ctx.out().println("  Come back with " + ctx.cmd("watch") + ".");
        return ExitCodes.OK;
    }

    private String noTerminal(Exercise ex) {
        return "watch needs an interactive terminal, to read single keys and redraw the screen, and this is not one"
                + " (standard input or output is redirected).\nHere, check the exercise once with " + ctx.cmd("check " + ex.number())
                + ", or every started one with " + ctx.cmd("check --all") + ".";
    }

    /** The watch screen's texts, made by the same {@link Reports} as the commands'. */
    private static final class Screens implements WatchScreens {
        private final Reports reports;
        private final Style st;
        private final boolean verbose;

        Screens(Reports reports, boolean verbose) {
            this.reports = reports;
            this.st = reports.style();
            this.verbose = verbose;
        }

        @Override
        public String title(Exercise ex, List<Progress.Entry> entries) {
            long done = entries.stream().filter(e -> e.status() == Status.DONE).count();
            String sep = st.unicode() ? " · " : " - ";
            return st.bold("mp-practice watch") + sep + st.bold(reports.name(ex)) + sep + st.bar(done, entries.size(), 12) + " "
                    + done + "/" + entries.size() + " done";
        }

        @Override
        public String report(Exercise ex, Path file, CheckResult result, int hintsShown) {
            String text = reports.check(ex, file, result, hintsShown, verbose, true);
            if (result.passed()) {
                text += "\n  " + st.bold("n") + " moves on to the next exercise; "
                        + reports.cmd("solution " + ex.number()) + " shows the reference solution.\n";
            }
            return text;
        }

        @Override
        public String list(List<Progress.Entry> entries) {
            return reports.list(entries) + "\n  " + st.dim("l goes back to the exercise.") + "\n";
        }

        @Override
        public String hints(Exercise ex, int shown, boolean newest) {
            return reports.hints(ex, shown, newest);
        }

        @Override
        public String keys(boolean canMoveOn) {
            String sep = st.dim(" | ");
            return st.bold("h") + " hint" + sep + (canMoveOn ? st.bold("n") + " next" : st.dim("n next")) + sep
                    + st.bold("l") + " list" + sep + st.bold("r") + " re-run" + sep + st.bold("q") + " quit";
        }

        @Override
        public String notice(String text) {
            return st.yellow(text);
        }

        @Override
        public String error(String text) {
            return st.boldRed("error: ") + text;
        }

        @Override
        public String dim(String text) {
            return st.dim(text);
        }
    }
}
