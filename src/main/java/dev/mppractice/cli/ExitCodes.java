package dev.mppractice.cli;

/** The exit codes scripts rely on (CLI.md), listed in {@code --help}. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int NOT_PASSING = 1;
    public static final int USAGE = 2;
    public static final int WORKSPACE = 3;
    public static final int INTERNAL = 4;

    static final String[] HELP_LIST = {
        "0:success",
        "1:the exercise does not pass (compile error, wrong output, missing behaviour, crash, timeout)",
        "2:usage error (unknown command, option or exercise)",
        "3:workspace or catalogue problem (unreadable progress file, missing or malformed exercise files)",
        "4:internal error (run again with --verbose and report it)",
    };

    private ExitCodes() {
    }
}
