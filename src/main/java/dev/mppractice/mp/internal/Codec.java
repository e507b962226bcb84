package dev.mppractice.mp.internal;

import dev.mppractice.mp.SerializationFailedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns objects into bytes to cross a process boundary, and back.
 *
 * <p>The common small values (null, boxed numbers, strings, byte arrays and lists of those) have a
 * compact encoding of their own, several times cheaper than Java serialization; everything else
 * goes through Java serialization, read back under {@link ClassFilter}.
 *
 * <p>The reader trusts no length it reads: a string, an array or a list may claim no more
 * elements than the bytes left in the message can hold (each list element takes at least its
 * tag byte), and lists nest no deeper than the writer makes them. So what decoding allocates is
 * bounded by the size of the message that arrived, and a few bytes cannot ask for gigabytes; a
 * message that claims more fails with a {@link SerializationFailedException} that says what it
 * claimed.
 */
public final class Codec {
    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte BOOL = 4;
    private static final byte STRING = 5;
    private static final byte BYTES = 6;
    private static final byte LIST = 7;
    private static final byte INTS = 8;
    private static final byte LONGS = 10;
    private static final byte DOUBLES = 11;
    private static final byte FROZEN_LIST = 12;
    /** A list of Integers only (the commonest argument list of a pool), packed as raw ints. */
    private static final byte INT_LIST = 13;
    private static final byte FROZEN_INT_LIST = 14;
    private static final int MAX_NESTING = 8;
    private static final byte JAVA = 9;
    /** Before an encoded queue item or pipe message: the id the run record gives it ({@code msg}). */
    private static final byte MESSAGE_ID = 15;
    /**
     * First of a message whose large arrays are in a transfer segment ({@link Transfer}): the
     * segment's name, the use of it that holds this message (0 for a segment of its own) and the
     * size of the arrays, then the message, where each such array is a {@code SEG_} tag and
     * its length, its elements being the segment's next bytes.
     */
    private static final byte SHARED = 16;
    private static final byte SEG_INTS = 17;
    private static final byte SEG_LONGS = 18;
    private static final byte SEG_DOUBLES = 19;
    private static final byte SEG_BYTES = 20;
    private static final byte SEG_INT_LIST = 21;
    private static final byte SEG_FROZEN_INT_LIST = 22;
    private static final byte SEG_LONG_LIST = 23;
    private static final byte SEG_FROZEN_LONG_LIST = 24;
    private static final byte SEG_DOUBLE_LIST = 25;
    private static final byte SEG_FROZEN_DOUBLE_LIST = 26;

    private Codec() {
    }

