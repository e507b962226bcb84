package dev.mppractice.cli;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.checker.Platform;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;

/** Helpers shared by the commands. */
final class Commands {
    private Commands() {
    }

    /** Where the platform cannot serve the mp library (Windows without WSL), say so plainly, on stderr, before anything fails. */
    static void sayPlatformLimitations(Context ctx) {
        for (String l : Platform.limitations()) {
            ctx.err().print(ctx.style().yellow("note: ") + Text.wrap(l, Text.WIDTH - 6, "      ").stripLeading());
        }
        ctx.err().flush();
    }

    /** The exercise named by {@code arg}, or when it is null the current one. */
    static Exercise exerciseOrCurrent(Context ctx, Progress progress, State state, String arg) throws Exception {
        if (arg != null) return ctx.exercise(arg);
        return progress.current(state).orElseThrow(() -> {
            if (progress.catalogue().exercises().isEmpty()) {
                return new CliException(ExitCodes.WORKSPACE, "The catalogue " + progress.catalogue().source() + " has no exercises.");
            }
            return CliException.usage("Every exercise passes, so there is no current one: name an exercise, e.g. "
                    + ctx.cmd("show 1") + ". See them all: " + ctx.cmd("list"));
        });
    }
}
