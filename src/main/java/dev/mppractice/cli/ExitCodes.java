package dev.mppractice.cli;

/** The exit codes scripts rely on (CLI.md); {@link RootCommand}'s exitCodeList shows them in {@code --help}. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int NOT_PASSING = 1;
    public static final int USAGE = 2;
    public static final int WORKSPACE = 3;
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
