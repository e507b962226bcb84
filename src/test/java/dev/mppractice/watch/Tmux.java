package dev.mppractice.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A private tmux server (its own socket) with one window, to drive a program in a real terminal. */
final class Tmux implements AutoCloseable {
    private final String socket = "mp-practice-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts {@code shellCommand} in a 120x40 window. */
    void start(String shellCommand) throws Exception {
        tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", shellCommand);
    }

    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** The pid of the program the window's shell started (its first descendant that is a JVM). */
    long javaPid() throws Exception {
        long shell = Long.parseLong(tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").strip());
        return ProcessHandle.of(shell).orElseThrow().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no JVM under the tmux window")).pid();
    }

    String screen() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-t", "t");
    }

    /** Waits until the screen satisfies {@code what}, polling every 10 ms, up to {@code seconds}. */
    String await(String description, Predicate<String> what, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        String s = screen();
        while (!what.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + description + "; the screen shows:\n" + s);
            }
            Thread.sleep(10);
            s = screen();
        }
        return s;
    }

    String awaitText(String text, double seconds) throws Exception {
        return await("\"" + text + "\"", s -> s.contains(text), seconds);
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            tmux("kill-server");
        } catch (IOException ignored) {
            // already gone
        }
    }
}
