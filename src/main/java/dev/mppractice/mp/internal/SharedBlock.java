package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The files behind {@code SharedBuffer}s: one per block, in the tree's private directory (on
 * {@code /dev/shm} where there is one), mapped by each process that uses the block. Deleting the
 * file (unlink) removes the name; the memory goes when the last mapping does, as with POSIX
 * shared memory. Whatever is left is deleted with the private directory when the main process
 * ends.
 *
 * <p>Names are made here, {@code shm-<pid>-<n>} (the maker's pid, as every id of the run record),
 * and a name given to {@link #attach} must have that form: nothing else can name a file, so no
 * name can reach outside the directory or another of the library's files.
 */
public final class SharedBlock {
    private static final Pattern NAME = Pattern.compile("shm-[0-9]{1,10}-[0-9]{1,18}");
    /** Blocks up to this size are compared at close for the run record's {@code changed}. */
    private static final int MAX_COMPARED = 64 << 20;

    private SharedBlock() {
    }

    /** The name of a new block, made of {@code id}, a new id of the tree ({@code <pid>:<n>}). */
    public static String newName(String id) {
        return "shm-" + id.replace(':', '-');
    }

    /**
     * Makes a new zeroed block of {@code size} bytes in the tree's private directory {@code dir} and maps it.
     *
     * @throws ProcessException if the size is not positive, or there is not that much shared memory free
     */
    public static MappedByteBuffer create(Path dir, String name, int size) {
        if (size <= 0) {
            throw new ProcessException("a shared buffer needs a size of at least 1 byte, not " + size);
        }
        Path path = dir.resolve(name);
        try {
            long free = Files.getFileStore(path.getParent()).getUsableSpace();
            if (size > free) {
                // Mapped beyond what the file system can hold, a write would kill the JVM (SIGBUS).
                throw new ProcessException("cannot make a shared buffer of " + size + " bytes: only " + free
                        + " bytes of shared memory are free in " + path.getParent());
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                return ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            }
        } catch (IOException e) {
            throw new ProcessException("cannot make shared memory " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Maps the existing block called {@code name} in the tree's private directory {@code dir}.
     *
     * @throws ProcessException if the name is not one this library makes, or there is no such block
     *         (never made, or unlinked)
     */
    public static MappedByteBuffer attach(Path dir, String name) {
        checkName(name);
        Path path = dir.resolve(name);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new ProcessException("there is no shared buffer called " + name
                    + " in this process tree (was it unlinked?)");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size <= 0 || size > Integer.MAX_VALUE) {
                throw new ProcessException("the shared buffer " + name + " has an unusable size: " + size);
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (NoSuchFileException e) {
            throw new ProcessException("there is no shared buffer called " + name
                    + " in this process tree (was it unlinked?)", e);
        } catch (IOException e) {
            throw new ProcessException("cannot map shared memory " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes the block's name; true if it was there. Mappings stay valid. */
    public static boolean unlink(Path dir, String name) {
        checkName(name);
        try {
            return Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new ProcessException("cannot unlink shared memory " + name + ": " + e.getMessage(), e);
        }
    }

    /** @throws ProcessException unless {@code name} has the form of the names made here */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ProcessException("not the name of a shared buffer: " + (name == null ? "null" : "\"" + name + "\"")
                    + " (names look like shm-1234-5; pass the name() of a SharedBuffer made by this program)");
        }
    }

    /** How many equal parts a block is compared in ({@link #digest}), fewer for a block smaller than that: one per byte. */
    public static final int PARTS = 64;

    /**
     * The checksums of the block's {@link #PARTS} equal parts (the last takes the rest), for the run record to tell
     * whether a process changed it and how much of it ({@link #partsChanged}); null when not compared (a block over 64
     * MiB, or the run not recorded).
     */
    public static long[] digest(ByteBuffer block) {
        int size = block.capacity();
        if (size > MAX_COMPARED || !Recorder.on()) {
            return null;
        }
        int parts = Math.min(PARTS, size);
        long[] sums = new long[parts];
        CRC32C crc = new CRC32C();
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) size * p / parts);
            int to = (int) ((long) size * (p + 1) / parts);
            crc.reset();
            crc.update(block.duplicate().clear().position(from).limit(to));
            sums[p] = crc.getValue();
        }
        return sums;
    }

    /** How many parts differ between two digests of one block; -1 when either is null (not compared). */
    public static int partsChanged(long[] before, long[] now) {
        if (before == null || now == null || before.length != now.length) {
            return -1;
        }
        int changed = 0;
        for (int p = 0; p < before.length; p++) {
            if (before[p] != now[p]) changed++;
        }
        return changed;
    }
}
