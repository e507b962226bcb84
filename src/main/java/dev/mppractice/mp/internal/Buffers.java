package dev.mppractice.mp.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reusable transfer segments ({@link Transfer}): each process writes the large arrays of its
 * messages into segments of its own that it keeps mapped and uses again once the message has
 * been read, and the readers keep the mappings of the segments they read. A segment written
 * again costs two copies of the data (in, out) and no system call: no file is made, mapped,
 * faulted in, unmapped or unlinked for each message, which cost more than the copies (about
 * 0.5 ms of system time for 800 KB, measured).
 *
 * <p>The first 64 bytes of a segment are its header; its {@code state} (a long at offset 0,
 * changed only by compare-and-set, atomic across processes) tells who has it:
 * <ul>
 *   <li>{@code 0}: free; only its writer takes it, for a new message ({@code 0} to {@code g});</li>
 *   <li>{@code g > 0}: it holds the message of use {@code g} (a number its writer never gives
 *       twice), which nobody has begun to read. A reader takes it ({@code g} to {@code -pid}); a
 *       message named by a stale {@code g} (read already) finds another state and is refused;
 *       the writer may take it back if the message will not be read ({@link #discard});</li>
 *   <li>{@code -pid}: process {@code pid} is copying the message out; it gives it back when done
 *       ({@code -pid} to {@code 0}). If {@code pid} dies first, the writer takes it back the next
 *       time it looks for a free segment.</li>
 * </ul>
 * The long at offset 8 is set to 1 when the writer ends. It then deletes its free segments; one
 * that still holds a message is left to the reader, which deletes it once it has read it (or the
 * tree's end does, if nobody ever reads it).
 *
 * <p>A process keeps at most {@link #LIMIT} bytes of such segments; a message that finds none free
 * and no room for another gets a segment of its own, which its reader unlinks.
 */
final class Buffers {
    /** Where the arrays start in a segment; the header comes before. */
    static final int DATA = 64;
    private static final int STATE = 0;
    private static final int ORPHAN = 8;
    /** The most bytes of reusable segments one process keeps. */
    static final long LIMIT = 64L << 20;
    /** The smallest reusable segment: 256 KiB. */
    private static final int MIN_CAPACITY = 1 << 18;
    /** The most mappings of other processes' segments a reader keeps, and their bytes. */
    private static final int MAX_MAPPINGS = 32;
    private static final long MAX_MAPPED = 256L << 20;
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final AtomicLong GENERATIONS = new AtomicLong();

    /** This process's segments. Guarded by the class. */
    private static final List<Own> OWN = new ArrayList<>();
    private static long ownBytes;
    private static boolean hooked;

    /**
     * Whether this process made a segment of its own: read without setting up this class (its handles to shared
     * memory cost a child that never sent a large message about a millisecond of its exit), so that only a process that has
     * segments ends them ({@link ChildMain#exit}).
     */
    static final class Owned {
        static volatile boolean any;

        private Owned() {
        }
    }

    /** Mappings of other processes' segments, by name, in order of use. Guarded by the class. */
    private static final LinkedHashMap<String, Mapping> MAPPED = new LinkedHashMap<>(16, 0.75f, true);
    private static long mappedBytes;

    private Buffers() {
    }

    /** One of this process's segments. */
    private static final class Own {
        final String name;
        final Path path;
        final MappedByteBuffer map;

        Own(String name, Path path, MappedByteBuffer map) {
            this.name = name;
            this.path = path;
            this.map = map;
        }

        long state() {
            return (long) LONG.getVolatile(map, STATE);
        }

        boolean cas(long from, long to) {
            return LONG.compareAndSet(map, STATE, from, to);
        }
    }

    /** A segment taken for one message: the writer copies the arrays into {@link #data()}. */
    static final class Buffer {
        final String name;
        private final Own own;
        private final long generation;

        private Buffer(Own own, long generation) {
            this.name = own.name;
            this.own = own;
            this.generation = generation;
        }

        long generation() {
            return generation;
        }

        /** The data part of the segment, positioned at 0. */
        ByteBuffer data() {
            return own.map.duplicate().position(DATA).slice().order(ByteOrder.nativeOrder());
        }

        /** Gives the segment back unused (the message could not be written). */
        void release() {
            own.cas(generation, 0);
        }
    }

    /**
     * A free segment of this process with room for {@code size} bytes of arrays, taken for a new
     * message; null when there is none and no room for another (or it cannot be made).
     */
    static synchronized Buffer acquire(long size) {
        long need = DATA + size;
        Own best = pick(need);
        if (best == null && reclaimDeadReaders()) {
            best = pick(need);
        }
        if (best == null) {
            long capacity = capacity(need);
            if (capacity > Integer.MAX_VALUE || capacity > LIMIT) {
                return null;
            }
            if (ownBytes + capacity > LIMIT) {
                evictFree(ownBytes + capacity - LIMIT);
            }
            if (ownBytes + capacity > LIMIT) {
                return null;
            }
            best = create((int) capacity);
            if (best == null) {
                return null;
            }
        }
        long generation = GENERATIONS.incrementAndGet();
        return best.cas(0, generation) ? new Buffer(best, generation) : null;
    }

    /**
     * The size of a new segment for {@code need} bytes: rounded up to an eighth of the power of two
     * above it (at least {@link #MIN_CAPACITY}), so that a segment suits messages of about the same
     * size and wastes at most an eighth.
     */
    static long capacity(long need) {
        long step = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, need - 1)) / 4);
        return (need + step - 1) / step * step;
    }

    /** The smallest free segment of at least {@code need} bytes, or null. */
    private static Own pick(long need) {
        Own best = null;
        for (Own o : OWN) {
            if (o.map.capacity() >= need && (best == null || o.map.capacity() < best.map.capacity()) && o.state() == 0) {
                best = o;
            }
        }
        return best;
    }

    /**
     * Deletes free segments, the oldest first, until {@code bytes} are freed or none is left: a
     * segment kept for messages of one size gives way to one for the sizes sent now.
     */
    private static void evictFree(long bytes) {
        Iterator<Own> it = OWN.iterator();
        while (bytes > 0 && it.hasNext()) {
            Own o = it.next();
            if (o.cas(0, Long.MIN_VALUE)) {
                LONG.setVolatile(o.map, ORPHAN, 1L); // readers that keep a mapping of it let go of it
                it.remove();
                ownBytes -= o.map.capacity();
                bytes -= o.map.capacity();
                Transfer.delete(o.path);
                Transfer.unmap(o.map);
            }
        }
    }

    /** Frees the segments whose reader died while it read them; true if there was one. */
    private static boolean reclaimDeadReaders() {
        boolean any = false;
        for (Own o : OWN) {
            long s = o.state();
            if (s < 0 && s != Long.MIN_VALUE && !alive(-s) && o.cas(s, 0)) {
                any = true;
            }
        }
        return any;
    }

    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        ProcStat stat = ProcStat.of(pid);
        return stat == null || !stat.ended();
    }

    private static Own create(int capacity) {
        if (!hooked) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(Buffers::writerEnds, "mp-transfer-end"));
            } catch (IllegalStateException e) {
                return null; // this process is ending: nothing would delete a new segment
            }
            hooked = true;
        }
        Context ctx = Context.existing();
        if (ctx == null) {
            return null; // no private directory in this process: the message goes whole
        }
        String name = "tx-" + ctx.newId().replace(':', '-');
        Path path = ctx.dir().resolve(name);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            Own o = new Own(name, path, ch.map(FileChannel.MapMode.READ_WRITE, 0, capacity));
            OWN.add(o);
            Owned.any = true;
            ownBytes += capacity;
            return o;
        } catch (IOException | RuntimeException e) {
            Transfer.delete(path);
            return null;
        }
    }

    /**
     * As this process ends (its shutdown hook; a child, which halts, calls it in its exit): its free segments are deleted; one that holds a message, or is being
     * read, is marked so that its reader deletes it when done.
     */
    static synchronized void writerEnds() {
        for (Own o : OWN) {
            LONG.setVolatile(o.map, ORPHAN, 1L);
            if (o.cas(0, Long.MIN_VALUE)) {
                Transfer.delete(o.path);
            }
        }
    }

    /** The message of use {@code generation} will not be read: this process's segment is free again. */
    static synchronized void discard(String name, long generation) {
        for (Own o : OWN) {
            if (o.name.equals(name)) {
                o.cas(generation, 0);
                return;
            }
        }
    }

    /** A reader's mapping of a segment, and how many messages are being read from it. */
    private static final class Mapping {
        final Path path;
        final MappedByteBuffer map;
        int readers;
        boolean dropped;

        Mapping(Path path, MappedByteBuffer map) {
            this.path = path;
            this.map = map;
        }
    }

    /**
     * Takes the message of use {@code generation} out of segment {@code name} (this process's own,
     * or another's, mapped on first use) for reading; the returned view gives it back when closed.
     */
    static Transfer.In read(Path path, String name, long generation, long size) {
        long me = -ProcessHandle.current().pid();
        MappedByteBuffer map;
        Mapping mapping = null;
        synchronized (Buffers.class) {
            Own own = null;
            for (Own o : OWN) {
                if (o.name.equals(name)) {
                    own = o;
                    break;
                }
            }
            if (own != null) {
                map = own.map;
            } else {
                mapping = map(path, name);
                map = mapping.map;
            }
            if (map.capacity() < DATA + size) {
                unref(mapping);
                throw Transfer.refused("its segment " + name + " claims " + size + " bytes of data, but has "
                        + (map.capacity() - DATA));
            }
            if (!LONG.compareAndSet(map, STATE, generation, me)) {
                unref(mapping);
                throw Transfer.gone(name);
            }
        }
        ByteBuffer data = map.duplicate().position(DATA).limit((int) (DATA + size)).slice();
        Mapping m = mapping;
        return Transfer.view(name, data, () -> done(m, map, me));
    }

    private static void done(Mapping mapping, MappedByteBuffer map, long me) {
        LONG.compareAndSet(map, STATE, me, 0L);
        boolean orphan = (long) LONG.getVolatile(map, ORPHAN) != 0;
        synchronized (Buffers.class) {
            if (orphan && mapping != null && LONG.compareAndSet(map, STATE, 0L, Long.MIN_VALUE)) {
                Transfer.delete(mapping.path); // its writer has ended: the last reader deletes it
                mapping.dropped = true;
            }
            unref(mapping);
        }
    }

    /** The mapping of another process's segment, made on first use (refused unless a regular file). */
    private static Mapping map(Path path, String name) {
        Mapping m = MAPPED.get(name);
        if (m == null || m.dropped) {
            try {
                Transfer.checkFile(path, name, DATA);
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    long size = ch.size();
                    if (size > Integer.MAX_VALUE) {
                        throw Transfer.refused("its segment " + name + " has " + size + " bytes");
                    }
                    m = new Mapping(path, ch.map(FileChannel.MapMode.READ_WRITE, 0, size));
                }
            } catch (java.nio.file.NoSuchFileException e) {
                throw Transfer.gone(name);
            } catch (IOException e) {
                throw new dev.mppractice.mp.SerializationFailedException("could not read an object sent by another"
                        + " process: cannot map its shared memory segment " + name + ": " + e, e);
            }
            MAPPED.put(name, m);
            mappedBytes += m.map.capacity();
        }
        m.readers++;
        return m;
    }

    /**
     * One reader less; unmaps what is no longer wanted: mappings beyond {@link #MAX_MAPPINGS} or
     * {@link #MAX_MAPPED} bytes, and those of segments whose writer has ended.
     */
    private static void unref(Mapping mapping) {
        if (mapping == null) {
            return;
        }
        mapping.readers--;
        Iterator<Map.Entry<String, Mapping>> it = MAPPED.entrySet().iterator();
        while (it.hasNext()) {
            Mapping m = it.next().getValue();
            boolean tooMany = MAPPED.size() > MAX_MAPPINGS || mappedBytes > MAX_MAPPED;
            // A segment whose writer has ended is deleted (or will be by its last reader): let go of it.
            boolean ended = (long) LONG.getVolatile(m.map, ORPHAN) != 0;
            if (m.readers == 0 && (m.dropped || ended || tooMany)) {
                it.remove();
                mappedBytes -= m.map.capacity();
                Transfer.unmap(m.map);
            }
        }
    }

    /** The state of this process's segment {@code name} (see the class comment), or null if it has none of that name. */
    static synchronized Long state(String name) {
        for (Own o : OWN) {
            if (o.name.equals(name)) {
                return o.state();
            }
        }
        return null;
    }

    /** Deletes every free segment of this process (for tests: only the ones a message holds are left). */
    static synchronized void evictAllFree() {
        evictFree(Long.MAX_VALUE);
    }

    /** The names of this process's reusable segments (for tests). */
    static synchronized List<String> ownNames() {
        List<String> names = new ArrayList<>();
        for (Own o : OWN) {
            names.add(o.name);
        }
        return names;
    }
}
