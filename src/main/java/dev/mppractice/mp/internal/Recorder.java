package dev.mppractice.mp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends the run record (docs/record.md): one JSON object per line for each thing the program
 * does with processes, when the system property {@code mp.record} names a file. Every process of
 * the tree appends to the same file with one write per line.
 */
public final class Recorder {
    private static final int MAX_EVENTS = 5_000;

    private final FileChannel file;
    private final long pid;
    private final Context context;
    private int written;

    private Recorder(FileChannel file, long pid, Context context) {
        this.file = file;
        this.pid = pid;
        this.context = context;
    }

    static Recorder open(String path, long pid, Context context) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        try {
            FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new Recorder(ch, pid, context);
        } catch (IOException e) {
            System.err.println("mp: cannot write the run record to " + path + ": " + e.getMessage());
            return null;
        }
    }

    /** True when this run is being recorded; check it before building an event's fields on a hot path. */
    public static boolean on() {
        return Context.get().recorder() != null;
    }

    /** Records an event; {@code fields} alternate names and values (strings, numbers, booleans, null). */
    public static void event(String ev, Object... fields) {
        Recorder r = Context.get().recorder();
        if (r != null) {
            r.write(ev, fields);
        }
    }

    private synchronized void write(String ev, Object... fields) {
        if (written > MAX_EVENTS) {
            return;
        }
        StringBuilder line = new StringBuilder("{\"pid\":").append(pid).append(",\"proc\":").append(quote(context.name()));
        if (++written > MAX_EVENTS) {
            line.append(",\"ms\":").append(System.currentTimeMillis()).append(",\"ev\":\"record-truncated\"}\n");
        } else {
            line.append(",\"ms\":").append(System.currentTimeMillis()).append(",\"ev\":").append(quote(ev));
            for (int i = 0; i + 1 < fields.length; i += 2) {
                line.append(',').append(quote((String) fields[i])).append(':');
                Object v = fields[i + 1];
                if (v == null || v instanceof Number || v instanceof Boolean) {
                    line.append(v);
                } else {
                    line.append(quote(v.toString()));
                }
            }
            line.append("}\n");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                file.write(b);
            }
        } catch (IOException e) {
            // the record is best effort; the program's own work goes on
        }
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
