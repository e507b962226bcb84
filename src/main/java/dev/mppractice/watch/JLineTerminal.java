package dev.mppractice.watch;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

/**
 * The learner's terminal through JLine, in raw mode (single keys, no echo). The original settings
 * are restored by {@link #close()}, which the watch loop calls in {@code finally}, and by a shutdown
 * hook, for the ways out that skip {@code finally} (SIGTERM, {@code System.exit} elsewhere).
 */
public final class JLineTerminal implements WatchTerminal {
    private final Terminal terminal;
    private final Attributes original;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Thread hook;

    private JLineTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.original = terminal.enterRawMode();
        this.hook = new Thread(this::restore, "mp-practice-terminal-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        terminal.puts(InfoCmp.Capability.enter_ca_mode);
        terminal.puts(InfoCmp.Capability.cursor_invisible);
        terminal.flush();
    }

    /** The system terminal in raw mode, or empty when there is none (output redirected, a dumb terminal). */
    public static Optional<JLineTerminal> open() throws IOException {
        Terminal t = TerminalBuilder.builder().system(true).dumb(true).build();
        if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
            t.close();
            return Optional.empty();
        }
        return Optional.of(new JLineTerminal(t));
    }

    @Override
    public void draw(String text) {
        StringBuilder b = new StringBuilder();
        // Home and clear, then the text; \r\n because raw mode may turn off the output's newline translation.
        b.append("\033[H\033[2J");
        b.append(text.replace("\r\n", "\n").replace("\n", "\r\n"));
        terminal.writer().print(b);
        terminal.flush();
    }

    @Override
    public int rows() {
        int r = terminal.getRows();
        return r <= 0 ? 24 : r;
    }

    @Override
    public int columns() {
        int c = terminal.getColumns();
        return c <= 0 ? 80 : c;
    }

    @Override
    public int read(long timeoutMillis) throws IOException {
        return terminal.reader().read(timeoutMillis);
    }

    @Override
    public void onSignals(Runnable interrupt, Runnable resized) {
        terminal.handle(Terminal.Signal.INT, s -> interrupt.run());
        terminal.handle(Terminal.Signal.WINCH, s -> resized.run());
    }

    private void restore() {
        if (!restored.compareAndSet(false, true)) return;
        try {
            terminal.puts(InfoCmp.Capability.cursor_visible);
            terminal.puts(InfoCmp.Capability.exit_ca_mode);
            terminal.flush();
        } finally {
            terminal.setAttributes(original);
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs (and finds the terminal restored)
        }
        try {
            terminal.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
