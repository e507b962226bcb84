package dev.mppractice.mp.internal;

import java.nio.charset.StandardCharsets;

/**
 * The id of a recorded message, {@code "<pid>:<n>"} as {@link Context#newId()} makes ids, kept as the
 * process's {@code "<pid>:"} and the number: a recorded queue or pipe sends its first thousand messages
 * mostly in the interpreter, which builds a string of a number slowly, and the id is needed only as
 * bytes (in the message, {@link Codec#withMessageId(MessageId, byte[])}; in the record's line, made
 * by the flusher). {@link #toString()} is its text.
 */
public final class MessageId {
    private final byte[] prefix;
    private final long n;
    private final int length;

    MessageId(byte[] prefix, long n) {
        this.prefix = prefix;
        this.n = n;
        int digits = 1;
        for (long x = n; x >= 10; x /= 10) {
            digits++;
        }
        this.length = prefix.length + digits;
    }

    /** Its length in bytes (all ASCII). */
    int length() {
        return length;
    }

    /** Writes its bytes at {@code at} in {@code b}, which has room for {@link #length()}; returns where they end. */
    int writeTo(byte[] b, int at) {
        System.arraycopy(prefix, 0, b, at, prefix.length);
        return Recorder.Buf.decimal(b, at + prefix.length, n);
    }

    @Override
    public String toString() {
        byte[] b = new byte[length()];
        writeTo(b, 0);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
