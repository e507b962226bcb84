package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.SerializationFailedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The items and results of a pool's chunk come back equal, whichever form they travel in. */
class ChunkCodecTest {
    private static List<?> roundTrip(List<?> items, int from, int to) {
        return ChunkCodec.decode(ChunkCodec.encode(items, from, to, "a task argument"));
    }

    @Test
    void integersTravelAsRawIntsAndComeBackEqualInOrder() {
        List<Integer> ints = List.of(0, -1, 1, 127, 128, -129, Integer.MAX_VALUE, Integer.MIN_VALUE, 65_536, -65_537);
        List<?> back = roundTrip(ints, 0, ints.size());
        assertEquals(ints, back);
        assertTrue(ChunkCodec.onlyInts(back));
        assertEquals(ints.subList(3, 7), roundTrip(ints, 3, 7), "a part of the list");
        byte[] raw = ChunkCodec.encode(ints, 0, ints.size(), "a task argument");
        assertEquals(5 + 4 * ints.size(), raw.length, "a tag, a count and four bytes an int");
    }

    @Test
    void anythingElseTravelsAsCodecMakesItAndCodecsListsAreReadToo() {
        List<Object> mixed = Arrays.asList(1, 2, "three", null, 4.5, List.of(6, 7));
        List<?> back = roundTrip(mixed, 0, mixed.size());
        assertEquals(mixed, back);
        assertFalse(ChunkCodec.onlyInts(back));
        assertEquals(Arrays.asList(1, null), roundTrip(Arrays.asList(1, null), 0, 2), "an int, then a null");
        assertEquals(Arrays.asList((Object) null), roundTrip(Arrays.asList((Object) null), 0, 1));
        assertEquals(List.of(), roundTrip(List.of(), 0, 0));
        // not random access: read through Codec's path, same values
        LinkedList<Integer> linked = new LinkedList<>(List.of(5, 6, 7));
        assertEquals(List.of(6, 7), roundTrip(linked, 1, 3));
        // a chunk made by Codec (a ProcessPoolExecutor's) reads back the same
        assertEquals(List.of(8, 9), ChunkCodec.decode(Codec.encode(new ArrayList<>(List.of(8, 9)), "a task argument")));
    }

    @Test
    void manyIntsRoundTrip() {
        List<Integer> ints = IntStream.range(-5_000, 5_000).map(i -> i * 7919).boxed().collect(Collectors.toList());
        assertEquals(ints, roundTrip(ints, 0, ints.size()));
    }

    @Test
    void bytesThatClaimMoreOrFewerIntsThanTheyHoldAreRefusedInWords() {
        byte[] raw = ChunkCodec.encode(List.of(1, 2, 3), 0, 3, "a task argument");
        for (int cut = 1; cut < raw.length; cut++) {
            byte[] part = Arrays.copyOf(raw, cut);
            SerializationFailedException e = assertThrows(SerializationFailedException.class, () -> ChunkCodec.decode(part),
                    "cut at " + cut);
            assertTrue(e.getMessage().contains("ints is announced"), e.getMessage());
        }
        byte[] huge = raw.clone();
        huge[1] = 0x7f; // claims 2 billion ints in 17 bytes: nothing is allocated for them
        assertThrows(SerializationFailedException.class, () -> ChunkCodec.decode(huge));
        byte[] notAList = Codec.encode("a string", "a value");
        assertThrows(SerializationFailedException.class, () -> ChunkCodec.decode(notAList));
    }
}
