package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.NoProcessLeftBehind;
import dev.mppractice.mp.Pool;
import dev.mppractice.mp.SerializationFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7, item 8: what a message from another process may create, and how much. The JDK's
 * value types and collections, the library's and the program's own classes come through; gadgets
 * ({@code URL}, {@code File}, the tool's and its libraries' classes) are refused before they
 * are created; a message that claims more than it holds fails at once, allocating nothing.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClassFilterTest {
    /** A program's own record, enum and exception (this test's classes are in a directory, as an exercise's). */
    record Blob(String name, byte[] data) implements Serializable {
    }

    enum Colour { RED, GREEN }

    public static final class ProgramException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ProgramException(String message) {
            super(message);
        }
    }

    /** Stands in a map while it is built, and is replaced by a never-hashed URL when it is written. */
    static final class Placeholder implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static Object roundTrip(Object o) {
        return Codec.decode(Codec.encode(o, "a test value"));
    }

    /** A Java-serialized stream as {@link Codec} frames it: tag 9, length, the stream. */
    private static byte[] asJava(byte[] stream) {
        return ByteBuffer.allocate(5 + stream.length).put((byte) 9).putInt(stream.length).put(stream).array();
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /** {@code stream} with the int at {@code fromEnd} bytes before its end replaced by {@code value}. */
    private static byte[] patchInt(byte[] stream, int fromEnd, int value) {
        byte[] b = stream.clone();
        ByteBuffer.wrap(b).putInt(b.length - fromEnd, value);
        return b;
    }

    /** Bytes allocated by this thread so far (HotSpot's per-thread counter). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Decoding {@code bytes} fails at once with a message that has each of {@code words}, having allocated little. */
    private static void assertRefusedCheaply(byte[] bytes, String... words) {
        long before = allocated();
        long t0 = System.nanoTime();
        SerializationFailedException e = assertThrows(SerializationFailedException.class, () -> Codec.decode(bytes));
        long spent = allocated() - before;
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "the message names " + word + ": " + e.getMessage());
        }
        assertTrue(spent < 1024 * 1024, "refusing a message of " + bytes.length + " bytes allocated " + spent
                + " bytes: " + e.getMessage());
        assertTrue(millis < 2_000, "refusing took " + millis + " ms");
    }

    // --- gadgets ---------------------------------------------------------------------------

    @Test
    void theUrldnsGadgetIsRefusedBeforeItsUrlIsHashed() throws Exception {
        URL url = new URL(ProbeUrlHandlers.SCHEME + "://urldns.invalid/");
        Placeholder key = new Placeholder();
        HashMap<Object, String> map = new HashMap<>();
        map.put(key, "the value");
        // HashMap<URL, String> with a URL whose hash was never computed: reading the map hashes it,
        // and a JDK handler resolves the host to do so (the gadget's DNS request)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                return obj == key ? url : obj;
            }
        }) {
            out.writeObject(map);
        }
        int hashedBefore = ProbeUrlHandlers.HASHED.get();
        SerializationFailedException e = assertThrows(SerializationFailedException.class,
                () -> Codec.decode(asJava(bytes.toByteArray())));
        assertTrue(e.getMessage().contains("java.net.URL"), e.getMessage());
        assertEquals(hashedBefore, ProbeUrlHandlers.HASHED.get(), "the URL was hashed (its host resolved) before the refusal");
    }

    @Test
    void filesToolClassesAndLibrariesOnTheClassPathAreRefused() throws Exception {
        Object file = new java.io.File("/etc/passwd");
        Object fromALibraryJar = Class.forName("picocli.CommandLine$PicocliException").getConstructor(String.class)
                .newInstance("a picocli exception");
        Object fromTheTool = Class.forName("dev.mppractice.checker.CheckerException").getConstructor(String.class)
                .newInstance("a class of the tool");
        for (Object o : List.of(file, fromALibraryJar, fromTheTool)) {
            byte[] bytes = Codec.encode(new ArrayList<>(List.of(1, Map.of("k", o))), "a test value");
            SerializationFailedException e = assertThrows(SerializationFailedException.class, () -> Codec.decode(bytes));
            assertTrue(e.getMessage().contains(o.getClass().getName()), e.getMessage());
        }
    }

    @Test
    void aRemoteExceptionOfARefusedClassIsNotRebuilt() throws Exception {
        Throwable fromALibraryJar = (Throwable) Class.forName("picocli.CommandLine$PicocliException")
                .getConstructor(String.class).newInstance("thrown by a library");
        RuntimeException back = RemoteFailure.of(fromALibraryJar, "here").toException();
        assertEquals(dev.mppractice.mp.ProcessException.class, back.getClass());
        assertTrue(back.getMessage().contains("picocli.CommandLine$PicocliException: thrown by a library"), back.getMessage());
        assertInstanceOf(ProgramException.class, RemoteFailure.of(new ProgramException("mine"), "here").toException());
        assertInstanceOf(IllegalStateException.class, RemoteFailure.of(new IllegalStateException("the JDK's"), "here").toException());
    }

    // --- allocation bombs ------------------------------------------------------------------

    @Test
    void anArrayHeaderClaimingMoreThanTheMessageHoldsFailsFastAllocatingNothing() throws Exception {
        byte[] longs = patchInt(serialize(new long[0]), 4, 0x7ffffff0);
        assertTrue(longs.length < 50, "a bomb of " + longs.length + " bytes");
        assertRefusedCheaply(asJava(longs), "2147483632", "long");
        assertRefusedCheaply(asJava(patchInt(serialize(new Object[0]), 4, 0x7ffffff0)), "2147483632", "java.lang.Object");
        assertRefusedCheaply(asJava(patchInt(serialize(new String[1]), 5, 0x10000000)), "268435456");
        // a HashMap that claims 2^28 entries: its table is checked before it is made
        assertRefusedCheaply(asJava(patchInt(serialize(new HashMap<>()), 5, 0x10000000)), "Map$Entry");
    }

    @Test
    void compactEncodingsClaimingMoreThanTheMessageHoldsFailFastAllocatingNothing() {
        int huge = 0x7ffffff0;
        assertRefusedCheaply(ByteBuffer.allocate(5).put((byte) 6).putInt(huge).array(), "a byte array of 2147483632 bytes");
        assertRefusedCheaply(ByteBuffer.allocate(7).put((byte) 5).putInt(huge).put((byte) 'h').put((byte) 'i').array(),
                "a string of 2147483632 bytes");
        assertRefusedCheaply(ByteBuffer.allocate(9).put((byte) 8).putInt(0x20000000).putInt(1).array(), "536870912");
        assertRefusedCheaply(ByteBuffer.allocate(5).put((byte) 10).putInt(huge).array(), "2147483632");
        assertRefusedCheaply(ByteBuffer.allocate(5).put((byte) 11).putInt(huge).array(), "2147483632");
        assertRefusedCheaply(ByteBuffer.allocate(5).put((byte) 13).putInt(huge).array(), "2147483632");
        assertRefusedCheaply(ByteBuffer.allocate(6).put((byte) 7).putInt(huge).put((byte) 0).array(), "a list of 2147483632");
        assertRefusedCheaply(ByteBuffer.allocate(5).put((byte) 9).putInt(huge).array(), "2147483632");
        assertRefusedCheaply(ByteBuffer.allocate(5).put((byte) 6).putInt(-1).array(), "-1");
        // lists in lists, 100,000 deep: the writer never nests them more than 9 deep
        ByteBuffer nested = ByteBuffer.allocate(100_000 * 5 + 1);
        for (int i = 0; i < 100_000; i++) {
            nested.put((byte) 7).putInt(1);
        }
        assertRefusedCheaply(nested.put((byte) 0).array(), "nested");
    }

    @Test
    void aMessageBlobClaimingMoreThanTheMessageHoldsFailsAllocatingNothing() {
        byte[] message = ByteBuffer.allocate(5).put((byte) Proto.Q_PUT).putInt(0x7ffffff0).array();
        Msg.Reader r = new Msg.Reader(message);
        long before = allocated();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, r::blob);
        assertTrue(allocated() - before < 1024 * 1024, "allocated for a claim of 2 GiB");
        assertTrue(e.getMessage().contains("2147483632"), e.getMessage());
    }

    // --- what comes through ----------------------------------------------------------------

    @Test
    void theJdksValueTypesAndCollectionsComeThrough() {
        List<Object> values = new ArrayList<>(List.of(
                BigInteger.TWO.pow(100), new BigDecimal("3.14159"), LocalDate.of(2024, 2, 29), Instant.ofEpochSecond(1),
                Duration.ofMillis(1500), ZonedDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")),
                UUID.nameUUIDFromBytes(new byte[] {1}), EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                new EnumMap<>(Map.of(TimeUnit.SECONDS, 1)), TimeUnit.MINUTES, Map.of("a", 1, "b", 2), Set.of(1, 2, 3),
                List.of(1L, "two"), Collections.unmodifiableMap(new HashMap<>(Map.of("x", 1))),
                Collections.synchronizedList(new ArrayList<>(List.of(1))), Collections.emptyList(),
                Collections.singletonMap("k", "v"), Arrays.asList(1, 2), new LinkedList<>(List.of(3)),
                new ConcurrentHashMap<>(Map.of("c", 3)), new CopyOnWriteArrayList<>(List.of(4)),
                new LinkedHashMap<>(Map.of("l", 5)), new TreeSet<>(Comparator.reverseOrder()), 'c', (short) 2, 1.5f,
                Colour.GREEN, new Blob("b", new byte[] {1, 2})));
        TreeMap<String, Integer> byLength = new TreeMap<>(Comparator.comparing(
                (Function<String, Integer> & Serializable) String::length));
        byLength.put("three", 3);
        byLength.put("a", 1);
        values.add(byLength);
        BitSet bits = new BitSet();
        bits.set(3);
        values.add(bits);
        Map<Integer, String> big = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            big.put(i, "v" + i);
        }
        values.add(big);
        for (Object v : values) {
            Object back = roundTrip(v);
            if (v instanceof Blob b) {
                assertArrayEquals(b.data(), ((Blob) back).data());
            } else {
                assertEquals(v, back, "a " + v.getClass().getName());
            }
        }
        @SuppressWarnings("unchecked")
        TreeMap<String, Integer> sorted = (TreeMap<String, Integer>) roundTrip(byLength);
        assertEquals(List.of("a", "three"), new ArrayList<>(sorted.keySet()), "the comparator came along");
        for (Object queue : List.of(new ArrayDeque<>(List.of(1, 2)), new LinkedBlockingQueue<>(List.of(1, 2)),
                new ArrayBlockingQueue<>(4, false, List.of(1, 2)))) {
            assertEquals(List.of(1, 2), new ArrayList<>((java.util.Collection<?>) roundTrip(queue)));
        }
        assertEquals(7, ((AtomicInteger) roundTrip(new AtomicInteger(7))).get());
        LongAdder adder = new LongAdder();
        adder.add(5);
        assertEquals(5, ((LongAdder) roundTrip(adder)).sum());
    }

    @Test
    void exceptionsOfTheJdkAndOfTheProgramComeThroughAsValues() {
        IllegalStateException jdk = new IllegalStateException("outer", new java.io.IOException("inner"));
        IllegalStateException back = (IllegalStateException) roundTrip(jdk);
        assertEquals("outer", back.getMessage());
        assertEquals("inner", back.getCause().getMessage());
        assertEquals("mine", ((ProgramException) roundTrip(new ProgramException("mine"))).getMessage());
    }

    @Test
    void aSixteenMebibyteMessageAndLargeArraysComeThrough() {
        byte[] data = dev.mppractice.mp.MpTesting.pattern(16 * 1024 * 1024, 3);
        assertArrayEquals(data, ((Blob) roundTrip(new Blob("16 MiB", data))).data());
        long[] longs = new long[2_000_000];
        Arrays.setAll(longs, i -> i * 31L);
        assertArrayEquals(longs, (long[]) roundTrip(longs));
        assertArrayEquals(longs, (long[]) ((List<?>) roundTrip(new ArrayList<>(List.of(longs, "x")))).get(0));
        Object[] objects = new Object[1_000_000];
        Arrays.fill(objects, 7);
        assertArrayEquals(objects, (Object[]) roundTrip(objects));
        List<Object> list = new ArrayList<>(Collections.nCopies(1_000_000, (Object) "same"));
        assertEquals(list, roundTrip(list));
    }

    @Test
    void listsNestedAsDeepAsTheWriterNestsThemComeThrough() {
        Object nested = List.of(1);
        for (int i = 0; i < 8; i++) {
            nested = List.of(nested);
        }
        assertEquals(nested, roundTrip(nested));
    }

    @Test
    void aTwoHundredMegabyteArrayGoesToAPoolWorkerAndItsSumComesBack() {
        byte[] data = new byte[200_000_000];
        data[0] = 1;
        data[data.length - 1] = 7;
        try (Pool pool = new Pool(1)) {
            long sum = pool.applyAsync(ClassFilterTest::sum, new Blob("200 MB", data)).get(Duration.ofSeconds(100));
            assertEquals(8, sum);
        }
    }

    private static long sum(Blob blob) {
        long sum = 0;
        for (byte b : blob.data()) {
            sum += b;
        }
        return sum;
    }
}
