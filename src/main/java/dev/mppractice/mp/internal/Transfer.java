package dev.mppractice.mp.internal;

import dev.mppractice.mp.SerializationFailedException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Large arrays of a message through shared memory instead of through the socket.
 *
 * <p>When {@link Codec} encodes a message, every primitive array (and list of Integers, Longs
 * or Doubles) of at least {@link #threshold()} bytes is left out of the message's bytes: the
 * message names one <em>transfer segment</em> instead, a file of the tree's private directory
 * ({@code /dev/shm}) called {@code tx-<pid>-<n>}, into which the writer copied those arrays, one
 * after the other. The reader copies each array out of it as it decodes the message. Through a
 * socket, an array was copied some seven times on its way (encoding, the frame, the socket's two
 * sides, the received frame, decoding); through a segment, twice.
 *
 * <p><b>Lifetime.</b> A segment serves one message at a time, and a message is decoded once (a
 * task by its worker, a result by the pool, a queue item by the process that takes it, a pipe
 * message by its receiver). Most segments are the writer's reusable ones ({@link Buffers}, which
 * says how the state word in each segment's header makes this safe between processes):
 * <ul>
 *   <li>received and decoded: the reader gives the segment back to its writer, which uses it
 *       for a later message; no file is made or deleted per message;</li>
 *   <li>a reader that dies while it copies: its writer takes the segment back the next time it
 *       needs one and finds none free;</li>
 *   <li>a message that will not be read because its call failed (a pool chunk that failed, was
 *       cancelled before it ran or dropped by {@code terminate}; a queue item refused as the queue
 *       stayed full; a pipe message that could not be sent; a worker's trial encodings of a result)
 *       is {@linkplain Codec#discard discarded} by the process that made it: free again;</li>
 *   <li>the writer ends (a child, as it halts; the main process, in its shutdown hook): its free
 *       segments are deleted; one that still holds a message is left to its reader, which deletes
 *       it once it has read it;</li>
 *   <li>a message nobody ever takes (an item left on a queue, a message left in a pipe, one that a
 *       reader received and died before decoding): its segment stays until the tree ends, when the
 *       main process deletes its private directory (a tree that was killed is swept by the next,
 *       see {@link PrivateDir}). Through a socket, such a message stayed in a buffer as large.</li>
 * </ul>
 * A writer that has no free segment and no room for another ({@link Buffers#LIMIT}) gives the
 * message a segment of its own, which the reader unlinks as soon as it has mapped it (so that
 * the system frees it with the reader's mapping, whatever becomes of the reader).
 *
 * <p><b>Trust.</b> A segment's name, use and size arrive in a message and are claims: the name
 * must be one this class makes (no separator, so it stays inside the private directory), the
 * file must be a regular file (no link is followed, no pipe opened) holding at least the claimed
 * size, a reusable segment must hold the message of that use (a message read already, or forged
 * with a stale use, is refused), and each array read from it must lie inside the claimed size,
 * after the previous one (arrays never overlap, so what decoding allocates is bounded by the
 * segment, as it is by the message's size on the socket path). Nothing is created or grown by a
 * reader.
 *
 * <p>Used only when the private directory is in memory ({@code /dev/shm}): on a system without
 * it (or with {@code -Dmp.forceFallbacks=true}) every message goes through its socket whole.
 * {@code -Dmp.sharedTransferBytes=N} sets the threshold ({@code 0}: never).
 */
public final class Transfer {
    /** The system property that sets the threshold in bytes; 0 turns transfer segments off. */
    public static final String THRESHOLD_PROPERTY = "mp.sharedTransferBytes";
    /**
     * Arrays from this size on travel through a segment. Measured as the CPU time (both
     * processes) of a {@code pool.apply} round trip of an {@code int[]}, socket against segment:
     * 16 KiB 260 / 340 us, 32 KiB 250 / 210, 64 KiB 250 / 230, 128 KiB 330 / 170, 256 KiB 710 /
     * 250, 1 MiB 2,280 / 450, 4 MiB 9,350 / 1,250: the segment wins from about 32 KiB on.
     */
    static final int DEFAULT_THRESHOLD = 64 * 1024;
    private static final int THRESHOLD = threshold(System.getProperty(THRESHOLD_PROPERTY));

    /**
     * What unmaps a mapping at once, found when first needed: this class is loaded by every child that
     * sends anything, most of which never map a segment, and the reflection costs a new JVM milliseconds.
     */
    private static final class Cleaner {
        static final Method INVOKE_CLEANER;
        static final Object UNSAFE;

        static {
            Method m = null;
            Object u = null;
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                u = f.get(null);
                m = c.getMethod("invokeCleaner", ByteBuffer.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // no early unmapping: a mapping goes when the garbage collector frees its buffer
            }
            INVOKE_CLEANER = m;
            UNSAFE = u;
        }
    }

    private Transfer() {
    }

    static int threshold(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_THRESHOLD;
        }
        try {
            return Math.max(0, Integer.parseInt(property.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_THRESHOLD;
        }
    }

    /** Arrays of at least this many bytes go through a segment; 0 when segments are not used here. */
    static int threshold() {
        Context ctx = Context.existing();
        if (THRESHOLD == 0 || ctx == null || !ctx.dir().startsWith(Path.of("/dev/shm"))) {
            return 0;
        }
        return THRESHOLD;
    }

    /** True when a segment name is one this class makes, as {@link Out#write} names it: {@code tx-<pid>-<n>}. */
    static boolean validName(String name) {
        if (name == null || !name.startsWith("tx-")) {
            return false;
        }
        int dash = name.indexOf('-', 3);
        return dash > 0 && LinuxPaths.asciiDigits(name, 3, dash, 19) && LinuxPaths.asciiDigits(name, dash + 1, name.length(), 19);
    }

    /** Rounds up to a multiple of 8, so that every array of a segment is aligned for its elements. */
    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** Integer, Long or Double when every element of {@code list} is one of that class; else (or empty) null. */
    static Class<?> numberClass(List<?> list) {
        if (list.isEmpty()) {
            return null;
        }
        Object first = list.get(0);
        Class<?> c = first == null ? null : first.getClass();
        if (c != Integer.class && c != Long.class && c != Double.class) {
            return null;
        }
        for (Object o : list) {
            if (o == null || o.getClass() != c) {
                return null;
            }
        }
        return c;
    }

    /** The bytes an array (or list of numbers) takes in a segment. */
    static long bytesOf(Object array) {
        if (array instanceof int[] a) {
            return 4L * a.length;
        } else if (array instanceof long[] a) {
            return 8L * a.length;
        } else if (array instanceof double[] a) {
            return 8L * a.length;
        } else if (array instanceof byte[] a) {
            return a.length;
        } else if (array instanceof List<?> l) {
            return (numberClass(l) == Integer.class ? 4L : 8L) * l.size();
        }
        throw new IllegalArgumentException(array.getClass().getName());
    }

    /** Where a message's large arrays went: a segment's name and, for a reused one, its generation (else 0). */
    record Ref(String name, long generation) {
    }

    /** The large arrays of a message being encoded, and where each goes in its segment. */
    static final class Out {
        private final int threshold;
        private final List<Object> arrays = new ArrayList<>();
        private long size;

        Out(int threshold) {
            this.threshold = threshold;
        }

        /** True when {@code array} goes to the segment (then it is added): its bytes are at least the threshold. */
        boolean take(Object array) {
            long bytes = bytesOf(array);
            if (bytes < threshold || align(size + bytes) > Integer.MAX_VALUE - Buffers.DATA) {
                return false;
            }
            arrays.add(array);
            size = align(size + bytes);
            return true;
        }

        boolean isEmpty() {
            return arrays.isEmpty();
        }

        long size() {
            return size;
        }

        /**
         * Writes the arrays into one of this process's reusable segments if one is free (or can
         * be made), else into a new segment of their own; returns where, or null when no segment
         * can be made (no room in {@code /dev/shm}): the caller then sends them whole.
         */
        Ref write() {
            Buffers.Buffer b = Buffers.acquire(size);
            if (b != null) {
                try {
                    ByteBuffer m = b.data();
                    for (Object array : arrays) {
                        put(m, array);
                        m.position((int) align(m.position()));
                    }
                    return new Ref(b.name, b.generation());
                } catch (InternalError | RuntimeException e) {
                    b.release();
                    return null;
                }
            }
            return writeOwn();
        }

        private Ref writeOwn() {
            Context ctx = Context.existing();
            if (ctx == null) {
                return null; // no private directory in this process: the message goes whole
            }
            String name = "tx-" + ctx.newId().replace(':', '-');
            Path path = ctx.dir().resolve(name);
            boolean made = false;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                made = true;
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
                try {
                    m.order(ByteOrder.nativeOrder());
                    for (Object array : arrays) {
                        put(m, array);
                        m.position((int) align(m.position()));
                    }
                } finally {
                    unmap(m);
                }
                return new Ref(name, 0);
            } catch (IOException | InternalError | RuntimeException e) {
                // InternalError: a write to the mapping found no memory left behind it (SIGBUS)
                if (made) {
                    delete(path);
                }
                return null;
            }
        }

        private static void put(ByteBuffer m, Object array) {
            int at = m.position();
            if (array instanceof int[] a) {
                m.asIntBuffer().put(a);
                m.position(at + 4 * a.length);
            } else if (array instanceof long[] a) {
                m.asLongBuffer().put(a);
                m.position(at + 8 * a.length);
            } else if (array instanceof double[] a) {
                m.asDoubleBuffer().put(a);
                m.position(at + 8 * a.length);
            } else if (array instanceof byte[] a) {
                m.put(a);
            } else if (numberClass((List<?>) array) == Integer.class) {
                java.nio.IntBuffer ints = m.asIntBuffer();
                for (Object o : (List<?>) array) {
                    ints.put((Integer) o);
                }
                m.position(at + 4 * ints.position());
            } else if (numberClass((List<?>) array) == Long.class) {
                java.nio.LongBuffer longs = m.asLongBuffer();
                for (Object o : (List<?>) array) {
                    longs.put((Long) o);
                }
                m.position(at + 8 * longs.position());
            } else {
                java.nio.DoubleBuffer doubles = m.asDoubleBuffer();
                for (Object o : (List<?>) array) {
                    doubles.put((Double) o);
                }
                m.position(at + 8 * doubles.position());
            }
        }
    }

    /** A mapped segment being read: each array is taken after the previous one, inside it. */
    static final class In implements AutoCloseable {
        private final String name;
        private final ByteBuffer buffer;
        private final Runnable done;
        private int cursor;

        private In(String name, ByteBuffer buffer, Runnable done) {
            this.name = name;
            this.buffer = buffer.order(ByteOrder.nativeOrder());
            this.done = done;
        }

        /**
         * The segment a message names ({@code generation} 0: a segment of its own, else one of
         * its writer's reusable segments, at that use), holding {@code size} bytes of arrays.
         *
         * @throws SerializationFailedException if the name or the size is refused, or the
         *     segment no longer holds this message (read already, or discarded)
         */
        static In open(String name, long generation, long size) {
            if (!validName(name)) {
                throw refused("its segment name " + quoted(name) + " is not one the library makes (tx-<pid>-<n>)");
            }
            if (size <= 0 || size > Integer.MAX_VALUE - Buffers.DATA || generation < 0) {
                throw refused("its segment " + name + " claims " + size + " bytes at use " + generation);
            }
            Context ctx = Context.existing();
            if (ctx == null) {
                throw refused("this process has no private directory to find segment " + name + " in");
            }
            Path path = ctx.dir().resolve(name);
            if (generation > 0) {
                return Buffers.read(path, name, generation, size);
            }
            try {
                checkFile(path, name, size);
                MappedByteBuffer m;
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                }
                delete(path); // from now on it is this process's alone, freed once unmapped (or with this process)
                return new In(name, m, () -> unmap(m));
            } catch (java.nio.file.NoSuchFileException e) {
                throw gone(name);
            } catch (IOException e) {
                throw new SerializationFailedException("could not read an object sent by another process: cannot map"
                        + " its shared memory segment " + name + ": " + e, e);
            }
        }

        /** Where the next array of {@code count} elements of {@code bytesEach} bytes lies; checked to fit. */
        private int next(int count, int bytesEach, String what) throws IOException {
            long bytes = (long) count * bytesEach;
            if (count < 0 || cursor + bytes > buffer.limit()) {
                throw new IOException(String.format(what, count) + " is announced in shared memory segment " + name
                        + ", but only " + (buffer.limit() - cursor) + " of its bytes are left");
            }
            int at = cursor;
            cursor = (int) align(cursor + bytes);
            buffer.position(at);
            return at;
        }

        int[] ints(int count) throws IOException {
            next(count, 4, "an int array of %d elements");
            int[] a = new int[count];
            buffer.asIntBuffer().get(a);
            return a;
        }

        long[] longs(int count) throws IOException {
            next(count, 8, "a long array of %d elements");
            long[] a = new long[count];
            buffer.asLongBuffer().get(a);
            return a;
        }

        double[] doubles(int count) throws IOException {
            next(count, 8, "a double array of %d elements");
            double[] a = new double[count];
            buffer.asDoubleBuffer().get(a);
            return a;
        }

        byte[] bytes(int count) throws IOException {
            next(count, 1, "a byte array of %d bytes");
            byte[] a = new byte[count];
            buffer.get(a);
            return a;
        }

        ArrayList<Object> intList(int count) throws IOException {
            return list(count, 4, "a list of %d ints", b -> b.asIntBuffer()::get);
        }

        ArrayList<Object> longList(int count) throws IOException {
            return list(count, 8, "a list of %d longs", b -> b.asLongBuffer()::get);
        }

        ArrayList<Object> doubleList(int count) throws IOException {
            return list(count, 8, "a list of %d doubles", b -> b.asDoubleBuffer()::get);
        }

        /** The next {@code count} elements of {@code size} bytes, each read by the view {@code of} gives, boxed in a list. */
        private ArrayList<Object> list(int count, int size, String what,
                java.util.function.Function<java.nio.ByteBuffer, java.util.function.IntFunction<Object>> of)
                throws IOException {
            next(count, size, what);
            java.util.function.IntFunction<Object> element = of.apply(buffer);
            ArrayList<Object> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(element.apply(i));
            }
            return list;
        }

        /** Gives the segment back: a segment of its own is unmapped, a reusable one freed for its writer. */
        @Override
        public void close() {
            done.run();
        }
    }

    /** Checks that {@code path} is a regular file (no link followed) of at least {@code size} bytes. */
    static void checkFile(Path path, String name, long size) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw refused("its segment " + name + " is not a regular file");
        }
        if (attrs.size() < size) {
            throw refused("its segment " + name + " claims " + size + " bytes, but its file has " + attrs.size());
        }
    }

    static SerializationFailedException gone(String name) {
        return new SerializationFailedException("could not read an object sent by another process: its shared"
                + " memory segment " + name + " no longer holds it (a message is read once; or its sender discarded it)");
    }

    static In view(String name, ByteBuffer data, Runnable done) {
        return new In(name, data, done);
    }

    /** Frees what {@code ref} holds for a message that will not be read. */
    static void discard(String name, long generation) {
        if (!validName(name)) {
            return;
        }
        if (generation > 0) {
            Buffers.discard(name, generation);
        } else {
            discard(name);
        }
    }

    /**
     * Deletes the segment {@code name} names, if it is still there: for a message that will not
     * be read. Does nothing for any other name.
     */
    static void discard(String name) {
        if (validName(name)) {
            Context ctx = Context.existing();
            if (ctx != null) {
                delete(ctx.dir().resolve(name));
            }
        }
    }

    static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort: the private directory goes with the tree
        }
    }

    /** Unmaps {@code buffer} now where the JDK lets us; else the garbage collector does, later. */
    static void unmap(ByteBuffer buffer) {
        if (Cleaner.INVOKE_CLEANER != null) {
            try {
                Cleaner.INVOKE_CLEANER.invoke(Cleaner.UNSAFE, buffer);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the garbage collector
            }
        }
    }

    static SerializationFailedException refused(String why) {
        return new SerializationFailedException("could not read an object sent by another process: refused a shared"
                + " memory segment: " + why);
    }

    private static String quoted(String name) {
        if (name == null) {
            return "null";
        }
        return "'" + (name.length() > 200 ? name.substring(0, 200) + "..." : name) + "'";
    }
}
