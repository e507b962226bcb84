package dev.mppractice.mp.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds and reads the small binary messages of the library's protocols. */
public final class Msg {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private final DataOutputStream out = new DataOutputStream(bytes);

    private Msg(int type) {
        u8(type);
    }

    public static Msg of(int type) {
        return new Msg(type);
    }

    public Msg u8(int v) {
        try {
            out.writeByte(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Msg i32(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Msg i64(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Msg str(String s) {
        try {
            out.writeUTF(s == null ? "\0" : s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Msg blob(byte[] b) {
        try {
            out.writeInt(b.length);
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }

    /**
     * Reads a message made by {@link Msg}, straight from its bytes: a hub reads one for every
     * queue item and every task, so reading one makes no stream and copies only what it returns.
     * A message that ends too soon throws {@link UncheckedIOException} (an {@link EOFException}).
     */
    public static final class Reader {
        private final byte[] m;
        private int at;
        public final int type;

        public Reader(byte[] message) {
            m = message;
            type = u8();
        }

        public int u8() {
            need(1);
            return m[at++] & 0xff;
        }

        public int i32() {
            need(4);
            int v = (m[at] & 0xff) << 24 | (m[at + 1] & 0xff) << 16 | (m[at + 2] & 0xff) << 8 | (m[at + 3] & 0xff);
            at += 4;
            return v;
        }

        public long i64() {
            need(8);
            long hi = i32();
            return hi << 32 | (i32() & 0xffffffffL);
        }

        public String str() {
            need(2);
            int n = (m[at] & 0xff) << 8 | (m[at + 1] & 0xff);
            need(2 + n);
            int from = at + 2;
            if (n == 2 && m[from] == (byte) 0xc0 && m[from + 1] == (byte) 0x80) {
                at = from + n;
                return null; // "\0", as str(null) writes it
            }
            boolean ascii = true;
            for (int i = from; i < from + n && ascii; i++) {
                ascii = m[i] >= 0;
            }
            String s;
            if (ascii) {
                // modified UTF-8 writes each character below 0x80 but NUL as that one byte
                s = new String(m, from, n, StandardCharsets.ISO_8859_1);
            } else {
                try {
                    s = DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(m, at, 2 + n)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            at = from + n;
            return s;
        }

        /** A blob; its length is checked against what is left of the message before anything is allocated. */
        public byte[] blob() {
            int n = i32();
            if (n < 0 || n > m.length - at) {
                throw new UncheckedIOException(new IOException("a blob of " + n
                        + " bytes is announced, but only " + (m.length - at) + " bytes of the message are left"));
            }
            byte[] b = Arrays.copyOfRange(m, at, at + n);
            at += n;
            return b;
        }

        private void need(int bytes) {
            if (m.length - at < bytes) {
                throw new UncheckedIOException(new EOFException("the message ends after " + m.length
                        + " bytes, " + (bytes - (m.length - at)) + " bytes short of its next field"));
            }
        }
    }
}
