package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A block of memory shared by the processes of the tree: a file in the tree's private directory
 * (on {@code /dev/shm} where there is one), mapped into each process that uses it. Reads and
 * writes are volatile, and compare-and-set is atomic across processes for aligned offsets.
 *
 * <p>Layout of every segment: bytes 0-15 hold a {@link SpinLock}; the data starts at byte
 * {@link #DATA}.
 *
 * <p>A handle ({@code Lock}, {@code Value}, {@code Array}, {@code Event}) that arrives from
 * another process names its segment and says its size; both are claims, checked here before
 * the file system is touched, for every handle in one place: the name must be one this class
 * makes ({@code shm-<pid>-<n>}: no separator, no {@code ..}, so it stays inside the private
 * directory), the size at least {@link #MIN_SIZE}, and the segment's file must already hold that
 * many bytes (mapping a file beyond its end would grow it; opening never creates, nor follows
 * a link). What a handle then reaches inside the segment (a lock's offset, an array's length)
 * is checked with {@link #checkSpan}.
 */
public final class Segment {
    public static final int DATA = 64;
    /** The smallest segment: the header, then room for the largest value (a long). */
    public static final int MIN_SIZE = DATA + 8;
    /** What {@link #create} names a segment: {@code shm-<pid>-<n>}. */
    private static final Pattern NAME = Pattern.compile("shm-[0-9]{1,19}-[0-9]{1,19}");

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final Map<String, Segment> MAPPED = new ConcurrentHashMap<>();

    private final String name;
    private final MappedByteBuffer buffer;

    private Segment(String name, MappedByteBuffer buffer) {
        this.name = name;
        this.buffer = buffer;
    }

    /**
     * A new zeroed segment with room for {@code dataBytes} after the header, in the tree's private
     * directory {@code dir}, named after {@code id} (a new id of the tree, {@code <pid>:<n>}).
     */
    public static Segment create(Path dir, String id, int dataBytes) {
        String name = "shm-" + id.replace(':', '-');
        Segment s = map(dir.resolve(name), name, DATA + Math.max(8, dataBytes), true);
        MAPPED.put(name, s);
        return s;
    }

    /**
     * The segment called {@code name}, of {@code totalBytes}, in the tree's private directory
     * {@code dir}, as a handle from another process names it; mapped into this process on first use.
     *
     * @throws InvalidObjectException if the name is not one this class makes, the size is out of
     *     bounds, or the segment holds fewer bytes than claimed; nothing is opened or changed then
     */
    public static Segment open(Path dir, String name, int totalBytes) throws InvalidObjectException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw refused("its segment name " + quoted(name) + " is not one the library makes (shm-<pid>-<n>)");
        }
        if (totalBytes < MIN_SIZE) {
            throw refused("its segment " + name + " claims " + totalBytes + " bytes, fewer than a segment has ("
                    + MIN_SIZE + ")");
        }
        Segment s = MAPPED.get(name);
        if (s == null) {
            Segment mapped = mapExisting(dir.resolve(name), name, totalBytes);
            s = MAPPED.putIfAbsent(name, mapped);
            if (s == null) {
                s = mapped;
            }
        }
        if (s.size() < totalBytes) {
            throw refused("its segment " + name + " claims " + totalBytes + " bytes, but has " + s.size());
        }
        return s;
    }

    /**
     * Checks that {@code what} a handle reaches, {@code bytes} at {@code offset} aligned to
     * {@code alignment}, lies inside this segment; returns the segment.
     *
     * @throws InvalidObjectException if it does not
     */
    public Segment checkSpan(String what, long offset, long bytes, int alignment) throws InvalidObjectException {
        if (offset < 0 || bytes < 0 || offset % alignment != 0 || offset + bytes > size()) {
            throw refused(what + " (" + bytes + " bytes at offset " + offset + ", aligned to " + alignment
                    + ") does not fit its segment " + name + " of " + size() + " bytes");
        }
        return this;
    }

    private static InvalidObjectException refused(String why) {
        return new InvalidObjectException("refused a shared-memory handle: " + why);
    }

    private static String quoted(String name) {
        if (name == null) {
            return "null";
        }
        return "'" + (name.length() > 200 ? name.substring(0, 200) + "..." : name) + "'";
    }

    private static Segment map(Path path, String name, int size, boolean create) {
        try (FileChannel ch = create
                ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            return new Segment(name, b);
        } catch (IOException e) {
            throw new ProcessException("cannot map shared memory " + path + ": " + e.getMessage(), e);
        }
    }

    /** Maps an existing segment file that holds at least {@code size} bytes, without growing it. */
    private static Segment mapExisting(Path path, String name, int size) throws InvalidObjectException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            long actual = ch.size();
            if (actual < size) {
                throw refused("its segment " + name + " claims " + size + " bytes, but its file has " + actual);
            }
            return new Segment(name, ch.map(FileChannel.MapMode.READ_WRITE, 0, size));
        } catch (InvalidObjectException e) {
            throw e;
        } catch (IOException e) {
            throw new ProcessException("cannot map shared memory " + path + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public int size() {
        return buffer.capacity();
    }

    public int getInt(int offset) {
        return (int) INT.getVolatile(buffer, offset);
    }

    public void setInt(int offset, int v) {
        INT.setVolatile(buffer, offset, v);
    }

    public long getLong(int offset) {
        return (long) LONG.getVolatile(buffer, offset);
    }

    public void setLong(int offset, long v) {
        LONG.setVolatile(buffer, offset, v);
    }

    public void setLongRelease(int offset, long v) {
        LONG.setRelease(buffer, offset, v);
    }

    public boolean casLong(int offset, long expected, long v) {
        return LONG.compareAndSet(buffer, offset, expected, v);
    }

    /** Writes {@code v} and returns the value it replaced, in one atomic step. */
    public long swapLong(int offset, long v) {
        return (long) LONG.getAndSet(buffer, offset, v);
    }
}
