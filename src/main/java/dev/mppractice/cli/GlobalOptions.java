package dev.mppractice.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, before or after its name ({@code scope = INHERIT}: picocli
 * copies them onto each subcommand, bound to these same fields).
 */
public final class GlobalOptions {
    public enum ColorMode { auto, always, never }

    @Option(names = "--workspace", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where your files and progress live. Default: $MP_PRACTICE_WORKSPACE, "
                    + "else the workspace around the current folder, else ./mp-workspace.")
    Path workspace;

    @Option(names = "--catalogue", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Use the exercises in DIR instead of the built-in ones (also $MP_PRACTICE_CATALOGUE).")
    Path catalogue;

    @Option(names = "--color", paramLabel = "WHEN", scope = ScopeType.INHERIT,
            description = "Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    ColorMode color = ColorMode.auto;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show timings, and stack traces when something goes wrong.")
    boolean verbose;
}
