package dev.mppractice.mp.internal;

import dev.mppractice.mp.SerializationFailedException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * How the items of a pool's chunk, and its results, travel: a run of Integers (the commonest
 * arguments and results of a map) as raw big-endian ints, written and read in one pass without a
 * copy of the list; anything else as {@link Codec} makes it. What a learner's program does in its
 * first maps runs before the JIT compilers have compiled anything, so the loops here are made of
 * few, plain bytecodes (no buffer objects, no streams).
 *
 * <p>{@link #decode} reads both forms, so chunks made by {@link Codec#encode} (those of a
 * {@code ProcessPoolExecutor}) are read too. A list of ints decodes to a read-only list that boxes
 * each int when it is read.
 */
public final class ChunkCodec {
    /** Not a tag of {@link Codec}: the bytes that follow are a count and that many ints. */
    private static final byte RAW_INTS = 'I';

    private ChunkCodec() {
    }

    /**
     * Encodes {@code items[from, to)}; {@code what} names an item in the error.
     *
     * @throws SerializationFailedException naming the class of an item that cannot be serialized
     */
    public static byte[] encode(List<?> items, int from, int to, String what) {
        int n = to - from;
        if (n > 0 && items instanceof RandomAccess && items.get(from) instanceof Integer) {
            byte[] out = new byte[5 + 4 * n];
            out[0] = RAW_INTS;
            putInt(out, 1, n);
            int at = 5;
            for (int i = from; i < to; i++) {
                Object o = items.get(i);
                if (!(o instanceof Integer)) {
                    return Codec.encode(new ArrayList<>(items.subList(from, to)), what);
                }
                putInt(out, at, (Integer) o);
                at += 4;
            }
            return out;
        }
        return Codec.encode(new ArrayList<>(items.subList(from, to)), what);
    }

    /**
     * The list {@code bytes} holds (made by {@link #encode}, or a list made by {@link Codec#encode}).
     *
     * @throws SerializationFailedException if they are neither, or claim more than they hold
     */
    public static List<?> decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == RAW_INTS) {
            int n = bytes.length < 5 ? -1 : getInt(bytes, 1);
            if (n < 0 || 5L + 4L * n != bytes.length) {
                throw new SerializationFailedException("could not read an object sent by another process: a list of "
                        + n + " ints is announced in " + bytes.length + " bytes");
            }
            return new Ints(bytes, n);
        }
        Object list = Codec.decode(bytes);
        if (!(list instanceof List<?> l)) {
            throw new SerializationFailedException("could not read an object sent by another process: a list was expected, not "
                    + (list == null ? "null" : list.getClass().getName()));
        }
        return l;
    }

    /** True when {@code list} came from {@link #decode} of ints: it holds no failure of a task. */
    public static boolean onlyInts(List<?> list) {
        return list instanceof Ints;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** The ints of a message, boxed as they are read. */
    private static final class Ints extends AbstractList<Object> implements RandomAccess {
        private final byte[] bytes;
        private final int size;

        Ints(byte[] bytes, int size) {
            this.bytes = bytes;
            this.size = size;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return getInt(bytes, 5 + 4 * index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
