package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mppractice.mp.Process;
import dev.mppractice.mp.SerializationFailedException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lifetime and the trust of transfer segments ({@link Transfer}, {@link Buffers}): a
 * message is read once; one that will not be read is discarded; a reader that dies while it
 * holds a segment does not keep it from its writer; and a segment reference that arrives in a
 * message is checked as {@link Segment} checks a handle's: no other file is opened, created or
 * grown, nothing is read past the segment.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TransferSegmentTest {
    private static final byte SHARED = 16;
    private static final byte SEG_INTS = 17;

    @BeforeEach
    void shmHere() {
        assumeTrue(TestAccess.transferOn(), "transfer segments need /dev/shm (not with -Dmp.forceFallbacks=true)");
    }

    private static int[] ints(int n, int seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i ^ seed;
        }
        return a;
    }

    @Test
    void aMessageIsReadOnceAndItsSegmentServesTheNextMessage() throws IOException {
        byte[] first = Codec.encode(ints(300_000, 1), "a test value");
        String segment = TestAccess.segmentOf(first);
        assertNotNull(segment, "1.2 MB of ints go through a segment");
        assertTrue(TestAccess.transferState(segment) > 0, "it holds the message until it is read");
        assertArrayEquals(ints(300_000, 1), (int[]) Codec.decode(first));
        assertEquals(0L, TestAccess.transferState(segment), "read: free again");
        SerializationFailedException again = assertThrows(SerializationFailedException.class, () -> Codec.decode(first));
        assertTrue(again.getMessage().contains("no longer holds it"), again.getMessage());
        List<String> files = TestAccess.transferFiles();
        byte[] second = Codec.encode(ints(300_000, 2), "a test value");
        assertEquals(files, TestAccess.transferFiles(), "the next message needs no new segment");
        assertArrayEquals(ints(300_000, 2), (int[]) Codec.decode(second));
    }

    @Test
    void listsOfNumbersGoThroughASegmentAndComeBackAsTheListsTheyWere() {
        List<Integer> ints = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        List<Double> doubles = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ints.add(i - 7);
            longs.add((long) i << 40);
            doubles.add(i / 3.0);
        }
        for (List<?> list : List.of(ints, longs, doubles, List.copyOf(ints), List.copyOf(longs), List.copyOf(doubles))) {
            byte[] m = Codec.encode(list, "a test value");
            assertNotNull(TestAccess.segmentOf(m), "a list of 50,000 " + list.get(0).getClass().getSimpleName() + "s");
            Object back = Codec.decode(m);
            assertEquals(list, back);
            assertEquals(list instanceof ArrayList, back instanceof ArrayList, "an ArrayList stays one, a frozen list frozen");
        }
        List<Object> mixed = new ArrayList<>(ints);
        mixed.add(1L);
        byte[] m = Codec.encode(mixed, "a test value");
        assertEquals(null, TestAccess.segmentOf(m), "a list of mixed numbers keeps each element's class: not packed");
        assertEquals(mixed, Codec.decode(m));
    }

    @Test
    void aRecordedMessageCarriesItsIdBeforeTheSegmentAndStandsForItsWholeSize() {
        byte[] plain = Codec.encode(ints(300_000, 9), "a test value");
        assertNotNull(TestAccess.segmentOf(plain));
        assertTrue(Codec.size(plain) >= 1_200_000, "the size recorded for it is the data's, not the reference's: "
                + Codec.size(plain));
        byte[] recorded = Codec.withMessageId("123:4", plain);
        assertEquals("123:4", Codec.messageId(recorded));
        assertEquals(TestAccess.segmentOf(plain), TestAccess.segmentOf(recorded));
        assertArrayEquals(ints(300_000, 9), (int[]) Codec.decode(recorded));
    }

    @Test
    void aDiscardedMessageGivesItsSegmentBack() {
        byte[] unsent = Codec.encode(ints(300_000, 3), "a test value");
        String segment = TestAccess.segmentOf(unsent);
        byte[] other = Codec.encode(ints(300_000, 4), "a test value");
        assertTrue(!segment.equals(TestAccess.segmentOf(other)), "a segment that holds an unread message is not reused");
        assertTrue(TestAccess.transferState(segment) > 0, "held by the unsent message");
        Codec.discard(unsent);
        assertEquals(0L, TestAccess.transferState(segment), "discarded: free again");
        assertThrows(SerializationFailedException.class, () -> Codec.decode(unsent));
        assertArrayEquals(ints(300_000, 4), (int[]) Codec.decode(other));
    }

    @Test
    void aReaderThatDiesHoldingASegmentDoesNotKeepItFromItsWriter() throws Exception {
        TestAccess.evictFreeTransferSegments(); // so that no other free segment can serve the next message
        byte[] message = Codec.encode(ints(2_000_000, 6), "a test value");
        String segment = TestAccess.segmentOf(message);
        long generation = generationOf(message);
        Process reader = new Process(() -> {
            // takes the message for reading, as Codec.decode does, and dies before giving it back
            Buffers.read(Context.get().dir().resolve(segment), segment, generation, 8_000_000L);
            Runtime.getRuntime().halt(3);
        });
        reader.start();
        reader.join(Duration.ofSeconds(60));
        assertEquals(3, reader.exitCode(), "the reader died holding the segment");
        assertEquals(-reader.pid(), TestAccess.transferState(segment), "held by the dead reader");
        assertThrows(SerializationFailedException.class, () -> Codec.decode(message),
                "the message was taken by the reader that died");
        TestAccess.evictFreeTransferSegments();
        List<String> files = TestAccess.transferFiles();
        byte[] next = Codec.encode(ints(2_000_000, 7), "a test value");
        assertEquals(segment, TestAccess.segmentOf(next), "the dead reader's segment is taken back and used again");
        assertEquals(files, TestAccess.transferFiles(), "no new segment was needed");
        assertArrayEquals(ints(2_000_000, 7), (int[]) Codec.decode(next));
    }

    private static long generationOf(byte[] message) throws IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(message));
        assertEquals(SHARED, in.readByte());
        in.readUTF();
        return in.readLong();
    }

    /** A message naming segment {@code name} (use {@code generation}, {@code size} bytes), whose body is {@code body}. */
    private static byte[] forged(String name, long generation, long size, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(SHARED);
            out.writeUTF(name);
            out.writeLong(generation);
            out.writeLong(size);
            out.write(body);
        }
        return bytes.toByteArray();
    }

    private static byte[] segInts(int count) {
        return new byte[] {SEG_INTS, (byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count};
    }

    @Test
    void aForgedSegmentReferenceIsRefusedWithoutTouchingAnyOtherFile() throws Exception {
        Path outside = Files.createTempDirectory("mp-transfer-test");
        Path victim = outside.resolve("victim");
        byte[] content = "not shared memory".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(victim, content);
        Path dir = TestAccess.privateDir();
        Path link = dir.resolve("tx-999999-1");
        Files.createSymbolicLink(link, victim);
        try {
            List<String> names = new ArrayList<>(List.of("../" + victim.getFileName(), "tx-1-2/../../victim",
                    dir.relativize(victim).toString(), "shm-1-1", "", "tx-999999-1"));
            for (String name : names) {
                for (long generation : new long[] {0, 1}) {
                    byte[] m = forged(name, generation, 4, segInts(1));
                    SerializationFailedException e = assertThrows(SerializationFailedException.class, () -> Codec.decode(m),
                            "segment name '" + name + "', use " + generation);
                    assertTrue(e.getMessage().contains("segment"), e.getMessage());
                }
            }
            assertArrayEquals(content, Files.readAllBytes(victim), "the file a link points to is untouched");
            assertTrue(Files.isSymbolicLink(link), "the link was neither followed nor removed");
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(victim);
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void aReferenceThatClaimsMoreThanItsSegmentHoldsIsRefused() throws Exception {
        byte[] real = Codec.encode(ints(100_000, 8), "a test value");
        String segment = TestAccess.segmentOf(real);
        long generation = generationOf(real);
        // more bytes than the segment has
        SerializationFailedException big = assertThrows(SerializationFailedException.class,
                () -> Codec.decode(forged(segment, generation, 1L << 30, segInts(1))));
        assertTrue(big.getMessage().contains("claims"), big.getMessage());
        // an array longer than the bytes the message claims in it (nothing allocated for it)
        SerializationFailedException longer = assertThrows(SerializationFailedException.class,
                () -> Codec.decode(forged(segment, generation, 400_000, segInts(100_001))));
        assertTrue(longer.getMessage().contains("100001"), longer.getMessage());
        // a negative size, a negative use
        assertThrows(SerializationFailedException.class, () -> Codec.decode(forged(segment, generation, -8, segInts(1))));
        assertThrows(SerializationFailedException.class, () -> Codec.decode(forged(segment, -5, 8, segInts(1))));
        // an array in shared memory in a message that names no segment
        SerializationFailedException none = assertThrows(SerializationFailedException.class, () -> Codec.decode(segInts(4)));
        assertTrue(none.getMessage().contains("names no segment"), none.getMessage());
    }
}
