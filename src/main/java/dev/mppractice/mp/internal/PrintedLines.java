package dev.mppractice.mp.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A child's standard output in a recorded run: every byte goes on to the stream it had, and each
 * line it ends is recorded as a {@code print} event, so that the record says which lines of the
 * output a child printed (a rule may ask that a line come from a child, not from main imitating it).
 * A child's output and its parent's share one file; without this, nothing tells them apart.
 */
final class PrintedLines extends OutputStream {
    /** Longest text recorded for one line, in characters (the rest of a longer line is printed, not recorded). */
    static final int MAX_CHARS = 200;

    private final PrintStream out;
    private final Charset charset;
    /** The line being printed, as many bytes as {@link #MAX_CHARS} characters can take; guarded by this. */
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private PrintedLines(PrintStream out, Charset charset) {
        this.out = out;
        this.charset = charset;
    }

    /** Makes {@link System#out} record its lines, when this process is recorded; otherwise leaves it alone. */
    static void install() {
        if (!Recorder.on()) {
            return;
        }
        Charset cs = stdoutCharset();
        System.setOut(new PrintStream(new PrintedLines(System.out, cs), true, cs));
    }

    /** The charset {@code System.out} encodes with (its {@code charset()} came in JDK 18). */
    private static Charset stdoutCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null) {
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    // an encoding this JVM does not know: the next guess
                }
            }
        }
        return Charset.defaultCharset();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        out.write(b, off, len);
        synchronized (this) {
            int from = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    keep(b, from, i - from);
                    lineEnded();
                    from = i + 1;
                }
            }
            keep(b, from, off + len - from);
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** Adds bytes of the line being printed, as many as its recorded text can use. */
    private void keep(byte[] b, int off, int len) {
        line.write(b, off, Math.max(0, Math.min(len, 4 * MAX_CHARS + 4 - line.size())));
    }

    private void lineEnded() {
        String text = line.toString(charset);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        Recorder.event(RecordEvent.PRINT, "text", text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
    }
}
