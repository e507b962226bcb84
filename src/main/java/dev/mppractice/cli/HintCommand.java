package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "hint", description = {"Reveal the next hint of an exercise (1/3, 2/3, 3/3).", "", "Reveal the next hint of an exercise, with the ones already shown. Each exercise has three; how many you revealed is remembered."})
final class HintCommand implements Callable<Integer> {
    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "EXERCISE", completionCandidates = ExerciseCandidates.class, description = "Number or slug; default: the current exercise.")
    String exercise;

    HintCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Progress progress = ctx.progress();
        State state = progress.read();
        Exercise ex = Commands.exerciseOrCurrent(ctx, progress, state, exercise);
        int before = Math.min(state.peek(ex.slug()).hintsShown, ex.hints().size());
        int shown = progress.revealHint(ex);
        Reports r = new Reports(ctx.style(), ctx.prog());
        Style st = ctx.style();
        var out = ctx.out();
        int total = ex.hints().size();
        out.println(st.bold(r.name(ex)));
        out.println();
        out.print(r.hints(ex, shown, shown > before));
        out.println();
        String n = String.valueOf(ex.number());
        if (shown < total) {
            out.println(Text.plural(total - shown, "more hint", "more hints") + ": " + ctx.cmd("hint " + n) + ". Check your work: " + ctx.cmd("check " + n));
        } else if (shown > before) {
            out.println("That was the last hint. Still stuck? The reference solution: " + ctx.cmd("solution " + n + " --reveal"));
        } else {
            out.println("All " + total + " hints are shown. Still stuck? The reference solution: " + ctx.cmd("solution " + n + " --reveal"));
        }
        return ExitCodes.OK;
    }
}
