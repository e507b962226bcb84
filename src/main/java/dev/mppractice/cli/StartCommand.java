package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.workspace.IdeProject;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import dev.mppractice.workspace.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = {"Write an exercise's starter file and print its path.", "", "Write an exercise's starter file into your workspace and print its path. A file that is already there is never overwritten."})
final class StartCommand implements Callable<Integer> {
    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "EXERCISE", completionCandidates = ExerciseCandidates.class, description = "Number or slug; default: the first exercise not done yet.")
    String exercise;

    @Option(names = {"-q", "--quiet"}, description = "Print only the file's path (for $EDITOR \"$(mp-practice start 3 -q)\").")
    boolean quiet;

    StartCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ctx.keepToTheFixedWorkspaceRule(); // start makes ./mp-workspace outside every workspace (CLI.md)
        Progress progress = ctx.progress();
        State state = progress.read();
        Exercise ex = Commands.exerciseOrCurrent(ctx, progress, state, exercise);
        Workspace.StartResult result = progress.start(ex);
        var out = ctx.out();
        Style st = ctx.style();
        if (quiet) {
            out.println(result.file());
            return ExitCodes.OK;
        }
        String n = String.valueOf(ex.number());
        if (result.created()) {
            out.println(st.boldGreen(st.pass() + " Started exercise " + ex.number() + ": " + ex.title()));
            out.println();
            out.println("  " + st.bold(result.file().toString()));
            out.println();
            out.println("Open it and do the TODOs; " + ctx.cmd("show " + n) + " tells what to build.");
            out.println("Then run " + ctx.cmd("check " + n) + ", or keep " + ctx.cmd("watch") + " running to check on every save.");
            ide(progress.lastIdeRefresh(), ex);
        } else {
            out.println("Exercise " + ex.number() + " is already started; your file was left as it is:");
            out.println();
            out.println("  " + st.bold(result.file().toString()));
            out.println();
            out.println("Check it with " + ctx.cmd("check " + n) + ". To begin again from the starter (your version is kept as a backup): "
                    + ctx.cmd("reset " + n));
        }
        return ExitCodes.OK;
    }

    /** Once, when the workspace first becomes a project: how to open it in an IDE; later, only what needs the learner. */
    private void ide(IdeProject.Status ide, Exercise ex) {
        if (ide == null) return;
        var out = ctx.out();
        Style st = ctx.style();
        if (ide.problem() != null) ctx.err().println(st.yellow("note: ") + ide.problem());
        if (ide.created()) {
            Commands.sayPlatformLimitations(ctx);
            out.println();
            out.println("In an IDE (IntelliJ IDEA, VS Code, Eclipse, NetBeans), open the folder");
            out.println();
            out.println("  " + st.bold(ctx.workspace().root().toString()));
            out.println();
            out.println("Its pom.xml gives the IDE the mp library with its Javadoc and sources; " + ctx.cmd("docs") + " says more.");
            return;
        }
        ide.changed().stream().filter(f -> f.file().equals(ide.pom())).findFirst().ifPresent(f -> {
            out.println();
            out.print(Text.wrap("Your IDE: " + f.file() + " is yours (you changed it), so mp-practice did not add this exercise"
                    + " to it. Add <module>" + ex.folderName() + "</module> to its <modules> for your IDE to see it.", Text.WIDTH, ""));
        });
    }
}
