package dev.mppractice.cli;

import dev.mppractice.checker.Platform;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command line learns from the world it runs in: environment variables, the current
 * folder, whether standard output is a terminal and whether it takes UTF-8. {@link #system()} for
 * {@code main}; tests build their own.
 */
public record Env(Map<String, String> vars, Path cwd, boolean stdoutIsTerminal, boolean unicode) {

    public Env {
        vars = Map.copyOf(vars);
        cwd = cwd.toAbsolutePath().normalize();
    }

    public static Env system() {
        return new Env(System.getenv(), Path.of("").toAbsolutePath(), detectTerminal(), outputCharset().equals(StandardCharsets.UTF_8));
    }

    public String var(String name) {
        String v = vars.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The charset the terminal expects, from the locale (Java 17 does not default to UTF-8). */
    public static Charset outputCharset() {
        for (String p : new String[] {"stdout.encoding", "sun.stdout.encoding", "native.encoding"}) {
            String name = System.getProperty(p);
            if (name != null) {
                try {
                    return Charset.forName(name);
                } catch (RuntimeException ignored) {
                    // an unknown name: try the next
                }
            }
        }
        return Charset.defaultCharset();
    }

    /**
     * True when file descriptor 1 is a terminal. {@code System.console()} on Java 17 also needs
     * standard input to be one, so on Linux ask {@code /proc} about descriptor 1 alone.
     */
    static boolean detectTerminal() {
        Path proc = Platform.proc();
        if (proc == null) return System.console() != null;   // macOS, Windows, or the fallbacks forced
        Path fd1 = proc.resolve("self/fd/1");
        try {
            if (Files.exists(fd1)) {
                String target = Files.readSymbolicLink(fd1).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (Exception ignored) {
            // fall back below
        }
        return System.console() != null;
    }
}
