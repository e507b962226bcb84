package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.joinOk;
import static dev.mppractice.mp.MpTesting.pattern;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SharedBuffer} between real processes (CPython: test_shared_memory_basics, _across_processes). */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedBufferTest {


    private static byte[] read(SharedBuffer b) {
        byte[] out = new byte[b.size()];
        b.asByteBuffer().get(out);
        return out;
    }

    @Test
    void aBlockCreatedHereIsReadAndWrittenInPlaceByAChildThatAttachesByName() {
        try (SharedBuffer b = SharedBuffer.create(10_000)) {
            assertEquals(10_000, b.size());
            assertTrue(b.name().matches("shm-[0-9]+-[0-9]+"), b.name());
            assertArrayEquals(new byte[10_000], read(b), "a new block is zeroed");
            b.asByteBuffer().put(pattern(10_000, 1));

            String name = b.name();
            Queue<String> said = new Queue<>();
            Process p = new Process(() -> {
                try (SharedBuffer mine = SharedBuffer.attach(name)) {
                    said.put(mine.size() + " " + java.util.Arrays.equals(read(mine), pattern(10_000, 1)));
                    mine.asByteBuffer().put(pattern(10_000, 2));
                }
            });
            p.start();
            assertEquals("10000 true", said.get(secs(60)));
            joinOk(p);
            assertArrayEquals(pattern(10_000, 2), read(b), "the child's writes, in this process's mapping");
            b.unlink();
        }
    }

    @Test
    void poolTasksWriteTheirSlicesInPlaceWhetherTheyCaptureTheBufferOrAttachByName() {
        SharedBuffer b = SharedBuffer.create(8 * 1000);
        String name = b.name();
        try (Pool pool = new Pool(2)) {
            // a captured buffer: a worker may run several tasks with one copy of the function, so no close here
            pool.map(slice -> {
                ByteBuffer view = b.asByteBuffer();
                for (int i = slice * 1000; i < (slice + 1) * 1000; i++) {
                    view.put(i, (byte) (slice + 1));
                }
                return null;
            }, List.of(0, 1, 2, 3));
            // attached by name in each task, and closed there
            pool.map(slice -> {
                try (SharedBuffer mine = SharedBuffer.attach(name)) {
                    ByteBuffer view = mine.asByteBuffer();
                    for (int i = slice * 1000; i < (slice + 1) * 1000; i++) {
                        view.put(i, (byte) (slice + 1));
                    }
                }
                return null;
            }, List.of(4, 5, 6, 7));
        }
        byte[] all = read(b);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i / 1000 + 1, all[i], "byte " + i);
        }
        b.close();
        b.unlink();
    }

    @Test
    void sizesAndNamesAreChecked() {
        assertThrowsExactly(ProcessException.class, () -> SharedBuffer.create(0));
        ProcessException e = assertThrowsExactly(ProcessException.class, () -> SharedBuffer.create(-5));
        assertTrue(e.getMessage().contains("at least 1 byte, not -5"), e.getMessage());

        for (String bad : new String[] {"", "../x", "/dev/shm/x", "shm-1-2/../../etc/passwd", "shm-1-2/", "h1.sock",
                "shm-1", "SHM-1-2", "shm-1-2\0", " shm-1-2"}) {
            ProcessException x = assertThrowsExactly(ProcessException.class, () -> SharedBuffer.attach(bad), bad);
            assertTrue(x.getMessage().startsWith("not the name of a shared buffer"), x.getMessage());
        }
        ProcessException x = assertThrowsExactly(ProcessException.class, () -> SharedBuffer.attach("shm-1-999999"));
        assertTrue(x.getMessage().contains("there is no shared buffer called shm-1-999999"), x.getMessage());
    }

    @Test
    void closeEndsThisObjectsUseOnlyAndUnlinkRemovesTheNameButNotTheMappings() {
        SharedBuffer b = SharedBuffer.create(64);
        ByteBuffer before = b.asByteBuffer();
        SharedBuffer other = SharedBuffer.attach(b.name());
        b.close();
        b.close(); // idempotent
        assertThrowsExactly(ClosedException.class, b::asByteBuffer);
        before.put(0, (byte) 42); // a view given out before close still works
        assertEquals(42, other.asByteBuffer().get(0));

        b.unlink();
        b.unlink(); // a second unlink does nothing
        ProcessException e = assertThrowsExactly(ProcessException.class, () -> SharedBuffer.attach(b.name()));
        assertTrue(e.getMessage().contains("was it unlinked?"), e.getMessage());
        other.asByteBuffer().put(1, (byte) 7); // still mapped here
        assertEquals(7, other.asByteBuffer().get(1));
        other.close();
    }

    @Test
    void eachViewHasItsOwnPosition() {
        try (SharedBuffer b = SharedBuffer.create(8)) {
            ByteBuffer one = b.asByteBuffer();
            one.put((byte) 1).put((byte) 2);
            ByteBuffer two = b.asByteBuffer();
            assertEquals(0, two.position());
            assertEquals(8, two.limit());
            assertEquals(2, two.get(1));
            b.unlink();
        }
    }

    // --- faults ------------------------------------------------------------------------------

    @Test
    void aWriterKilledHalfWayLeavesWhatItWroteAndTheBlockUsableByTheOthers() throws Exception {
        SharedBuffer b = SharedBuffer.create(1 << 20);
        IntValue progress = Value.ofInt(0);
        Process writer = new Process(() -> {
            ByteBuffer view = b.asByteBuffer();
            for (int i = 0; i < 1000; i++) {
                view.put(i, (byte) 1);
            }
            progress.set(1000);
            Thread.sleep(60_000); // killed here, holding its mapping
        }, "writer");
        writer.start();
        MpTesting.await("the writer wrote its first 1000 bytes", secs(60), () -> progress.get() == 1000);
        writer.kill();
        writer.join(secs(10));
        assertEquals(-9, writer.exitCode());

        byte[] all = read(b);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, all[i]);
        }
        assertEquals(0, all[1000]);
        Process next = new Process(() -> {
            try (SharedBuffer again = SharedBuffer.attach(b.name())) {
                again.asByteBuffer().put(1000, (byte) 2);
            }
        });
        next.start();
        joinOk(next);
        assertEquals(2, b.asByteBuffer().get(1000));
        assertNotEquals(0, b.size());
        b.close();
        b.unlink();
    }
}
