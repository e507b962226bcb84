package dev.mppractice.mp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends the run record (docs/record.md): one JSON object per line for each thing the program
 * does with processes, when the system property {@code mp.record} names a file. Every process of
 * the tree appends to the same file with one write per line.
 */
public final class Recorder {
    /** Most events a process writes; then one {@code record-truncated}, and no more but waits. */
    private static final int MAX_EVENTS = 20_000;
    /** Waits are what a stuck run is diagnosed from: they have a budget of their own. */
    private static final int MAX_WAITS = 100_000;
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final AtomicLong SPANS = new AtomicLong();

    private final FileChannel file;
    private final long pid;
    private final Context context;
    private int written;
    private int waitsWritten;

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

    /** Messages of this many encoded bytes or more are {@code large} in the record (rules compare by equality). */
    public static final int LARGE_MESSAGE = 1024;

    /** The {@code large} field of a {@code queue-put} or {@code pipe-send} of {@code bytes} encoded bytes. */
    public static boolean large(int bytes) {
        return bytes >= LARGE_MESSAGE;
    }

    /** True when this run is being recorded; check it before building an event's fields on a hot path. */
    public static boolean on() {
        return Context.get().recorder() != null;
    }

    /** Records an event; {@code fields} alternate names and values (strings, numbers, booleans, null). */
    public static void event(RecordEvent ev, Object... fields) {
        Recorder r = Context.get().recorder();
        if (r != null) {
            r.write(ev, fields);
        }
    }

    /**
     * Records an event that opens a span ({@link RecordEvent#opensSpan}) and returns the span's id
     * for {@link #end}, or 0 when nothing is recorded. The id is added to the fields as {@code span}.
     */
    public static long begin(RecordEvent ev, Object... fields) {
        Recorder r = Context.get().recorder();
        if (r == null) {
            return 0;
        }
        long span = SPANS.incrementAndGet();
        Object[] all = Arrays.copyOf(fields, fields.length + 2);
        all[fields.length] = "span";
        all[fields.length + 1] = span;
        r.write(ev, all);
        return span;
    }

    /** Records the event that closes span {@code span} (nothing when it is 0: that span was not recorded). */
    public static void end(RecordEvent ev, long span, Object... fields) {
        if (span == 0) {
            return;
        }
        Object[] all = Arrays.copyOf(fields, fields.length + 2);
        all[fields.length] = "span";
        all[fields.length + 1] = span;
        event(ev, all);
    }

    /**
     * Records that the calling thread is about to block in a library call, and returns the wait, to
     * be closed when the call returns or throws. Call it only once the call knows it must wait (the
     * fast path records nothing), and use it in try-with-resources.
     *
     * @param call as the learner wrote it: {@code Queue.get}, {@code Process.join}
     * @param kind {@code queue}, {@code pipe}, {@code process}, {@code lock}, {@code event}, {@code async}, {@code pool}
     * @param obj  the id of the object waited on (as in its other events), or null
     */
    public static Wait waiting(String call, String kind, Object obj) {
        return waiting(call, kind, obj, null);
    }

    /**
     * As {@link #waiting(String, String, Object)}, for a call that waits at most {@code limit}
     * (null: as long as it takes), written as {@code limit} in milliseconds: a wait that can end by
     * itself is not a deadlock.
     */
    public static Wait waiting(String call, String kind, Object obj, java.time.Duration limit) {
        if (Context.get().recorder() == null) {
            return Wait.NONE;
        }
        if (limit == null) {
            return new Wait(begin(RecordEvent.WAIT, "call", call, "kind", kind, "obj", obj, "at", callSite()));
        }
        return new Wait(begin(RecordEvent.WAIT, "call", call, "kind", kind, "obj", obj, "at", callSite(),
                "limit", Math.max(0, limit.toMillis())));
    }

    /** A wait in progress; closing it records its end. */
    public static final class Wait implements AutoCloseable {
        static final Wait NONE = new Wait(0);
        private final long span;
        private String outcome = "returned";

        private Wait(long span) {
            this.span = span;
        }

        /** Says how the wait ended when it did not simply return: {@code timeout}, {@code error}, {@code closed}. */
        public void outcome(String how) {
            this.outcome = how;
        }

        @Override
        public void close() {
            end(RecordEvent.WAIT_END, span, "outcome", outcome);
        }
    }

    /**
     * Where the program called into the library: the file and line of the first frame outside the
     * library and the JDK ({@code QueuePrimes.java:12}), or null when there is none (a library thread).
     */
    public static String callSite() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isLibraryOrJdk(f.getClassName()))
                .findFirst()
                .map(f -> (f.getFileName() == null ? f.getClassName() : f.getFileName()) + ":" + f.getLineNumber())
                .orElse(null));
    }

    private static boolean isLibraryOrJdk(String cls) {
        return cls.startsWith("dev.mppractice.mp.") || cls.startsWith("java.") || cls.startsWith("jdk.")
                || cls.startsWith("sun.") || cls.startsWith("com.sun.");
    }

    private synchronized void write(RecordEvent ev, Object... fields) {
        boolean isWait = ev == RecordEvent.WAIT || ev == RecordEvent.WAIT_END;
        if (isWait ? waitsWritten >= MAX_WAITS : written > MAX_EVENTS) {
            return;
        }
        long micros = micros();
        StringBuilder line = new StringBuilder("{\"pid\":").append(pid).append(",\"proc\":").append(quote(context.name()));
        line.append(",\"ms\":").append(micros / 1000).append(",\"us\":").append(micros);
        if (isWait) {
            waitsWritten++;
        }
        if (!isWait && ++written > MAX_EVENTS) {
            line.append(",\"ev\":\"").append(RecordEvent.RECORD_TRUNCATED.wireName()).append("\"}\n");
        } else {
            line.append(",\"ev\":\"").append(ev.wireName()).append('"');
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

    /** Wall-clock microseconds since the epoch (the same clock in every process of the machine). */
    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
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
