package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the canary run does to a value received from another process: any use of it must show. */
class CanaryTest {
    record Timed(int square, long delayMillis, String who) {
    }

    @Test
    void numbersStringsAndBooleansChangeAndContainersChangeInside() {
        assertEquals(7919 + 5, Canary.alter(5, 0));
        assertEquals(7919L - 1, Canary.alter(-1L, 0));
        assertEquals(2.5, Canary.alter(2.0, 0));
        assertEquals("ok~", Canary.alter("ok", 0));
        assertEquals(false, Canary.alter(true, 0));
        assertEquals(List.of(7920, List.of("a~")), Canary.alter(List.of(1, List.of("a")), 0));
        assertEquals(Set.of(7921), Canary.alter(Set.of(2), 0));
        assertEquals(Map.of("the", 7922), Canary.alter(Map.of("the", 3), 0), "a map's values, its keys kept");
        assertArrayEquals(new int[] {7919, 7920}, (int[]) Canary.alter(new int[] {0, 1}, 0));
        assertArrayEquals(new double[] {0.5}, (double[]) Canary.alter(new double[] {0.0}, 0));
        assertEquals(new Timed(7923, 7919 + 50, "w~"), Canary.alter(new Timed(4, 50, "w"), 0), "a record, component by component");
        Object other = new Object();
        assertSame(other, Canary.alter(other, 0), "anything else is left as it is");
        assertEquals(null, Canary.alter(null, 0));
    }

    /** A reply record that refuses any operation but "add" and "mul": it cannot be rebuilt altered. */
    record Checked(String op, int value) {
        Checked {
            if (!op.equals("add") && !op.equals("mul")) throw new IllegalArgumentException(op);
        }
    }

    /** A result class of the program's own, not a record. */
    static final class Reading implements java.io.Serializable {
        final int mm = 3;
    }

    @Test
    void moreOfTheJdksTypesChangeAndWhatCannotChangeIsToldSoTheRunSaysNothing() {
        assertEquals(java.math.BigInteger.valueOf(7920), Canary.alter(java.math.BigInteger.ONE, 0));
        assertArrayEquals(new byte[] {8}, (byte[]) Canary.alter(new byte[] {1}, 0));
        assertEquals(7920, ((java.util.concurrent.atomic.AtomicInteger) Canary.alter(new java.util.concurrent.atomic.AtomicInteger(1), 0)).get());
        assertEquals(List.of(7920), List.copyOf((java.util.Deque<?>) Canary.alter(new java.util.ArrayDeque<>(List.of(1)), 0)));
        assertEquals(Map.entry("Oslo", 7920), Canary.alter(new java.util.AbstractMap.SimpleImmutableEntry<>("Oslo", 1), 0));
        assertEquals(true, Canary.alterable(List.of(1, "a", new Timed(1, 2, "w"))));
        assertEquals(false, Canary.alterable(new Reading()), "a class of the program's own");
        assertEquals(false, Canary.alterable(List.of(1, new Reading())), "in part");
        assertEquals(false, Canary.alterable(new Checked("add", 1)), "a record whose constructor refuses the altered values");
        assertEquals(true, Canary.alterable(List.of(1, RemoteFailure.of(new IllegalArgumentException("no station"), "w"))),
                "a task's failure among a chunk's results leaves nothing as it was");
        // With mp.canaryFailures, its message is marked as a string is: a program that prints the message it caught prints
        // another line then, one that wrote the line out (exercise 24's "no data (no station in Atlantis)") the same.
        RemoteFailure failure = RemoteFailure.of(new IllegalArgumentException("no station"), "w");
        assertEquals(failure, Canary.alter(failure, 0), "unless the canary run is asked to mark failures (exercise 7's is not)");
        RemoteFailure marked = failure.marked();
        assertEquals("no station~", marked.message());
        assertEquals("no station~", marked.toException().getMessage());
        assertEquals(IllegalArgumentException.class, marked.toException().getClass());
    }

    @Test
    void outsideACanaryRunAValueIsItself() {
        List<Object> results = List.of(1, "a");
        assertSame(results, Canary.receivedAll(results, true));
        Object item = List.of(2);
        assertSame(item, Canary.received(item));
        assertEquals(5, Canary.read(5));
        assertEquals(5L, Canary.read(5L));
        assertEquals(0.25, Canary.read(0.25));
    }
}
