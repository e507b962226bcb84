package dev.mppractice.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Reads and writes a workspace's state file.
 *
 * <p>Every change is a read-modify-write under an exclusive lock on {@code state.lock} beside the
 * file ({@link FileChannel#lock()}, released by the OS if the process dies), so a {@code watch} in
 * one terminal and a {@code check} in another never lose each other's changes. The new content is
 * written to a temporary file and renamed over the old one, so a reader sees the old file or the new
 * one, never half of one; readers therefore need no lock. A file that cannot be parsed is reported,
 * never replaced.
 */
public final class StateStore {
    /** {@link FileChannel#lock()} is held per JVM, not per thread: threads of one JVM queue here first. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path file;
    private final Path lockFile;

    public StateStore(Path file) {
        this.file = file.toAbsolutePath();
        this.lockFile = this.file.resolveSibling("state.lock");
    }

    public Path file() {
        return file;
    }

    /** The state as last written, or an empty state when there is no file yet. */
    public State read() throws WorkspaceException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new State();
        } catch (AccessDeniedException e) {
            throw new WorkspaceException("Cannot read the progress file " + file + ": permission denied.\n"
                    + "Check its owner and permissions (ls -l " + file + "), or choose another workspace with --workspace DIR.", e);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read the progress file " + file + ": " + e.getMessage()
                    + "\nCheck the file, or choose another workspace with --workspace DIR.", e);
        }
        return parse(bytes);
    }

    private State parse(byte[] bytes) throws WorkspaceException {
        State state;
        try {
            state = StateJson.read(bytes);
        } catch (StateJson.Invalid e) {
            throw damaged(e.getMessage(), e);
        } catch (IOException e) {
            throw damaged(shortMessage(e), e);
        }
        if (state.format == null) throw damaged("the field \"format\" is missing", null);
        if (state.format > State.FORMAT) {
            throw new WorkspaceException("The progress file " + file + " was written by a newer mp-practice (format "
                    + state.format + "; this one reads format " + State.FORMAT + ").\n"
                    + "Update this copy (git pull), or use another workspace with --workspace DIR.");
        }
        return state;
    }

    private WorkspaceException damaged(String detail, Throwable cause) {
        return new WorkspaceException("The progress file " + file + " is damaged: " + detail + ".\n"
                + "Your exercise files are safe: only the record of statuses and hints is in this file.\n"
                + "Repair it by hand, or move it aside to start the record afresh:\n"
                + "  mv " + file + " " + file + ".damaged\n"
                + "then run `mp-practice check --all` to find the status of the exercises you started.", cause);
    }

    private static String shortMessage(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            m = m + " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
        }
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /**
     * Applies {@code change} to the current state and writes the result, all under the lock.
     * Returns the state as written.
     */
    public State update(Consumer<State> change) throws WorkspaceException {
        IN_PROCESS.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();   // released by the OS too, should this process die holding it
                try {
                    State state = read();
                    change.accept(state);
                    state.format = State.FORMAT;
                    write(state);
                    return state;
                } finally {
                    lock.release();
                }
            }
        } catch (AccessDeniedException e) {
            throw new WorkspaceException("Cannot write in " + file.getParent() + ": permission denied.\n"
                    + "Check the folder's owner and permissions, or choose another workspace with --workspace DIR.", e);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot save the progress in " + file + ": " + e.getMessage()
                    + "\nCheck that the disk is not full and the folder is writable, or choose another workspace with --workspace DIR.", e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private void write(State state) throws IOException {
        byte[] bytes = StateJson.write(state);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) out.write(buf);
                out.write(ByteBuffer.wrap(new byte[] {'\n'}));
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
