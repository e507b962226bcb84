package dev.mppractice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in this JVM through the same factory as {@code main}, capturing what it prints. */
final class CliRun {
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private final Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private boolean terminal;

    CliRun(Path cwd) {
        this.cwd = cwd;
        // The person's own folders (remembered workspaces, local Maven repository) stay out of the tests.
        env.put("HOME", cwd.resolve(".home").toString());
        env.put("USERPROFILE", cwd.resolve(".home").toString());
    }

    CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Pretend standard output is a terminal (colour in auto mode). */
    CliRun terminal() {
        this.terminal = true;
        return this;
    }

    Result run(String... args) {
        return execute(Cli.commandLine(new Env(env, cwd, terminal, true), args), args);
    }

    /** Runs {@code args} on the command line {@code cl}, as the program's main does, its output collected. */
    static Result execute(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code;
        try {
            code = cl.execute(args);
        } finally {
            Cli.finish(cl);
        }
        return new Result(code, out.toString(), err.toString());
    }
}
