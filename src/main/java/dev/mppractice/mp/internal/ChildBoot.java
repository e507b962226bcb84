package dev.mppractice.mp.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The boot protocol of a child JVM, declared once: what {@link ChildProcess} writes on a child's
 * standard input and {@link ChildMain} reads there, before the child runs anything (as Maven
 * Surefire's {@code BooterSerializer} pairs with its {@code BooterDeserializer}).
 *
 * <p>It comes in two parts, because a JVM may be started ahead of need (a spare) before there is
 * work for it: the {@link Setup} as soon as the JVM starts, the {@link Assignment} when it is
 * given a task. In bytes, big-endian, strings in modified UTF-8 with a 2-byte length:
 *
 * <pre>
 * Setup:      int MAGIC, int keyLength, byte[keyLength] key, utf dir, utf recordPath, long parentPid,
 *             long clockOffsetMicros, int warmUpLength, byte[warmUpLength] warmUp
 * Assignment: long childId, utf name, int taskLength, byte[taskLength] task
 * </pre>
 *
 * <p>The task may be as large as a Java array (it holds what the task captures); reading it needs
 * the child's heap to hold it. Every read names what it was reading when the stream ended or made
 * no sense, so that a child that cannot boot says why.
 */
final class ChildBoot {
    /** "mpP2": the first four bytes of every setup, and the protocol's version. */
    static final int MAGIC = 0x6d705032;
    /** The key is 32 bytes; anything past this is garbled data, not a key. */
    private static final int MAX_KEY = 1024;
    /** The warm-up task is a few hundred bytes; anything past this is garbled data. */
    private static final int MAX_WARM_UP = 64 * 1024;

    private ChildBoot() {
    }

    /**
     * The configuration of a child JVM, the same for every child of one process tree.
     *
     * @param key the secret the process tree authenticates with
     * @param dir the process tree's private directory
     * @param recordPath where events are recorded, or "" for nowhere
     * @param parentPid the pid of the JVM that started this one
     * @param clockOffsetMicros what the tree's run record adds to the monotonic clock for wall-clock time
     *     ({@link Recorder#clockOffsetMicros()}): one figure for every process, so that their times compare exactly
     * @param warmUp a task that does nothing, encoded by {@link Codec}: the child decodes it while
     *     it waits for its work (see {@link ChildMain#warmUpTask()})
     */
    record Setup(byte[] key, Path dir, String recordPath, long parentPid, long clockOffsetMicros, byte[] warmUp) {
        /** Writes this setup and flushes. Blocks while the child's pipe is full. */
        void writeTo(OutputStream stream) throws IOException {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(MAGIC);
            out.writeInt(key.length);
            out.write(key);
            out.writeUTF(dir.toString());
            out.writeUTF(recordPath);
            out.writeLong(parentPid);
            out.writeLong(clockOffsetMicros);
            out.writeInt(warmUp.length);
            out.write(warmUp);
            out.flush();
        }

        /**
         * Reads a setup written by {@link #writeTo}; blocks until it has come.
         *
         * @throws NotFromTheLibrary if the stream does not begin with {@link #MAGIC} (a JVM started by hand)
         * @throws BootException if the stream ends early or is garbled, naming the field
         */
        static Setup readFrom(Input in) throws BootException {
            if (in.i32("the protocol's magic number") != MAGIC) {
                throw new NotFromTheLibrary();
            }
            int keyLength = in.length("key", MAX_KEY);
            byte[] key = in.bytes("key", keyLength);
            String dir = in.utf("private directory");
            Path path;
            try {
                path = Path.of(dir);
            } catch (InvalidPathException e) {
                throw new BootException("the private directory \"" + dir + "\" is not a path: " + e.getMessage());
            }
            String recordPath = in.utf("record path");
            long parentPid = in.i64("parent pid");
            long clockOffsetMicros = in.i64("clock offset");
            byte[] warmUp = in.bytes("warm-up task", in.length("warm-up task", MAX_WARM_UP));
            return new Setup(key, path, recordPath, parentPid, clockOffsetMicros, warmUp);
        }
    }

    /**
     * A child's identity and work, sent when it is given a task.
     *
     * @param childId the parent's number for this child, which it says back when it connects
     * @param name the child's name ({@code Process-3}, {@code PoolWorker-1})
     * @param task the task, encoded by {@link Codec}
     */
    record Assignment(long childId, String name, byte[] task) {
        /** Writes this assignment and flushes. Blocks until the child has read all but the last pipe-full of it. */
        void writeTo(OutputStream stream) throws IOException {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeLong(childId);
            out.writeUTF(name);
            out.writeInt(task.length);
            out.write(task);
            out.flush();
        }

        /**
         * Reads an assignment written by {@link #writeTo}; blocks until it has come.
         *
         * @throws EOFException if the stream ends cleanly before the assignment begins: the parent
         *     ended without giving this JVM work
         * @throws BootException if the stream ends inside the assignment or is garbled, naming the field
         * @throws TaskTooLarge if this JVM's heap cannot hold the task
         */
        static Assignment readFrom(Input in) throws BootException, EOFException {
            if (in.atEnd()) {
                throw new EOFException("the parent ended before it gave this JVM work");
            }
            long childId = in.i64("child id");
            String name = in.utf("name");
            int length = in.length("task of " + name, Integer.MAX_VALUE);
            byte[] task;
            try {
                task = new byte[length];
            } catch (OutOfMemoryError e) {
                throw new TaskTooLarge(name, length);
            }
            in.readFully("task of " + name, task);
            return new Assignment(childId, name, task);
        }
    }

    /**
     * A child's standard input, read field by field. It reads the channel directly and never asks
     * for its size or position: standard input is a pipe, which has neither, and the JDK's stream
     * over a {@code FileChannel} asks for both ({@code available()}) when a read of 8 KiB or more
     * comes back short, failing with "Illegal seek".
     */
    static final class Input {
        private final DataInputStream in;

        Input(ReadableByteChannel channel) {
            this(new ChannelStream(channel));
        }

        Input(InputStream stream) {
            in = new DataInputStream(new BufferedInputStream(stream));
        }

        /** The rest of the stream, once the boot data has been read (the parent sends nothing more). */
        InputStream rest() {
            return in;
        }

        boolean atEnd() throws BootException {
            try {
                in.mark(1);
                boolean end = in.read() < 0;
                in.reset();
                return end;
            } catch (IOException e) {
                throw new BootException("could not read standard input: " + e);
            }
        }

        int i32(String field) throws BootException {
            try {
                return in.readInt();
            } catch (IOException e) {
                throw failed(field, e);
            }
        }

        long i64(String field) throws BootException {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw failed(field, e);
            }
        }

        String utf(String field) throws BootException {
            try {
                return in.readUTF();
            } catch (UTFDataFormatException e) {
                throw new BootException("the " + field + " is not a string (" + e.getMessage() + "): the data is garbled");
            } catch (IOException e) {
                throw failed(field, e);
            }
        }

        /** A length prefix: 0 to {@code max}. */
        int length(String field, int max) throws BootException {
            int n = i32(field + " length");
            if (n < 0 || n > max) {
                throw new BootException("the " + field + " length is " + n + ", not a length from 0 to " + max
                        + ": the data is garbled");
            }
            return n;
        }

        byte[] bytes(String field, int length) throws BootException {
            byte[] b = new byte[length];
            readFully(field, b);
            return b;
        }

        void readFully(String field, byte[] b) throws BootException {
            int done = 0;
            while (done < b.length) {
                int n;
                try {
                    n = in.read(b, done, b.length - done);
                } catch (IOException e) {
                    throw new BootException("could not read the " + field + " after " + done + " of its " + b.length
                            + " bytes: " + e);
                }
                if (n < 0) {
                    throw new BootException("standard input ended after " + done + " of the " + b.length
                            + " bytes of the " + field + " (did the parent end?)");
                }
                done += n;
            }
        }

        private static BootException failed(String field, IOException e) {
            if (e instanceof EOFException) {
                return new BootException("standard input ended in the " + field + " (did the parent end?)");
            }
            return new BootException("could not read the " + field + ": " + e);
        }
    }

    /** Boot data that cannot be read; the message says which field and why. */
    static class BootException extends IOException {
        private static final long serialVersionUID = 1L;

        BootException(String message) {
            super(message);
        }
    }

    /** Standard input does not start as the library starts its children: someone ran the JVM by hand. */
    static final class NotFromTheLibrary extends BootException {
        private static final long serialVersionUID = 1L;

        NotFromTheLibrary() {
            super("this JVM is started by the mp library as a child process; it cannot be run by hand");
        }
    }

    /** The task does not fit in this JVM's heap. */
    static final class TaskTooLarge extends BootException {
        private static final long serialVersionUID = 1L;

        TaskTooLarge(String name, int length) {
            super("the task of " + name + " (" + length + " bytes, what it captures) does not fit in this JVM's heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB at most");
        }
    }

    /** A channel as a stream, without {@code available()} (see {@link Input}). */
    private static final class ChannelStream extends InputStream {
        private static final int MAX_READ = 64 * 1024;
        private final ReadableByteChannel channel;

        ChannelStream(ReadableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            // A pipe gives at most its capacity (64 KiB) at a time; a larger heap buffer would only
            // make the JDK allocate (and keep) a direct buffer as large for each read.
            ByteBuffer buffer = ByteBuffer.wrap(b, off, Math.min(len, MAX_READ));
            int n;
            do {
                n = channel.read(buffer);
            } while (n == 0);
            return n;
        }
    }
}
