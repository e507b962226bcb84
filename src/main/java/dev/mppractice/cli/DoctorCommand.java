package dev.mppractice.cli;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.checker.Platform;
import dev.mppractice.checker.PlatformProbe;
import dev.mppractice.workspace.IdeProject;
import dev.mppractice.workspace.MpLibrary;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import dev.mppractice.workspace.Status;
import dev.mppractice.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.tools.ToolProvider;
import picocli.CommandLine.Command;

@Command(name = "doctor", description = {"Check the JDK, the terminal, the catalogue and the workspace.", "", "Check what mp-practice needs: a JDK with a compiler, the terminal, a platform where the mp library starts processes (it runs one), the catalogue, the workspace and its IDE project. Exits 0 when all is well, 3 when something needs fixing."})
final class DoctorCommand implements Callable<Integer> {
    private final Context ctx;
    private int problems;

    DoctorCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Style st = ctx.style();
        var out = ctx.out();
        out.println(st.bold("mp-practice " + VersionProvider.version()));
        out.println();

        int feature = Runtime.version().feature();
        item(feature >= 17, "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("java.home"), "mp-practice needs Java 17 or newer: install a JDK 17+ and put it first on your PATH.");
        item(ToolProvider.getSystemJavaCompiler() != null, "Java compiler (javac) available", null,
                "This Java is a runtime without a compiler, so exercises cannot be compiled. Install a full JDK"
                        + " (e.g. apt-get install openjdk-17-jdk-headless) and run mp-practice with it.");
        int cpus = Runtime.getRuntime().availableProcessors();
        info(Text.plural(cpus, "processor", "processors") + (cpus < 2 ? " (with one, processes take turns instead of running side by side)" : ""));

        Env env = ctx.env();
        String term = env.var("TERM");
        info("Terminal: " + (env.stdoutIsTerminal() ? "yes" : "no (output is plain)") + ", TERM=" + (term == null ? "(unset)" : term)
                + ", colour " + (ctx.colorEnabled() ? "on" : "off" + (env.var("NO_COLOR") != null ? " (NO_COLOR is set)" : ""))
                + ", " + (env.unicode() ? "UTF-8" : "ASCII symbols (the locale is not UTF-8)"));
        if (!env.stdoutIsTerminal()) {
            info("watch needs an interactive terminal; check works anywhere");
        }

        platform();

        Catalogue catalogue = null;
        try {
            catalogue = ctx.catalogue();
            item(!catalogue.exercises().isEmpty(), "Catalogue: " + Text.plural(catalogue.exercises().size(), "exercise", "exercises"),
                    catalogue.source(), "The catalogue has no exercises.");
        } catch (Exception e) {
            item(false, "Catalogue", null, e.getMessage());
        }

        Workspace ws = ctx.workspace();
        Path root = ws.root();
        String where = root + "  (chosen by " + ws.locatedBy().description() + ")";
        if (!ws.exists()) {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            boolean writable = existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
            item(writable, "Workspace: not created yet; the first start creates it", where,
                    "Cannot create the workspace there: " + existing + " is not a writable folder. Choose another with --workspace DIR.");
        } else {
            try {
                State state = ws.state().read();
                String counts = "";
                if (catalogue != null) {
                    Progress p = ctx.progress(catalogue);
                    var entries = p.entries(state);
                    long started = entries.stream().filter(x -> x.status() != Status.NOT_STARTED).count();
                    long done = entries.stream().filter(x -> x.status() == Status.DONE).count();
                    counts = ": " + started + " started, " + done + " done";
                }
                item(Files.isWritable(root), "Workspace" + counts, where,
                        "The workspace folder is not writable: check its permissions, or choose another with --workspace DIR.");
                item(true, "Progress file readable", ws.state().file().toString(), null);
            } catch (Exception e) {
                item(false, "Workspace", where, e.getMessage());
            }
        }

        if (catalogue != null) ide(ws, catalogue);

        out.println();
        if (problems == 0) {
            out.println(st.boldGreen("All is well.") + " Next: " + ctx.cmd(""));
            return ExitCodes.OK;
        }
        out.println(st.boldRed(Text.plural(problems, "problem needs", "problems need") + " fixing") + ", see above.");
        return ExitCodes.WORKSPACE;
    }

    /** What the platform gives the mp library's programs; and a real one, run. */
    private void platform() {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
        for (String limitation : Platform.limitations()) item(false, "Platform: " + os, null, limitation);
        PlatformProbe.Result probe = PlatformProbe.run();
        item(probe.ok(), "A program of the mp library starts a process here", probe.took().toMillis() + " ms",
                "It could not: " + probe.message() + ". " + (Platform.limitations().isEmpty()
                        ? "Run mp-practice doctor --verbose, and report what it says." : String.join(" ", Platform.limitations())));
        info(Platform.proc() != null ? "/proc: the checker follows every process of a run through it"
                : "No /proc" + (Platform.fallbacksForced() ? " (" + Platform.FORCE_FALLBACKS + " is set)" : "")
                        + ": the checker follows a run's processes through the JDK alone");
    }

    /** The workspace as a Maven project for IDEs: there, naming a library that is there, not changed by the learner. */
    private void ide(Workspace ws, Catalogue catalogue) {
        MpLibrary lib = MpLibrary.current();
        if (lib == null || lib.sourcesJar() == null || lib.javadocJar() == null) {
            info("The mp library's sources and Javadoc jars were not found beside " + (lib == null ? "mp-practice" : lib.codeSource().getFileName())
                    + ": IDEs get the library without them. mvn package in the repository builds them.");
        }
        if (!ws.exists()) return;
        Progress progress = ctx.progress(catalogue);
        IdeProject.Status ide = progress.ide().inspect(progress.started());
        if (ide.pom() == null) {
            info("IDE project: none yet (" + ctx.cmd("start") + " writes it)");
            return;
        }
        String docs = ide.sourcesJar() != null && ide.javadocJar() != null ? "with its sources and Javadoc" : "without its sources or Javadoc";
        item(ide.jar() != null, "IDE project: pom.xml, the mp library " + ide.libraryVersion() + " " + docs, ide.pom().toString(),
                "The library is missing from " + ctx.workspace().root().resolve(".mp-practice/repository")
                        + ", so IDEs and mvn cannot resolve it: " + ctx.cmd("start") + " puts it back.");
        for (IdeProject.FileStatus f : ide.files()) {
            switch (f.state()) {
                case CHANGED -> info(f.file() + " differs from what mp-practice writes (you changed it), so it is left as it is."
                        + " Delete it, then " + ctx.cmd("start") + ", to get mp-practice's back.");
                case UPDATED, MISSING -> info(f.file() + " is out of date: the next start, hint or check updates it.");
                default -> { }
            }
        }
        if (ide.problem() != null) info(ide.problem());
    }

    private void item(boolean ok, String what, String detail, String fix) {
        Style st = ctx.style();
        var out = ctx.out();
        out.println((ok ? st.green(st.pass()) : st.red(st.fail())) + " " + what + (detail == null ? "" : st.dim("  " + detail)));
        if (!ok) {
            problems++;
            out.print(Text.wrap(fix, Text.WIDTH, "    "));
        }
    }

    private void info(String what) {
        ctx.out().println(ctx.style().dim(ctx.style().unicode() ? "·" : "-") + " " + what);
    }
}
