package dev.mppractice.watch;

import dev.mppractice.checker.CheckResult;
import java.nio.file.Path;

/** What the watch loop reacts to; producers (file watcher, key reader, checker thread) only put these on the queue. */
sealed interface WatchEvent {
    /** The watched file's modification time or size changed. */
    record FileChanged(Path file) implements WatchEvent {
    }

    /** A key was pressed ({@code ch} is the character, 3 for Ctrl-C). */
    record Key(int ch) implements WatchEvent {
    }

    /** A check ended; {@code result} is null when {@code error} is not. */
    record CheckDone(long seq, CheckResult result, Throwable error) implements WatchEvent {
    }

    /** The terminal changed size. */
    record Resized() implements WatchEvent {
    }

    /** Ctrl-C as a signal, end of input, or a key reader failure: leave. */
    record Quit(String why) implements WatchEvent {
    }
}
