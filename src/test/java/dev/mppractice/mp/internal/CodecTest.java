package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.SerializationFailedException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What crosses a process boundary comes back equal, and as mutable or frozen as it went. */
class CodecTest {
    record Point(int x, String label) implements Serializable {
    }

    private static Object roundTrip(Object o) {
        return Codec.decode(Codec.encode(o, "a test value"));
    }

    @Test
    void aMessageIdBeforeAnItemIsReadBackAndSkippedByDecode() {
        byte[] item = Codec.encode(List.of(2, 3, 5), "the queue item");
        byte[] tagged = Codec.withMessageId("4200:17", item);
        assertEquals("4200:17", Codec.messageId(tagged));
        assertEquals(List.of(2, 3, 5), Codec.decode(tagged));
        assertEquals(null, Codec.messageId(item));
        assertEquals(null, Codec.messageId(Codec.encode(null, "nothing")));
    }

    @Test
    void aRecordedMessagesIdIsTheTextOfItsPrefixAndNumberAndTagsAMessageAsThatTextWould() {
        byte[] item = Codec.encode(List.of(2, 3, 5), "the queue item");
        byte[] prefix = "4200:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (long n : new long[] {0, 7, 10, 99, 100, 123_456_789_012L, Long.MAX_VALUE}) {
            MessageId id = new MessageId(prefix, n);
            assertEquals("4200:" + n, id.toString());
            assertArrayEquals(Codec.withMessageId("4200:" + n, item), Codec.withMessageId(id, item));
            assertEquals("4200:" + n, Codec.messageId(Codec.withMessageId(id, item)));
        }
    }

    @Test
    void anIntIsItsTagAndFourBytesBigEndianAndComesBackWithOrWithoutAMessageId() throws Exception {
        for (int i : new int[] {0, 1, -1, 255, 256, 1 << 24, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(b);
            out.writeByte(1); // the INT tag, as the stream reader of nested values reads it
            out.writeInt(i);
            assertArrayEquals(b.toByteArray(), Codec.encode(i, "an int"));
            assertEquals(i, roundTrip(i));
            assertEquals(i, Codec.decode(Codec.withMessageId("1:2", Codec.encode(i, "an int"))));
        }
        assertEquals(List.of(7, "x", -8), roundTrip(new ArrayList<>(List.of(7, "x", -8))));
    }

    @Test
    void aMessageIdIsWrittenAsTheDataStreamsWriteItAndReadBackWhateverItsCharacters() throws Exception {
        byte[] item = Codec.encode(12, "an int");
        for (String id : new String[] {"4200:17", "", "h\u00e9:1", "a\u0000b", "x".repeat(200)}) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(b);
            out.writeByte(15); // the message id's tag
            out.writeUTF(id);
            out.write(item);
            byte[] tagged = Codec.withMessageId(id, item);
            assertArrayEquals(b.toByteArray(), tagged, id);
            assertEquals(id, Codec.messageId(tagged));
            assertEquals(12, Codec.decode(tagged));
        }
        byte[] cut = Arrays.copyOf(Codec.withMessageId("4200:17", item), 6);
        assertEquals(null, Codec.messageId(cut), "an id cut short is no id");
        assertThrows(SerializationFailedException.class, () -> Codec.decode(cut));
    }

    @Test
    void primitiveArraysRoundTripBitForBit() {
        assertArrayEquals(new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}, (int[]) roundTrip(new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}));
        assertArrayEquals(new long[] {0, -1, Long.MAX_VALUE, 1L << 50}, (long[]) roundTrip(new long[] {0, -1, Long.MAX_VALUE, 1L << 50}));
        assertArrayEquals(new double[] {0.0, -0.0, Math.PI, Double.NaN, Double.MIN_VALUE},
                (double[]) roundTrip(new double[] {0.0, -0.0, Math.PI, Double.NaN, Double.MIN_VALUE}));
        assertArrayEquals(new int[0], (int[]) roundTrip(new int[0]));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) roundTrip(new byte[] {1, 2, 3}));
    }

    @Test
    void simpleValuesRoundTrip() {
        for (Object o : Arrays.asList(null, 42, -7L, 2.5, true, "", "héllo ✓")) {
            assertEquals(o, roundTrip(o));
        }
    }

    @Test
    void anArrayListComesBackMutableAndAFrozenListFrozen() {
        ArrayList<Integer> mutable = new ArrayList<>(List.of(1, 2, 3));
        Object back = roundTrip(mutable);
        assertInstanceOf(ArrayList.class, back);
        assertEquals(mutable, back);

        List<Object> frozen = List.of(1, "two", 3.0);
        @SuppressWarnings("unchecked")
        List<Object> frozenBack = (List<Object>) roundTrip(frozen);
        assertEquals(frozen, frozenBack);
        assertThrows(UnsupportedOperationException.class, () -> frozenBack.add(4));

        List<Integer> ints = java.util.stream.IntStream.range(0, 1000).boxed().toList();
        @SuppressWarnings("unchecked")
        List<Integer> intsBack = (List<Integer>) roundTrip(ints);
        assertEquals(ints, intsBack);
        assertThrows(UnsupportedOperationException.class, () -> intsBack.set(0, 5));
    }

    @Test
    void nestedListsAndListsWithNullsRoundTrip() {
        List<List<Integer>> images = List.of(List.of(1, 2), List.of(), List.of(3));
        assertEquals(images, roundTrip(images));
        List<Integer> withNull = new ArrayList<>(Arrays.asList(1, null, 3));
        assertEquals(withNull, roundTrip(withNull));
    }

    @Test
    void otherObjectsGoThroughJavaSerializationAndKeepTheirClass() {
        Point p = new Point(3, "three");
        assertEquals(p, roundTrip(p));
        Map<String, List<Point>> m = Map.of("a", List.of(p));
        assertEquals(m, roundTrip(m));
    }

    @Test
    void anUnserializableValueFailsAtEncodeNamingItsClass() {
        SerializationFailedException e = assertThrows(SerializationFailedException.class,
                () -> Codec.encode(List.of(new Object()), "the queue item"));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertTrue(e.getMessage().contains("the queue item"), e.getMessage());
    }

    /** A class of the JDK cannot be made Serializable by the learner: the advice is to copy what it holds. */
    @Test
    void anUnserializableClassOfTheJdkIsAdvisedACopyNotSerializable() {
        List<List<Integer>> images = new ArrayList<>(List.of(List.of(1, 2), List.of(3, 4)));
        SerializationFailedException e = assertThrows(SerializationFailedException.class,
                () -> Codec.encode(images.subList(0, 1), "the task"));
        assertTrue(e.getMessage().contains("java.util.ArrayList$SubList"), e.getMessage());
        assertTrue(e.getMessage().contains("a class of the JDK"), e.getMessage());
        assertTrue(e.getMessage().contains("new ArrayList<>(...)"), e.getMessage());
        assertFalse(e.getMessage().contains("make it implement"), e.getMessage());
    }
}
