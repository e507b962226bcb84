package dev.mppractice.mp.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

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

    /** Reads a message made by {@link Msg}. */
    public static final class Reader {
        private final DataInputStream in;
        public final int type;

        public Reader(byte[] message) {
            in = new DataInputStream(new ByteArrayInputStream(message));
            type = u8();
        }

        public int u8() {
            try {
                return in.readUnsignedByte();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int i32() {
            try {
                return in.readInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long i64() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String str() {
            try {
                String s = in.readUTF();
                return "\0".equals(s) ? null : s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A blob; its length is checked against what is left of the message before anything is allocated. */
        public byte[] blob() {
            try {
                int n = in.readInt();
                if (n < 0 || n > in.available()) {
                    throw new IOException("a blob of " + n + " bytes is announced, but only " + in.available()
                            + " bytes of the message are left");
                }
                byte[] b = new byte[n];
                in.readFully(b);
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
