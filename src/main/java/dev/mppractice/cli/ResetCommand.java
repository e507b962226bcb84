package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.workspace.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "reset", description = {"Put an exercise's starter back, keeping your version as a backup.", "", "Put an exercise's starter file back. Your version is kept as a backup beside it (<Class>.java.<date>-<time>.bak); the hints you revealed stay revealed."})
final class ResetCommand implements Callable<Integer> {
    private final Context ctx;

    @Parameters(paramLabel = "EXERCISE", completionCandidates = ExerciseCandidates.class, description = "Number or slug.")
    String exercise;

    ResetCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Exercise ex = ctx.exercise(exercise);
        Workspace.ResetResult result = ctx.progress().reset(ex);
        Style st = ctx.style();
        var out = ctx.out();
        out.println(st.boldGreen(st.pass() + " Exercise " + ex.number() + " is back to its starter:") + " " + result.file());
        if (result.backup() != null) {
            out.println("  Your version is kept as " + st.bold(result.backup().toString()));
        } else {
            out.println("  There was no file of yours to keep: the exercise was not started.");
        }
        return ExitCodes.OK;
    }
}
