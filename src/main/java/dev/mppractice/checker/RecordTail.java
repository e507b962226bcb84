package dev.mppractice.checker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the run record while the program still writes it: each call returns the events of the
 * whole lines appended since the last one, at most {@link #MAX_READ} bytes at a time, so that a
 * program that floods the record costs the checker bounded work per poll.
 */
final class RecordTail {
    static final int MAX_READ = 1 << 20;

    private final Path file;
    private final ByteBuffer buf = ByteBuffer.allocate(MAX_READ);
    private long position;

    RecordTail(Path file) {
        this.file = file;
    }

    /** The events of the complete lines written since the last call (none when there is no file yet). */
    List<Map<String, Object>> next() {
        List<Map<String, Object>> events = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            buf.clear();
            int n = ch.read(buf, position);
            if (n <= 0) return events;
            byte[] bytes = buf.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] != '\n') continue;
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
                if (line.isBlank()) continue;
                try {
                    Map<String, Object> ev = RunRecord.parseFlatObject(line);
                    if (ev != null) events.add(ev);
                } catch (IOException e) {
                    // not a JSON object: not evidence of anything
                }
            }
            if (start == 0 && n == MAX_READ) {
                start = n; // one line longer than a whole read: skip it rather than stall
            }
            position += start;
        } catch (NoSuchFileException e) {
            return events;
        } catch (IOException e) {
            return events;
        }
        return events;
    }
}
