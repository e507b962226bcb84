package dev.mppractice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = {
    "Your home while you work: shows the current exercise and re-checks it every time you save",
    "its file. Keys: h next hint, n next exercise (once this one passes), l list, r re-run, q quit.",
})
final class WatchCommand implements Callable<Integer> {
    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "EXERCISE", description = "Number or slug to begin with; default: the current exercise.")
    String exercise;

    WatchCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        return 0;
    }
}
