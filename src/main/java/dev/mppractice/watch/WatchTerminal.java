package dev.mppractice.watch;

/** The screen and keyboard the watch loop uses: a real terminal in raw mode ({@link JLineTerminal}). */
public interface WatchTerminal extends AutoCloseable {
    /** Replaces the screen's content with {@code text}. */
    void draw(String text);

    int rows();

    int columns();

    /** The next key within {@code timeoutMillis}: a character, {@code -2} on timeout, {@code -1} at end of input. */
    int read(long timeoutMillis) throws java.io.IOException;

    /** Calls {@code action} on Ctrl-C delivered as a signal and when the window is resized. */
    void onSignals(Runnable interrupt, Runnable resized);

    /** Puts the terminal back as it was; safe to call more than once. */
    @Override
    void close();
}
