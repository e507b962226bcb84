package dev.mppractice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

/**
 * {@code mp-practice} itself: with no command, the welcome screen. Its commands are added by
 * {@link Cli} (all of them, or only the one being run), not named here.
 */
@Command(name = "mp-practice",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Hands-on exercises in process-based parallelism for Java.",
            "",
            "Write small programs against the mp library (processes, pools, queues, pipes, shared memory) and let"
                    + " mp-practice compile, run and check them. With no command, it shows where you stand and what to type next.",
        },
        synopsisSubcommandLabel = "[COMMAND]",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the exercise does not pass (compile error, wrong output, missing behaviour, crash, timeout)",
            "2:usage error (unknown command, option or exercise)",
            "3:workspace or catalogue problem (unreadable progress file, missing or malformed exercise files)",
            "4:internal error (run again with --verbose and report it)",
        })
final class RootCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin
    GlobalOptions global;

    RootCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        return new Welcome(ctx).print();
    }
}
