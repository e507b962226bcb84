package dev.mppractice.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", description = {"Print a bash/zsh completion script.", "", "Print a completion script for bash and zsh. Load it in the current shell with source <(mp-practice completion) or add that line to ~/.bashrc (zsh: autoload -U +X bashcompinit && bashcompinit first)."})
final class CompletionCommand implements Callable<Integer> {
    private final Context ctx;

    @Spec
    CommandSpec spec;

    CompletionCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        // The script completes the name a learner types on their PATH: mp-practice.
        ctx.out().print(AutoComplete.bash("mp-practice", spec.root().commandLine()));
        return ExitCodes.OK;
    }
}
