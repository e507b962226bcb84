package dev.mppractice.cli;

import dev.mppractice.workspace.IdeProject;
import dev.mppractice.workspace.MpLibrary;
import dev.mppractice.workspace.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "docs", description = {"Where the mp library's Javadoc, sources and contract are.", "",
        "Where the mp library's documentation is: its Javadoc (to open in a browser), its contract and names,"
                + " the sources and Javadoc jars built with mp-practice, and the copies your workspace's IDE project uses."})
final class DocsCommand implements Callable<Integer> {
    private final Context ctx;

    DocsCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Style st = ctx.style();
        var out = ctx.out();
        MpLibrary lib = MpLibrary.current();
        Progress progress = ctx.progress();
        IdeProject.Status ide = progress.ide().inspect(progress.started());
        out.println(st.bold("The mp library") + " (package dev.mppractice.mp)");
        out.println();
        if (ide.javadocIndex() != null) {
            row("Javadoc", ide.javadocIndex(), "open it in a browser");
        } else if (lib != null && lib.javadocJar() != null) {
            row("Javadoc", lib.javadocJar(), "unpacked into your workspace by its first " + ctx.cmd("start"));
        }
        Path docs = lib == null ? null : lib.docsDir();
        if (docs != null) {
            row("Contract", docs.resolve("api.md"), "what each class does, and the shape of a learner's program");
            row("Names", docs.resolve("library-names.md"), "every public name on one page");
        }
        out.println();
        out.println("Built with mp-practice:");
        if (lib != null) {
            row("Classes", lib.codeSource(), "the library is in the tool's jar: a class path of its own for javac and java");
            row("Sources", lib.sourcesJar(), null);
            row("Javadoc", lib.javadocJar(), null);
            if (lib.sourcesJar() == null || lib.javadocJar() == null) {
                out.print(Text.wrap("The sources or Javadoc jar is missing: they are built beside mp-practice.jar by mvn package"
                        + " in the repository (bin/mp-practice does it when a source changes).", Text.WIDTH, "    "));
            }
        } else {
            out.println("  (this mp-practice cannot tell where its library was loaded from)");
        }
        out.println();
        if (ide.pom() == null || ide.jar() == null) {
            out.println("Your workspace " + ctx.workspace().root() + " has no IDE project yet: " + ctx.cmd("start")
                    + " makes one, with the library in it.");
            return ExitCodes.OK;
        }
        out.println("In your workspace, for your IDE (" + ide.pom() + "): dev.mppractice:mp:" + ide.libraryVersion());
        row("Classes", ide.jar(), null);
        row("Sources", ide.sourcesJar(), null);
        row("Javadoc", ide.javadocJar(), null);
        if (ide.localRepositoryCopy() != null) row("Also in", ide.localRepositoryCopy(), "your local Maven repository, where IDEs look first");
        if (ide.problem() != null) out.print(Text.wrap(ide.problem(), Text.WIDTH, "  "));
        return ExitCodes.OK;
    }

    private void row(String what, Path where, String note) {
        Style st = ctx.style();
        ctx.out().println("  " + Text.pad(what, 9) + " " + (where == null ? st.dim("(none)") : where.toString())
                + (note == null ? "" : st.dim("   " + note)));
    }
}
