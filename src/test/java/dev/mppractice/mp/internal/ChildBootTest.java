package dev.mppractice.mp.internal;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Jvm;
import dev.mppractice.mp.MpTesting;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a child JVM reads on its standard input before it runs a task: a child that cannot read
 * it says why on its standard error, naming what failed, and never ends silently.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildBootTest {

    /** The setup part as this JVM's own children receive it. */
    private static byte[] setup() throws IOException {
        Context ctx = Context.get();
        ctx.hub();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ChildBoot.Setup(ctx.key(), ctx.dir(), ctx.recordPath(), ctx.pid(), ctx.clockOffsetMicros(), ChildMain.warmUpTask())
                .writeTo(bytes);
        return bytes.toByteArray();
    }

    /** An assignment whose task says {@code length} bytes but is cut short after {@code sent}. */
    private static byte[] assignmentCutShort(int length, int sent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ChildBoot.Assignment(1, "Process-77", new byte[length]).writeTo(bytes);
        return Arrays.copyOf(bytes.toByteArray(), bytes.size() - length + sent);
    }

    /** Runs a child JVM by hand, feeds it {@code input}, closes its standard input; returns it once ended. */
    private static Jvm feed(byte[] input) throws Exception {
        Jvm child = Jvm.start(ChildMain.class);
        try (OutputStream in = child.process().getOutputStream()) {
            in.write(input);
        } catch (IOException e) {
            // it may end before it has read everything
        }
        child.waitFor(secs(60));
        return child;
    }

    @Test
    void aJvmStartedByHandSaysItIsStartedByTheLibrary() throws Exception {
        try (Jvm child = feed("hello\n".getBytes())) {
            assertEquals(2, child.process().exitValue());
            assertTrue(child.stderr().contains("started by the mp library"), child.stderr());
        }
    }

    @Test
    void aChildWhoseSetupIsCutShortSaysWhatWasMissing() throws Exception {
        byte[] setup = setup();
        try (Jvm child = feed(Arrays.copyOf(setup, 12))) {
            assertEquals(2, child.process().exitValue());
            assertTrue(child.stderr().startsWith("mp: "), "no word on stderr: [" + child.stderr() + "]");
            assertTrue(child.stderr().contains("key"), "does not name the field it could not read: " + child.stderr());
        }
    }

    @Test
    void aChildWhoseTaskIsCutShortSaysHowMuchOfItCame() throws Exception {
        byte[] setup = setup();
        byte[] assignment = assignmentCutShort(20_000, 100);
        byte[] input = Arrays.copyOf(setup, setup.length + assignment.length);
        System.arraycopy(assignment, 0, input, setup.length, assignment.length);
        try (Jvm child = feed(input)) {
            assertEquals(2, child.process().exitValue());
            String err = child.stderr();
            assertTrue(err.contains("Process-77"), "does not name the process: [" + err + "]");
            assertTrue(err.contains("task") && err.contains("20000"), "does not say what was cut short: [" + err + "]");
        }
    }

    @Test
    void aChildWhoseSetupIsGarbledSaysWhichFieldIsWrong() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(ChildBoot.MAGIC);
        out.writeInt(-5);
        out.write(new byte[64]);
        try (Jvm child = feed(bytes.toByteArray())) {
            assertEquals(2, child.process().exitValue());
            String err = child.stderr();
            assertTrue(err.startsWith("mp: ") && err.contains("key") && err.contains("-5"), "[" + err + "]");
        }
    }

    // --- the protocol in this JVM -------------------------------------------------------------

    private static final ChildBoot.Setup SETUP = new ChildBoot.Setup(MpTesting.pattern(32, 1), Path.of("/tmp/mp-x"),
            "", 4242, 1_780_000_000_000_000L, MpTesting.pattern(300, 4));

    private static byte[] bytesOf(ChildBoot.Setup setup, ChildBoot.Assignment assignment) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        setup.writeTo(bytes);
        assignment.writeTo(bytes);
        return bytes.toByteArray();
    }

    /** A stream that gives at most 1000 bytes a read, as a pipe gives what has come so far. */
    private static ChildBoot.Input input(byte[] bytes) {
        return new ChildBoot.Input(new java.io.ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1000));
            }
        });
    }

    @Test
    void aSetupAndAnAssignmentReadBackAsTheyWereWritten() throws Exception {
        byte[] task = MpTesting.pattern(100_000, 2);
        ChildBoot.Assignment assignment = new ChildBoot.Assignment(7, "Process-7", task);
        ChildBoot.Input in = input(bytesOf(SETUP, assignment));

        ChildBoot.Setup setup = ChildBoot.Setup.readFrom(in);
        assertArrayEquals(SETUP.key(), setup.key());
        assertEquals(SETUP.dir(), setup.dir());
        assertEquals("", setup.recordPath());
        assertEquals(4242, setup.parentPid());
        assertEquals(SETUP.clockOffsetMicros(), setup.clockOffsetMicros());
        assertArrayEquals(SETUP.warmUp(), setup.warmUp());
        ChildBoot.Assignment read = ChildBoot.Assignment.readFrom(in);
        assertEquals(7, read.childId());
        assertEquals("Process-7", read.name());
        assertArrayEquals(task, read.task());
        assertEquals(-1, in.rest().read(), "nothing after the assignment");
    }

    @Test
    void aTaskOfManyMegabytesComesWholeThroughARealPipe() throws Exception {
        // A FileChannel on a pipe, as a child's standard input is: it has no position to ask for.
        Path dir = java.nio.file.Files.createTempDirectory("mp-boot-test");
        Path fifo = dir.resolve("stdin");
        try {
            assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
            byte[] task = MpTesting.pattern(3_000_000, 3);
            java.util.concurrent.CompletableFuture<Void> written = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (OutputStream out = java.nio.file.Files.newOutputStream(fifo)) {
                    SETUP.writeTo(out);
                    new ChildBoot.Assignment(1, "Process-1", task).writeTo(out);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(fifo)) {
                ChildBoot.Input in = new ChildBoot.Input(channel);
                ChildBoot.Setup.readFrom(in);
                assertArrayEquals(task, ChildBoot.Assignment.readFrom(in).task());
            }
            written.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            java.nio.file.Files.deleteIfExists(fifo);
            java.nio.file.Files.delete(dir);
        }
    }

    @Test
    void aStreamCutAnywhereSaysWhichFieldItEndedIn() throws Exception {
        byte[] whole = bytesOf(SETUP, new ChildBoot.Assignment(9, "Process-9", new byte[50]));
        // where each field ends, in the layout the class comment of ChildBoot gives
        int keyEnd = 4 + 4 + 32;
        int dirEnd = keyEnd + 2 + SETUP.dir().toString().length();
        int recordEnd = dirEnd + 2;
        int pidEnd = recordEnd + 8;
        int clockEnd = pidEnd + 8;
        int warmUpLengthEnd = clockEnd + 4;
        int setupLength = warmUpLengthEnd + SETUP.warmUp().length;
        int idEnd = setupLength + 8;
        int nameEnd = idEnd + 2 + "Process-9".length();
        for (int cut = 0; cut < whole.length; cut++) {
            ChildBoot.Input in = input(Arrays.copyOf(whole, cut));
            IOException e;
            if (cut < setupLength) {
                e = assertThrows(ChildBoot.BootException.class, () -> ChildBoot.Setup.readFrom(in), "cut at " + cut);
            } else {
                ChildBoot.Setup.readFrom(in);
                e = assertThrows(IOException.class, () -> ChildBoot.Assignment.readFrom(in), "cut at " + cut);
            }
            String field = cut < 4 ? "magic" : cut < 8 ? "key length" : cut < keyEnd ? "of the key" : cut < dirEnd ? "directory"
                    : cut < recordEnd ? "record path" : cut < pidEnd ? "parent pid" : cut < clockEnd ? "clock offset"
                    : cut < warmUpLengthEnd ? "warm-up task length" : cut < setupLength ? "of the warm-up task"
                    : cut == setupLength ? "gave this JVM work"
                    : cut < idEnd ? "child id" : cut < nameEnd ? "name" : cut < nameEnd + 4 ? "task of Process-9 length"
                    : "of the 50 bytes of the task of Process-9";
            assertTrue(e.getMessage().contains(field), "cut at " + cut + ": \"" + e.getMessage() + "\" does not name the " + field);
            assertEquals(cut == setupLength, e instanceof java.io.EOFException && !(e instanceof ChildBoot.BootException),
                    "only a stream that ends before the assignment begins is a parent that gave no work: cut at " + cut);
        }
    }

    @Test
    void garbledLengthsAndStringsAreRefusedNamingTheField() throws Exception {
        byte[] whole = bytesOf(SETUP, new ChildBoot.Assignment(9, "Process-9", new byte[50]));
        byte[] longKey = whole.clone();
        java.nio.ByteBuffer.wrap(longKey).putInt(4, 5000);
        ChildBoot.BootException e = assertThrows(ChildBoot.BootException.class, () -> ChildBoot.Setup.readFrom(input(longKey)));
        assertTrue(e.getMessage().contains("key length is 5000"), e.getMessage());

        byte[] longWarmUp = whole.clone();
        int warmUpLengthAt = 4 + 4 + 32 + 2 + SETUP.dir().toString().length() + 2 + 8 + 8;
        java.nio.ByteBuffer.wrap(longWarmUp).putInt(warmUpLengthAt, 100_000);
        e = assertThrows(ChildBoot.BootException.class, () -> ChildBoot.Setup.readFrom(input(longWarmUp)));
        assertTrue(e.getMessage().contains("warm-up task length is 100000"), e.getMessage());

        byte[] badMagic = whole.clone();
        badMagic[0] = 'x';
        assertThrows(ChildBoot.NotFromTheLibrary.class, () -> ChildBoot.Setup.readFrom(input(badMagic)));

        byte[] badUtf = whole.clone();
        badUtf[40 + 2] = (byte) 0xff; // the first byte of the directory
        e = assertThrows(ChildBoot.BootException.class, () -> ChildBoot.Setup.readFrom(input(badUtf)));
        assertTrue(e.getMessage().contains("private directory is not a string"), e.getMessage());

        byte[] negativeTask = whole.clone();
        java.nio.ByteBuffer.wrap(negativeTask).putInt(whole.length - 50 - 4, -1);
        ChildBoot.Input in = input(negativeTask);
        ChildBoot.Setup.readFrom(in);
        e = assertThrows(ChildBoot.BootException.class, () -> ChildBoot.Assignment.readFrom(in));
        assertTrue(e.getMessage().contains("task of Process-9 length is -1"), e.getMessage());
    }

    @Test
    void theWarmUpTaskDecodesAsATaskUnderTheClassFilter() {
        assertTrue(Codec.decode(ChildMain.warmUpTask()) instanceof dev.mppractice.mp.Task);
    }

    @Test
    void aTaskLargerThanAnyArrayIsTooLargeNotGarbled() throws Exception {
        byte[] whole = bytesOf(SETUP, new ChildBoot.Assignment(9, "Process-9", new byte[0]));
        java.nio.ByteBuffer.wrap(whole).putInt(whole.length - 4, Integer.MAX_VALUE);
        ChildBoot.Input in = input(whole);
        ChildBoot.Setup.readFrom(in);
        ChildBoot.TaskTooLarge e = assertThrows(ChildBoot.TaskTooLarge.class, () -> ChildBoot.Assignment.readFrom(in));
        assertTrue(e.getMessage().contains("Process-9") && e.getMessage().contains(Integer.MAX_VALUE + " bytes"), e.getMessage());
    }
}
