package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.catalogue.OutputMatch;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = {"An exercise's description, your file and the expected output.", "", "An exercise's description, the file to edit and the expected output."})
final class ShowCommand implements Callable<Integer> {
    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "EXERCISE", completionCandidates = ExerciseCandidates.class, description = "Number or slug; default: the current exercise.")
    String exercise;

    ShowCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Progress progress = ctx.progress();
        State state = progress.read();
        Exercise ex = Commands.exerciseOrCurrent(ctx, progress, state, exercise);
        Progress.Entry entry = progress.entry(ex, state);
        Style st = ctx.style();
        String n = String.valueOf(ex.number());
        var out = ctx.out();
        out.println(st.bold("Exercise " + ex.number() + ": " + ex.title()) + st.dim("  (" + ex.slug() + ")"));
        StringBuilder facts = new StringBuilder();
        if (!ex.topics().isEmpty()) facts.append("Topics: ").append(String.join(", ", ex.topics())).append(" · ");
        facts.append("time limit ").append(Text.seconds(ex.timeLimit())).append(" · status ").append(entry.status().label().replace('-', ' '));
        out.println(st.dim(st.unicode() ? facts.toString() : facts.toString().replace(" · ", "; ")));
        out.println();
        out.print(Text.wrap(ex.description(), Text.WIDTH, "  "));
        out.println();
        out.println(st.bold("Expected output") + (ex.match() == OutputMatch.PATTERN
                ? st.dim("  ({number} stands for any number, {any} for any text)") : "") + ":");
        for (String line : Text.lines(ex.expectedOutput())) out.println("  " + st.dim("|") + " " + line);
        out.println();
        if (entry.file() != null) {
            out.println(st.bold("Your file") + "  " + entry.file());
            out.println("Check it   " + ctx.cmd("check " + n));
        } else {
            out.println(st.bold("Your file") + "  not written yet: " + ctx.cmd("start " + n)
                    + " writes it to " + ctx.workspace().sourceFile(ex));
        }
        int total = ex.hints().size();
        out.println("Hints      " + entry.hintsShown() + " of " + total + " shown"
                + (entry.hintsShown() < total ? ": " + ctx.cmd("hint " + n) + " reveals the next" : ""));
        return ExitCodes.OK;
    }
}
