package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import dev.mppractice.workspace.Status;
import java.util.List;
import java.util.Optional;

/** What {@code mp-practice} alone prints: where the learner stands and what to type next. */
final class Welcome {
    private final Context ctx;

    Welcome(Context ctx) {
        this.ctx = ctx;
    }

    int print() throws Exception {
        Progress progress = ctx.progress();
        State state = progress.read();
        List<Progress.Entry> entries = progress.entries(state);
        Style st = ctx.style();
        Reports r = new Reports(st, ctx.prog());
        var out = ctx.out();
        out.println(st.bold("mp-practice") + ": hands-on exercises in process-based parallelism for Java.");
        out.println();
        boolean fresh = entries.stream().allMatch(e -> e.status() == Status.NOT_STARTED && e.hintsShown() == 0);
        Optional<Exercise> current = progress.current(state);
        if (entries.isEmpty()) {
            out.println("The catalogue " + progress.catalogue().source() + " has no exercises yet.");
            return ExitCodes.OK;
        }
        if (fresh) {
            Exercise first = entries.get(0).exercise();
            String span = entries.size() == 1 ? "One exercise, \"" + first.title() + "\"."
                    : entries.size() + " exercises, from \"" + first.title() + "\" to \"" + entries.get(entries.size() - 1).exercise().title() + "\".";
            out.print(Text.wrap(span + " You write small Java programs against the mp library; mp-practice compiles and runs them,"
                    + " and tells you what differs from what was expected.", Text.WIDTH, ""));
            out.println("Your work will go to " + st.bold(progress.workspace().root().toString())
                    + st.dim(" (choose another folder with --workspace DIR)") + ".");
            out.println();
            out.println("Begin with exercise " + first.number() + ", " + first.title() + ":");
            line(out, "start " + first.number(), "write its starter file and print where it is");
            line(out, "watch", "then re-check it every time you save (h for a hint, q to quit)");
            out.println();
            out.println("Also: " + ctx.cmd("list") + " shows every exercise, " + ctx.cmd("--help") + " every command.");
            Commands.sayPlatformLimitations(ctx);
            return ExitCodes.OK;
        }
        out.println(r.progressLine(entries));
        if (current.isEmpty()) {
            out.println();
            out.println("  " + st.boldGreen("Every exercise passes. Well done!"));
            out.println("  Compare your versions with the reference solutions: " + ctx.cmd("solution N")
                    + ", or look back with " + ctx.cmd("list") + ".");
            return ExitCodes.OK;
        }
        Exercise ex = current.get();
        Progress.Entry e = progress.entry(ex, state);
        String n = String.valueOf(ex.number());
        out.println("  Current  " + st.bold(ex.number() + " " + ex.title()) + st.dim(" (" + ex.slug() + ")")
                + " " + e.status().label().replace('-', ' ') + ", hints " + e.hintsShown() + "/" + e.hintsTotal());
        if (e.file() != null) out.println("           " + e.file());
        out.println();
        out.println("Next:");
        if (e.status() == Status.NOT_STARTED) {
            line(out, "start " + n, "write its starter file");
        } else {
            line(out, "watch", "re-check it on every save (h for a hint, q to quit)");
            line(out, "check " + n, "check it once and see what differs");
        }
        if (e.hintsShown() < e.hintsTotal()) line(out, "hint " + n, "reveal hint " + (e.hintsShown() + 1) + " of " + e.hintsTotal());
        line(out, "list", "every exercise and its status");
        return ExitCodes.OK;
    }

    private void line(java.io.PrintWriter out, String args, String what) {
        String plain = ctx.prog() + " " + args;
        out.println("  " + ctx.cmd(args) + " ".repeat(Math.max(2, ctx.prog().length() + 13 - plain.length())) + what);
    }
}
