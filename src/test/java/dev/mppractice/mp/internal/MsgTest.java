package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A message reads back as it was written, field by field, and one that ends too soon is refused. */
class MsgTest {
    @Test
    void everyKindOfFieldReadsBackAsItWasWritten() {
        String[] strings = {"1234:56", "", "é and ü", "日本", "a\0b", "\uD83D\uDE00", "x".repeat(20_000)};
        Msg m = Msg.of(200).u8(255).i32(-7).i32(Integer.MIN_VALUE).i64(Long.MIN_VALUE + 3).i64(-1L).str(null);
        for (String s : strings) {
            m.str(s);
        }
        m.blob(new byte[] {1, -2, 3}).blob(new byte[0]);
        Msg.Reader r = new Msg.Reader(m.bytes());
        assertEquals(200, r.type);
        assertEquals(255, r.u8());
        assertEquals(-7, r.i32());
        assertEquals(Integer.MIN_VALUE, r.i32());
        assertEquals(Long.MIN_VALUE + 3, r.i64());
        assertEquals(-1L, r.i64());
        assertNull(r.str(), "str(null) reads back as null");
        for (String s : strings) {
            assertEquals(s, r.str());
        }
        assertArrayEquals(new byte[] {1, -2, 3}, r.blob());
        assertArrayEquals(new byte[0], r.blob());
    }

    @Test
    void aMessageThatEndsTooSoonIsRefusedAtTheFieldItCannotHold() {
        byte[] whole = Msg.of(1).i64(42).str("queue-1").blob(new byte[10]).bytes();
        for (int cut = 1; cut < whole.length; cut++) {
            Msg.Reader r = new Msg.Reader(Arrays.copyOf(whole, cut));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                r.i64();
                r.str();
                r.blob();
            }, "cut after " + cut + " bytes");
            assertTrue(e.getCause() instanceof EOFException || e.getMessage().contains("bytes of the message are left"),
                    "cut after " + cut + ": " + e);
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new Msg.Reader(new byte[0]));
        assertInstanceOf(EOFException.class, e.getCause());
    }

    @Test
    void aBlobLongerThanTheRestOfTheMessageIsRefusedBeforeAnythingIsAllocated() {
        byte[] m = Msg.of(1).i32(Integer.MAX_VALUE).bytes(); // a blob's length, and no bytes
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new Msg.Reader(m).blob());
        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
    }
}
