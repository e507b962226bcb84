package dev.mppractice.cli;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.checker.CatalogueCheck;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev", description = "Tools for course authors.",
        subcommands = DevCommand.Check.class)
final class DevCommand implements Callable<Integer> {
    private final Context ctx;

    DevCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        throw CliException.usage("Say which tool: " + ctx.cmd("dev check") + " checks the catalogue (every solution passes, every starter fails).");
    }

    @Command(name = "check", description = "The catalogue's own check: every reference solution passes and every starter compiles and does not pass. Use --catalogue DIR to check a catalogue you are writing.")
    static final class Check implements Callable<Integer> {
        private final Context ctx;

        @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
                description = "Check each solution N times, to catch output that varies between runs (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--no-fixtures", description = "Check solutions and starters only, not the fixtures kept beside each exercise.")
        boolean noFixtures;

        @picocli.CommandLine.Parameters(paramLabel = "EXERCISE", arity = "0..*",
                description = "Check only these exercises (number or slug); all when none is named.")
        List<String> only;

        Check(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            if (repeat < 1) throw CliException.usage("--repeat must be 1 or more, not " + repeat + ".");
            Catalogue catalogue = ctx.catalogue();
            List<dev.mppractice.catalogue.Exercise> exercises = new java.util.ArrayList<>();
            if (only == null || only.isEmpty()) {
                exercises.addAll(catalogue.exercises());
            } else {
                for (String name : only) {
                    exercises.add(catalogue.find(name).orElseThrow(() -> CliException.usage("There is no exercise "
                            + name + " in " + catalogue.source() + ": see " + ctx.cmd("list") + ".")));
                }
            }
            Style st = ctx.style();
            var out = ctx.out();
            out.println("Checking " + Text.plural(exercises.size(), "exercise", "exercises") + " of " + catalogue.source()
                    + (repeat > 1 ? ", each solution " + repeat + " times" : "") + "...");
            out.flush();
            List<CatalogueCheck.Finding> findings = new CatalogueCheck(ctx.checker()).run(catalogue, exercises, repeat, !noFixtures, line -> {
                ctx.err().println(st.dim(line));
                ctx.err().flush();
            });
            int bad = 0;
            for (CatalogueCheck.Finding f : findings) {
                String head =  String.format("%3d  %-24s %-8s ", f.exercise().number(), f.exercise().slug(), f.what());
                if (f.ok()) {
                    out.println(st.green(st.pass()) + head + st.dim(f.detail() == null ? "ok" : f.detail()));
                } else {
                    bad++;
                    out.println(st.red(st.fail()) + head + st.red(f.detail() == null ? "not as it should be" : f.detail().strip().replace("\n", "\n      ")));
                }
            }
            out.println();
            if (bad == 0) {
                out.println(st.boldGreen("The catalogue is sound: ") + findings.size() + " checks passed.");
                return ExitCodes.OK;
            }
            out.println(st.boldRed(bad + " of " + findings.size() + " checks failed."));
            return ExitCodes.NOT_PASSING;
        }
    }
}
