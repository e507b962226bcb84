package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Array;
import dev.mppractice.mp.Event;
import dev.mppractice.mp.IntArray;
import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Lock;
import dev.mppractice.mp.SerializationFailedException;
import dev.mppractice.mp.Value;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, item 9: a shared-memory handle that arrives from another process names a segment of
 * this tree's private directory and a size; a hostile one (crafted here by setting the fields of
 * a real handle before it is serialized) must not open, create or grow any other file, nor
 * reach past the end of its segment. {@link Segment} checks every name and size first.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SegmentHandleTest {
    private static final byte[] VICTIM_BYTES = "not shared memory".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private Path outside;
    private Path victim;

    /** A file outside the private directory, that a hostile handle would open and grow. */
    @BeforeEach
    void makeVictim() throws IOException {
        outside = Files.createTempDirectory("mp-segment-test");
        victim = outside.resolve("victim");
        Files.write(victim, VICTIM_BYTES);
    }

    @AfterEach
    void removeVictim() throws IOException {
        Files.deleteIfExists(victim);
        Files.deleteIfExists(outside);
    }

    /** Sets field {@code name} of {@code o}, declared in its class or a superclass, final or not. */
    private static void set(Object o, String name, Object value) throws ReflectiveOperationException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(o, value);
                return;
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** Decoding {@code handle} fails, with a message that has {@code word}, and leaves the victim as it was. */
    private void assertRefused(Object handle, String word) throws IOException {
        byte[] bytes = Codec.encode(handle, "a shared-memory handle");
        Throwable thrown = null;
        try {
            Codec.decode(bytes);
        } catch (RuntimeException e) {
            thrown = e;
        }
        assertEquals(VICTIM_BYTES.length, Files.size(victim), "the file outside the private directory was grown");
        assertArrayEquals(VICTIM_BYTES, Files.readAllBytes(victim));
        assertInstanceOf(SerializationFailedException.class, thrown, "the handle was not refused");
        assertTrue(thrown.getMessage().contains(word), thrown.getMessage());
    }

    @Test
    void aHandleNamingAFileOutsideThePrivateDirectoryOpensNothing() throws Exception {
        String relative = TestAccess.privateDir().relativize(victim).toString();
        assertTrue(relative.startsWith("../"), relative);
        for (String name : List.of(relative, victim.toString(), "shm-1-1/../" + relative)) {
            Lock lock = new Lock();
            set(lock, "segmentName", name);
            set(lock, "segmentSize", 1 << 20);
            assertRefused(lock, name);

            IntValue value = Value.ofInt(1);
            set(value, "segmentName", name);
            set(value, "segmentSize", 1 << 20);
            assertRefused(value, name);

            Event event = new Event();
            set(event, "segmentName", name);
            assertRefused(event, name);
        }
    }

    @Test
    void aHandleClaimingMoreThanItsSegmentHoldsGrowsNothing() throws Exception {
        // a segment of this tree that this process has not mapped yet, as a peer's would be
        Path file = TestAccess.privateDir().resolve("shm-" + ProcessHandle.current().pid() + "-999999");
        Files.write(file, new byte[Segment.DATA + 8]);
        try {
            Event event = new Event();
            set(event, "segmentName", file.getFileName().toString());
            set(event, "segmentSize", 64 << 20);
            assertRefused(event, "67108864");
            assertEquals(Segment.DATA + 8, Files.size(file), "the segment file was grown");

            set(event, "segmentSize", 3);
            assertRefused(event, "3");
            set(event, "segmentSize", Segment.DATA + 8);
            Codec.decode(Codec.encode(event, "an event")); // as it really is: fine
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void offsetsAndLengthsBeyondTheSegmentAreRefused() throws Exception {
        Lock lock = new Lock();
        set(lock, "offset", 1 << 20);
        assertRefused(lock, "1048576");
        set(lock, "offset", 3);
        assertRefused(lock, "3");

        IntArray ints = Array.ofInts(4);
        set(ints, "length", 1_000);
        assertRefused(ints, "1000");
        set(ints, "length", -1);
        assertRefused(ints, "-1");
    }

    @Test
    void realHandlesStillComeThrough() {
        Lock lock = new Lock();
        IntArray ints = Array.ofInts(1, 2, 3);
        Event event = new Event();
        event.set();
        assertFalse(((Lock) Codec.decode(Codec.encode(lock, "a lock"))).isLocked());
        assertEquals(List.of(1, 2, 3), ((IntArray) Codec.decode(Codec.encode(ints, "an array"))).toList());
        assertTrue(((Event) Codec.decode(Codec.encode(event, "an event"))).isSet());
    }
}
