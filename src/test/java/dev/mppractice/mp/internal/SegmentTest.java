package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.ProcessException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments and shared blocks made in a directory they are given (no process context): where the
 * file goes, what it is called, and that opening it by name finds the same memory.
 */
class SegmentTest {
    @TempDir
    Path dir;

    @Test
    void aSegmentIsAFileOfTheGivenDirectoryNamedAfterItsIdAndOpenedByThatName() throws Exception {
        // A pid no process of this JVM has, so that no other test's segment has this name.
        Segment s = Segment.create(dir, "4000000001:7", 16);
        assertEquals("shm-4000000001-7", s.name());
        assertTrue(Files.isRegularFile(dir.resolve("shm-4000000001-7")));
        assertEquals(Segment.DATA + 16, Files.size(dir.resolve(s.name())));
        s.setLong(Segment.DATA, 42);
        Segment again = Segment.open(dir, s.name(), s.size());
        assertEquals(42, again.getLong(Segment.DATA));
    }

    @Test
    void aSegmentNotInTheGivenDirectoryIsNotFoundAndNotCreated() {
        assertThrows(ProcessException.class, () -> Segment.open(dir, "shm-4000000002-1", Segment.MIN_SIZE));
        assertTrue(Files.notExists(dir.resolve("shm-4000000002-1")));
    }

    @Test
    void aSharedBlockIsMadeAttachedAndUnlinkedInTheGivenDirectory() {
        String name = SharedBlock.newName("4000000003:1");
        assertEquals("shm-4000000003-1", name);
        ByteBuffer made = SharedBlock.create(dir, name, 64);
        made.putInt(0, 7);
        assertTrue(Files.isRegularFile(dir.resolve(name)));
        assertEquals(7, SharedBlock.attach(dir, name).getInt(0));
        assertTrue(SharedBlock.unlink(dir, name));
        assertTrue(Files.notExists(dir.resolve(name)));
        assertThrows(ProcessException.class, () -> SharedBlock.attach(dir, name));
    }
}
