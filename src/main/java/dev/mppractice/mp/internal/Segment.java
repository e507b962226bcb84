package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A block of memory shared by the processes of the tree: a file in the tree's private directory
 * (on {@code /dev/shm} where there is one), mapped into each process that uses it. Reads and
 * writes are volatile, and compare-and-set is atomic across processes for aligned offsets.
 *
 * <p>Layout of every segment: bytes 0-15 hold a {@link SpinLock}; the data starts at byte
 * {@link #DATA}.
 */
public final class Segment {
    public static final int DATA = 64;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final Map<String, Segment> MAPPED = new ConcurrentHashMap<>();

    private final String name;
    private final MappedByteBuffer buffer;

    private Segment(String name, MappedByteBuffer buffer) {
        this.name = name;
        this.buffer = buffer;
    }

    /** A new zeroed segment with room for {@code dataBytes} after the header. */
    public static Segment create(int dataBytes) {
        Context ctx = Context.get();
        String name = "shm-" + ctx.newId().replace(':', '-');
        Segment s = map(ctx.dir().resolve(name), name, DATA + Math.max(8, dataBytes), true);
        MAPPED.put(name, s);
        return s;
    }

    /** The segment called {@code name}, mapped into this process on first use. */
    public static Segment open(String name, int totalBytes) {
        return MAPPED.computeIfAbsent(name, n -> map(Context.get().dir().resolve(n), n, totalBytes, false));
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
}