    /**
     * Encodes {@code value}; {@code what} names it in the error ("the task", "the queue item").
     *
     * @throws SerializationFailedException naming the class that cannot be serialized
     */
    public static byte[] encode(Object value, String what) {
        if (value instanceof Integer i) {
            // The commonest item of all (a queue of ints), without the streams: the same five bytes.
            int v = i;
            return new byte[] {INT, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        int threshold = Transfer.threshold();
        Transfer.Out segment = threshold > 0 ? new Transfer.Out(threshold) : null;
        byte[] body = encode(value, what, segment);
        if (segment == null || segment.isEmpty()) {
            return body;
        }
        Transfer.Ref ref = segment.write();
        if (ref == null) {
            return encode(value, what, null); // no room in shared memory: the arrays travel in the message
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + ref.name().length() + 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(SHARED);
            out.writeUTF(ref.name());
            out.writeLong(ref.generation());
            out.writeLong(segment.size());
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] encode(Object value, String what, Transfer.Out segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, value, what, segment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Frees what {@code encoded} holds outside itself (its transfer segment), for a message that
     * will not be read: one that could not be sent, a task that will not run. Does nothing for a
     * message without a segment, or whose segment was read already.
     */
    public static void discard(byte[] encoded) {
        try {
            DataInputStream in = afterMessageId(encoded);
            if (in.available() > 0 && in.readByte() == SHARED) {
                Transfer.discard(in.readUTF(), in.readLong());
            }
        } catch (IOException e) {
            // no segment to speak of
        }
    }

    /**
     * The size of the message {@code encoded} (made by {@link #encode}) stands for: its own bytes
     * and those of its transfer segment, if it has one.
     */
    public static long size(byte[] encoded) {
        if (encoded.length == 0 || encoded[0] != MESSAGE_ID && encoded[0] != SHARED) {
            return encoded.length; // the common message, sized without parsing (a recorded loop sizes each)
        }
        try {
            DataInputStream in = afterMessageId(encoded);
            if (in.available() > 0 && in.readByte() == SHARED) {
                in.readUTF();
                in.readLong();
                return encoded.length + Math.max(0, in.readLong());
            }
        } catch (IOException e) {
            // not ours to judge here: decoding will say
        }
        return encoded.length;
    }

    /** The name of the transfer segment {@code encoded} names, or null. */
    static String segmentName(byte[] encoded) {
        try {
            DataInputStream in = afterMessageId(encoded);
            if (in.available() > 0 && in.readByte() == SHARED) {
                return in.readUTF();
            }
        } catch (IOException e) {
            // no segment to speak of
        }
        return null;
    }

    private static DataInputStream afterMessageId(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (bytes.length > 0 && bytes[0] == MESSAGE_ID) {
            in.readByte();
            in.readUTF();
        }
        return in;
    }

    /**
     * Encodes a function (a lambda or method reference). One that captures nothing is the same
     * every time, so its bytes are made once per class: {@code pool.applyAsync(Main::square, i)}
     * in a loop does not serialize {@code Main::square} a thousand times.
     */
    public static byte[] encodeFunction(Object fn, String what) {
        if (fn != null && fn.getClass().isSynthetic() && fn.getClass().getDeclaredFields().length == 0) {
            java.util.concurrent.atomic.AtomicReference<byte[]> cached = STATELESS.get(fn.getClass());
            byte[] b = cached.get();
            if (b == null) {
                b = encode(fn, what);
                cached.set(b);
            }
            return b;
        }
        return encode(fn, what);
    }

    /** The bytes of a lambda class that has no fields: all its instances serialize the same. */
    private static final ClassValue<java.util.concurrent.atomic.AtomicReference<byte[]>> STATELESS = new ClassValue<>() {
        @Override
        protected java.util.concurrent.atomic.AtomicReference<byte[]> computeValue(Class<?> type) {
            return new java.util.concurrent.atomic.AtomicReference<>();
        }
    };

    /**
     * {@code encoded} preceded by the id of the message it is ({@code "<pid>:<n>"}), so that the run
     * record names the same message where it is put or sent and where it is taken. Only a recorded
     * run pays for this; {@link #decode} reads either form.
     */
    public static byte[] withMessageId(MessageId id, byte[] encoded) {
        int n = id.length();
        byte[] b = new byte[3 + n + encoded.length];
        b[0] = MESSAGE_ID;
        b[1] = 0;
        b[2] = (byte) n;
        id.writeTo(b, 3);
        System.arraycopy(encoded, 0, b, 3 + n, encoded.length);
        return b;
    }

    /** As {@link #withMessageId(MessageId, byte[])}, for an id of any text. */
    public static byte[] withMessageId(String id, byte[] encoded) {
        int n = id.length();
        if (n < 0x80 && ascii(id)) {
            // What writeUTF writes for an ASCII string (every id the library makes), without the streams.
            byte[] b = new byte[3 + n + encoded.length];
            b[0] = MESSAGE_ID;
            b[1] = 0;
            b[2] = (byte) n;
            for (int i = 0; i < n; i++) {
                b[3 + i] = (byte) id.charAt(i);
            }
            System.arraycopy(encoded, 0, b, 3 + n, encoded.length);
            return b;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length + id.length() + 3);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MESSAGE_ID);
            out.writeUTF(id);
            out.write(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The message id {@link #withMessageId} put before {@code bytes}, as the run record keeps it until its line
     * is made: null when there is none; its bytes when it is printable ASCII that a JSON string holds as it is
     * (every id the library makes: digits and a colon), copied out of the message, which is not kept; else its text.
     */
    public static Object messageIdForRecord(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != MESSAGE_ID) {
            return null;
        }
        int n = asciiIdLength(bytes);
        if (n < 0) {
            return messageId(bytes);
        }
        for (int i = 3; i < 3 + n; i++) {
            byte c = bytes[i];
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
                return messageId(bytes);
            }
        }
        return java.util.Arrays.copyOfRange(bytes, 3, 3 + n);
    }

    /** The message id {@link #withMessageId} put before {@code bytes}, or null. */
    public static String messageId(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != MESSAGE_ID) {
            return null;
        }
        int n = asciiIdLength(bytes);
        if (n >= 0) {
            return new String(bytes, 3, n, StandardCharsets.ISO_8859_1);
        }
        try {
            return new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1)).readUTF();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Decodes bytes made by {@link #encode}, with or without a message id before them.
     *
     * @throws SerializationFailedException if the bytes are not such an encoding, claim more than
     *     they hold, or ask for a class that {@link ClassFilter} refuses (the message says which)
     */
    public static Object decode(byte[] bytes) {
        int at = 0;
        if (bytes.length > 0 && bytes[0] == MESSAGE_ID) {
            int id = asciiIdLength(bytes);
            at = id < 0 ? -1 : 3 + id;
        }
        if (at >= 0 && bytes.length - at == 5 && bytes[at] == INT) {
            return (bytes[at + 1] & 0xff) << 24 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 8
                    | (bytes[at + 4] & 0xff);
        }
        try {
            DataInputStream in = afterMessageId(bytes);
            if (in.available() > 0 && peek(in) == SHARED) {
                in.readByte();
                String name = in.readUTF();
                long generation = in.readLong();
                long size = in.readLong();
                try (Transfer.In segment = Transfer.In.open(name, generation, size)) {
                    return read(in, 0, segment);
                }
            }
            return read(in, 0, null);
        } catch (Refused e) {
            throw new SerializationFailedException("could not read an object sent by another process: "
                    + e.getMessage(), e.getCause());
        } catch (IOException | ClassNotFoundException e) {
            throw new SerializationFailedException("could not read an object sent by another process: " + e, e);
        }
    }

    private static boolean ascii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * The length of the message id before {@code bytes} (which start with {@link #MESSAGE_ID}) when
     * it is plain ASCII and all there, else -1 (then the streams read it, and say what is wrong).
     */
    private static int asciiIdLength(byte[] bytes) {
        if (bytes.length < 3) {
            return -1;
        }
        int n = (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff);
        if (3 + n > bytes.length) {
            return -1;
        }
        for (int i = 3; i < 3 + n; i++) {
            if (bytes[i] <= 0) {
                return -1;
            }
        }
        return n;
    }

    private static byte peek(DataInputStream in) throws IOException {
        in.mark(1);
        byte b = in.readByte();
        in.reset();
        return b;
    }

    /** A message that claims more than it holds, or a class the filter refused: said in words. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A count read from {@code in}, checked against the bytes left: {@code n} elements of at
     * least {@code bytesEach} bytes must fit in them. {@code what} names the value with a
     * {@code %d} for the count, to say what was claimed.
     */
    private static int count(DataInputStream in, int bytesEach, String what) throws IOException {
        int n = in.readInt();
        int left = in.available();
        if (n < 0 || (long) n * bytesEach > left) {
            throw new Refused(String.format(what, n) + " is announced, but only " + left
                    + " bytes of the message are left", null);
        }
        return n;
    }

    /** Writes {@code value}; its large arrays go to {@code segment} (none when null). */
    static void write(DataOutputStream out, Object value, String what, Transfer.Out segment) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOL);
            out.writeBoolean(b);
        } else if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeByte(STRING);
            out.writeInt(utf8.length);
            out.write(utf8);
        } else if (segment != null && isSegmentable(value) && segment.take(value)) {
            out.writeByte(segmentTag(value));
            out.writeInt(value instanceof List<?> l ? l.size() : java.lang.reflect.Array.getLength(value));
        } else if (value instanceof byte[] b) {
            out.writeByte(BYTES);
            out.writeInt(b.length);
            out.write(b);
        } else if (value instanceof int[] a) {
            ByteBuffer raw = ByteBuffer.allocate(4 * a.length);
            raw.asIntBuffer().put(a);
            writeRaw(out, INTS, a.length, raw);
        } else if (value instanceof long[] a) {
            ByteBuffer raw = ByteBuffer.allocate(8 * a.length);
            raw.asLongBuffer().put(a);
            writeRaw(out, LONGS, a.length, raw);
        } else if (value instanceof double[] a) {
            ByteBuffer raw = ByteBuffer.allocate(8 * a.length);
            raw.asDoubleBuffer().put(a);
            writeRaw(out, DOUBLES, a.length, raw);
        } else if (value instanceof List<?> list && listKind(list) != 0 && allIntegers(list)) {
            out.writeByte(listKind(list) == LIST ? INT_LIST : FROZEN_INT_LIST);
            out.writeInt(list.size());
            ByteBuffer b = ByteBuffer.allocate(4 * list.size());
            for (Object o : list) {
                b.putInt((Integer) o);
            }
            out.write(b.array());
        } else if (value instanceof List<?> list && listKind(list) != 0 && allSimple(list, 0)) {
            out.writeByte(listKind(list));
            out.writeInt(list.size());
            for (Object element : list) {
                write(out, element, what, segment);
            }
        } else {
            out.writeByte(JAVA);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
                oos.writeObject(value);
            } catch (NotSerializableException e) {
                String refused = CannotTravel.Refusal.of(e.getMessage());
                throw new SerializationFailedException("cannot send " + what + " to another process: "
                        + (refused != null ? refused
                                : e.getMessage() + " is not serializable (" + notSerializableAdvice(e.getMessage()) + ")"), e);
            } catch (InvalidClassException e) {
                throw new SerializationFailedException("cannot send " + what + " to another process: "
                        + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                if (e instanceof SerializationFailedException s) {
                    throw s;
                }
                throw new SerializationFailedException("cannot send " + what + " ("
                        + value.getClass().getName() + ") to another process: " + e, e);
            }
            out.writeInt(bytes.size());
            bytes.writeTo(out);
        }
    }

    /**
     * A primitive array, or a list (an ArrayList or a frozen one) of Integers, of Longs or of
     * Doubles only: what may go to a segment.
     */
    private static boolean isSegmentable(Object value) {
        return value instanceof int[] || value instanceof long[] || value instanceof double[] || value instanceof byte[]
                || value instanceof List<?> list && listKind(list) != 0 && Transfer.numberClass(list) != null;
    }

    private static byte segmentTag(Object value) {
        if (value instanceof int[]) {
            return SEG_INTS;
        } else if (value instanceof long[]) {
            return SEG_LONGS;
        } else if (value instanceof double[]) {
            return SEG_DOUBLES;
        } else if (value instanceof byte[]) {
            return SEG_BYTES;
        }
        List<?> list = (List<?>) value;
        boolean frozen = listKind(list) != LIST;
        Class<?> c = Transfer.numberClass(list);
        if (c == Long.class) {
            return frozen ? SEG_FROZEN_LONG_LIST : SEG_LONG_LIST;
        } else if (c == Double.class) {
            return frozen ? SEG_FROZEN_DOUBLE_LIST : SEG_DOUBLE_LIST;
        }
        return frozen ? SEG_FROZEN_INT_LIST : SEG_INT_LIST;
    }

    /**
     * LIST for an ArrayList, FROZEN_LIST for the JDK's unmodifiable lists ({@code List.of},
     * {@code Stream.toList}), 0 for any other list (which goes through Java serialization and
     * keeps its class). A frozen list comes back unmodifiable, an ArrayList as an ArrayList.
     */
    private static byte listKind(List<?> list) {
        Class<?> c = list.getClass();
        if (c == ArrayList.class) {
            return LIST;
        }
        String name = c.getName();
        if (name.startsWith("java.util.ImmutableCollections$List")
                || name.equals("java.util.Collections$UnmodifiableRandomAccessList")) {
            return FROZEN_LIST;
        }
        return 0;
    }

    /** A tag, a count, and the raw big-endian bytes of a primitive array. */
    private static void writeRaw(DataOutputStream out, byte tag, int count, ByteBuffer raw) throws IOException {
        out.writeByte(tag);
        out.writeInt(count);
        out.write(raw.array());
    }

    /** The next {@code bytes} bytes (already checked to be there), to be viewed as ints, longs or doubles. */
    private static ByteBuffer readRaw(DataInputStream in, int bytes) throws IOException {
        byte[] raw = new byte[bytes];
        in.readFully(raw);
        return ByteBuffer.wrap(raw);
    }

    private static boolean allIntegers(List<?> list) {
        for (Object o : list) {
            if (!(o instanceof Integer)) {
                return false;
            }
        }
        return !list.isEmpty();
    }

    /** True when every element has a compact encoding (lists of them too, a few levels deep). */
    private static boolean allSimple(List<?> list, int depth) {
        for (Object o : list) {
            if (o == null || o instanceof Integer || o instanceof Long || o instanceof Double
                    || o instanceof String || o instanceof Boolean || o instanceof int[] || o instanceof long[]
                    || o instanceof double[] || o instanceof byte[]) {
                continue;
            }
            if (o instanceof List<?> inner && depth < MAX_NESTING && listKind(inner) != 0 && allSimple(inner, depth + 1)) {
                continue;
            }
            return false;
        }
        return true;
    }

    /** Reads a value; its large arrays come from {@code segment} (there must be none when null). */
    static Object read(DataInputStream in, int depth, Transfer.In segment) throws IOException, ClassNotFoundException {
        byte tag = in.readByte();
        if (tag >= SEG_INTS && tag <= SEG_FROZEN_DOUBLE_LIST) {
            if (segment == null) {
                throw new Refused("an array in shared memory is announced by a message that names no segment", null);
            }
            int n = in.readInt();
            return switch (tag) {
                case SEG_INTS -> segment.ints(n);
                case SEG_LONGS -> segment.longs(n);
                case SEG_DOUBLES -> segment.doubles(n);
                case SEG_BYTES -> segment.bytes(n);
                case SEG_INT_LIST -> segment.intList(n);
                case SEG_FROZEN_INT_LIST -> java.util.Collections.unmodifiableList(segment.intList(n));
                case SEG_LONG_LIST -> segment.longList(n);
                case SEG_FROZEN_LONG_LIST -> java.util.Collections.unmodifiableList(segment.longList(n));
                case SEG_DOUBLE_LIST -> segment.doubleList(n);
                default -> java.util.Collections.unmodifiableList(segment.doubleList(n));
            };
        }
        switch (tag) {
            case NULL:
                return null;
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case BOOL:
                return in.readBoolean();
            case STRING: {
                byte[] utf8 = new byte[count(in, 1, "a string of %d bytes")];
                in.readFully(utf8);
                return new String(utf8, StandardCharsets.UTF_8);
            }
            case BYTES: {
                byte[] b = new byte[count(in, 1, "a byte array of %d bytes")];
                in.readFully(b);
                return b;
            }
            case INTS: {
                int n = count(in, 4, "an int array of %d elements");
                int[] a = new int[n];
                readRaw(in, 4 * n).asIntBuffer().get(a);
                return a;
            }
            case LONGS: {
                int n = count(in, 8, "a long array of %d elements");
                long[] a = new long[n];
                readRaw(in, 8 * n).asLongBuffer().get(a);
                return a;
            }
            case DOUBLES: {
                int n = count(in, 8, "a double array of %d elements");
                double[] a = new double[n];
                readRaw(in, 8 * n).asDoubleBuffer().get(a);
                return a;
            }
            case INT_LIST:
            case FROZEN_INT_LIST: {
                int n = count(in, 4, "a list of %d ints");
                ByteBuffer b = readRaw(in, 4 * n);
                ArrayList<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(b.getInt());
                }
                return tag == INT_LIST ? list : java.util.Collections.unmodifiableList(list);
            }
            case LIST:
            case FROZEN_LIST: {
                if (depth > MAX_NESTING) {
                    throw new Refused("lists nested more than " + (MAX_NESTING + 1) + " deep", null);
                }
                int n = count(in, 1, "a list of %d elements");
                ArrayList<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in, depth + 1, segment));
                }
                return tag == LIST ? list : java.util.Collections.unmodifiableList(list);
            }
            case JAVA: {
                byte[] b = new byte[count(in, 1, "a Java-serialized object of %d bytes")];
                in.readFully(b);
                ClassFilter filter = new ClassFilter(b.length);
                try (ObjectInputStream ois = new FilteredInput(new ByteArrayInputStream(b), filter)) {
                    return ois.readObject();
                } catch (InvalidClassException e) {
                    if (filter.refusal() != null) {
                        throw new Refused(filter.refusal(), e);
                    }
                    throw e;
                }
            }
            default:
                throw new IOException("unknown encoding tag " + tag);
        }
    }

    /** An object stream that creates only what {@link ClassFilter} allows. */
    private static final class FilteredInput extends ObjectInputStream {
        FilteredInput(ByteArrayInputStream in, ClassFilter filter) throws IOException {
            super(in);
            setObjectInputFilter(filter);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution below
                }
            }
            return super.resolveClass(desc);
        }
    }

    /**
     * What to do about a class that is not serializable: one of the program's can be made so; one of the JDK (a list
     * view such as {@code subList}, a stream, a digest) cannot, and what it holds is copied into one that is.
     */
    private static String notSerializableAdvice(String className) {
        String c = className == null ? "" : className;
        if (c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
            return "a class of the JDK, which cannot be made serializable: send a copy of what it holds instead, such as"
                    + " `new ArrayList<>(...)` of a list view like `subList`, or do not capture it in the lambda";
        }
        return "make it implement java.io.Serializable, or do not capture it in the lambda";
    }
}
