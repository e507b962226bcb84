package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.workspace.ExerciseState;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "solution", description = {"Print an exercise's reference solution (once it passes).", "", "Print an exercise's reference solution: once your version passes, to compare, or before that when you ask with --reveal."})
final class SolutionCommand implements Callable<Integer> {
    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "EXERCISE", completionCandidates = ExerciseCandidates.class, description = "Number or slug; default: the current exercise.")
    String exercise;

    @Option(names = "--reveal", description = "Show it even though your version does not pass yet.")
    boolean reveal;

    SolutionCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Progress progress = ctx.progress();
        State state = progress.read();
        Exercise ex = Commands.exerciseOrCurrent(ctx, progress, state, exercise);
        ExerciseState saved = state.peek(ex.slug());
        String n = String.valueOf(ex.number());
        if (!saved.everPassed() && !reveal) {
            int shown = Math.min(saved.hintsShown, ex.hints().size());
            String nextHint = shown < ex.hints().size()
                    ? " Stuck? Try hint " + (shown + 1) + " of " + ex.hints().size() + " first: " + ctx.cmd("hint " + n) + "."
                    : "";
            throw new CliException(ExitCodes.NOT_PASSING, "Exercise " + n + " does not pass yet, so its solution stays hidden: working it out is"
                    + " where the learning happens." + nextHint + "\nTo see it anyway: " + ctx.cmd("solution " + n + " --reveal"));
        }
        if (!saved.solutionShown) progress.markSolutionShown(ex);
        ctx.out().println("// The reference solution of exercise " + ex.number() + ", " + ex.title() + " (" + ex.fileName() + ")");
        ctx.out().print(ex.solutionSource());
        if (!ex.solutionSource().endsWith("\n")) ctx.out().println();
        return ExitCodes.OK;
    }
}
