package dev.mppractice.mp;

import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Context;
import dev.mppractice.mp.internal.Recorder;
import dev.mppractice.mp.internal.SharedBlock;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.Objects;

/**
 * A named block of memory shared by the processes of a program, read and written in place as a
 * {@link ByteBuffer} (Python's {@code multiprocessing.shared_memory.SharedMemory}).
 *
 * <pre>{@code
 * try (SharedBuffer image = SharedBuffer.create(width * height)) {
 *     image.asByteBuffer().put(pixels);
 *     Process p = new Process(() -> {
 *         ByteBuffer px = image.asByteBuffer();        // the same bytes, not a copy
 *         for (int i = 0; i < px.capacity(); i++) px.put(i, (byte) (255 - px.get(i)));
 *         image.close();
 *     });
 *     p.start();
 *     p.join();
 *     image.asByteBuffer().get(pixels);               // the child's writes
 *     image.unlink();
 * }
 * }</pre>
 *
 * <p>Unlike {@link Array}, it is raw bytes with no lock: use a {@link Lock} or give each process
 * its own part of the block. Nothing is sent when a process writes: a write is seen by every
 * process that maps the block. A task can capture a {@code SharedBuffer} (only its name and size
 * travel; the receiving process maps the same block), or another process can
 * {@link #attach(String)} to it by {@link #name()}. A pool worker may run many tasks with one
 * copy of a function and what it captured: a pool task that closes the buffer it captured closes
 * it for the worker's next tasks too; there, attach by name in the task and close what it attached.
 *
 * <p>{@link #close()} ends this process's use of the block; {@link #unlink()} removes the block's
 * name, and the memory is freed once no process maps it any more. A block not unlinked is
 * removed when the program's main process ends (CPython warns about leaked blocks instead).
 * Java cannot unmap memory that may still be read through a buffer it gave out: after
 * {@code close()} the views already obtained keep working until they are garbage, and this
 * object gives out no more.
 *
 * <p>Each call to {@link #asByteBuffer()} returns a new view with its own position and limit, so
 * threads do not share a position; the views are big-endian by default, as every
 * {@code ByteBuffer}.
 */
public final class SharedBuffer implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int size;
    /** This process's context: the tree's private directory the block is in. */
    private final transient Context context;
    private transient MappedByteBuffer block;
    /** The block's parts' checksums when this process created or attached it (for the run record), or null. */
    private transient long[] digest;

    private SharedBuffer(Context context, String name, MappedByteBuffer block) {
        this.context = context;
        this.name = name;
        this.size = block.capacity();
        this.block = block;
        this.digest = SharedBlock.digest(block);
        if (Recorder.on()) {
            // A process whose task returned without close() still says, in the record, what its use changed.
            // Weakly: a buffer the program let go of is unmapped by the collector as before.
            java.lang.ref.WeakReference<SharedBuffer> self = new java.lang.ref.WeakReference<>(this);
            context.atCleanExit(() -> {
                SharedBuffer b = self.get();
                if (b != null) {
                    b.closeAt(true);
                }
            });
        }
    }

    /**
     * Makes a new block of {@code size} bytes, all zero, with a new name.
     *
     * @throws ProcessException if {@code size} is not positive, or the system has not that much
     *         shared memory free
     */
    public static SharedBuffer create(int size) {
        Context ctx = Context.get();
        String name = SharedBlock.newName(ctx.newId());
        SharedBuffer b = new SharedBuffer(ctx, name, SharedBlock.create(ctx.dir(), name, size));
        if (Recorder.on()) {
            Recorder.event(RecordEvent.BUFFER_CREATE, "buffer", name, "size", size);
        }
        return b;
    }

    /**
     * Maps the block called {@code name}, made by {@link #create(int)} in any process of this
     * program.
     *
     * @throws ProcessException if {@code name} is not a name {@link #create(int)} makes, or there
     *         is no such block (it was unlinked)
     */
    public static SharedBuffer attach(String name) {
        Objects.requireNonNull(name, "name");
        return attached(name);
    }

    private static SharedBuffer attached(String name) {
        Context ctx = Context.get();
        SharedBuffer b = new SharedBuffer(ctx, name, SharedBlock.attach(ctx.dir(), name));
        if (Recorder.on()) {
            Recorder.event(RecordEvent.BUFFER_ATTACH, "buffer", name, "size", b.size);
        }
        return b;
    }

    /** The block's name, for {@link #attach(String)} in another process. */
    public String name() {
        return name;
    }

    /** The block's size in bytes. */
    public int size() {
        return size;
    }

    /**
     * A view on the shared bytes (position 0, limit and capacity {@link #size()}): what is written
     * through it is in the block, seen by every process that maps it. No bytes are copied.
     *
     * @throws ClosedException if {@link #close()} was called on this object
     */
    public ByteBuffer asByteBuffer() {
        MappedByteBuffer b = block;
        if (b == null) {
            throw new ClosedException("this shared buffer (" + name + ") was closed in this process");
        }
        return b.duplicate();
    }

    /**
     * Ends this process's use of the block: {@link #asByteBuffer()} throws from now on. Other
     * processes and the block itself are unaffected. Idempotent.
     */
    @Override
    public void close() {
        closeAt(false);
    }

    private void closeAt(boolean exit) {
        MappedByteBuffer b = block;
        if (b == null) {
            return;
        }
        block = null;
        if (Recorder.on()) {
            int parts = SharedBlock.partsChanged(digest, SharedBlock.digest(b));
            Recorder.event(RecordEvent.BUFFER_CLOSE, "buffer", name, "changed", parts < 0 ? null : parts > 0,
                    "partsChanged", parts < 0 ? null : parts, "atExit", exit);
        }
    }

    /**
     * Removes the block's name: no process can attach to it any more, and its memory is freed once
     * every process that maps it has let go. Processes that map it now can go on using it. Call it
     * once, in one process (usually the one that created it); a second call does nothing.
     *
     * @throws ProcessException if the block cannot be removed
     */
    public void unlink() {
        SharedBlock.unlink(context.dir(), name);
        if (Recorder.on()) {
            Recorder.event(RecordEvent.BUFFER_UNLINK, "buffer", name);
        }
    }

    /** Arriving with a task: map the same block (checked as a name given to {@link #attach}). */
    private Object readResolve() {
        return attached(name);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        SharedBlock.checkName(name);
    }

    @Override
    public String toString() {
        return "SharedBuffer[" + name + ", " + size + " bytes" + (block == null ? ", closed" : "") + "]";
    }
}
