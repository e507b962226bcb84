package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.millisSince;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a task may capture: every public type of the library either travels to the child (a
 * process or a pool worker), where it is a live handle on the same object, or is refused at
 * {@code start()} and at the pool call, with a message that names the type and says what to pass
 * instead. Never a bare "is not serializable".
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CaptureTest {
    private static Manager manager;
    private static Pool pool;

    @BeforeAll
    static void start() {
        manager = Manager.start();
        pool = new Pool(1);
    }

    @AfterAll
    static void stop() throws Exception {
        MpTesting.closeAll(pool, manager);
    }

    /** A handle made here, the task that uses it in another process, and the check here that it did. */
    private record Trip(Task inChild, Runnable thenHere) {
    }

    private static Arguments travels(String type, Supplier<Trip> trip) {
        return Arguments.of(Named.of(type, trip));
    }

    static Stream<Arguments> travelling() {
        return Stream.of(
                travels("Queue", () -> {
                    Queue<String> q = new Queue<>();
                    return new Trip(() -> q.put("from the child"), () -> assertEquals("from the child", q.get(secs(60))));
                }),
                travels("Pipe", () -> {
                    Pipe pipe = Pipe.open();
                    return new Trip(() -> pipe.right().send("from the child"),
                            () -> assertEquals("from the child", pipe.left().recv(secs(60))));
                }),
                travels("one-way Pipe", () -> {
                    Pipe pipe = Pipe.open(false);
                    return new Trip(() -> pipe.right().send("from the child"),
                            () -> assertEquals("from the child", pipe.left().recv(secs(60))));
                }),
                travels("Connection", () -> {
                    Pipe pipe = Pipe.open();
                    Connection end = pipe.right();
                    return new Trip(() -> end.send("from the child"), () -> assertEquals("from the child", pipe.left().recv(secs(60))));
                }),
                travels("IntValue", () -> {
                    IntValue v = Value.ofInt(1);
                    return new Trip(() -> v.set(v.get() + 41), () -> assertEquals(42, v.get()));
                }),
                travels("LongValue", () -> {
                    LongValue v = Value.ofLong(1);
                    return new Trip(() -> v.set(v.get() + (1L << 40)), () -> assertEquals(1 + (1L << 40), v.get()));
                }),
                travels("DoubleValue", () -> {
                    DoubleValue v = Value.ofDouble(0.5);
                    return new Trip(() -> v.set(v.get() * 3), () -> assertEquals(1.5, v.get()));
                }),
                travels("IntArray", () -> {
                    IntArray a = Array.ofInts(1, 2, 3);
                    return new Trip(() -> a.set(2, a.get(0) + a.get(1)), () -> assertEquals(List.of(1, 2, 3), a.toList()));
                }),
                travels("LongArray", () -> {
                    LongArray a = Array.ofLongs(2);
                    return new Trip(() -> a.set(1, 7L), () -> assertEquals(List.of(0L, 7L), a.toList()));
                }),
                travels("DoubleArray", () -> {
                    DoubleArray a = Array.ofDoubles(2);
                    return new Trip(() -> a.set(0, 2.5), () -> assertEquals(List.of(2.5, 0.0), a.toList()));
                }),
                travels("Lock", () -> {
                    Lock lock = new Lock();
                    lock.acquire(); // held here, so the child must be kept out
                    IntValue keptOut = Value.ofInt(0);
                    return new Trip(() -> keptOut.set(lock.tryAcquire(Duration.ofMillis(50)) ? 2 : 1), () -> {
                        lock.release();
                        assertEquals(1, keptOut.get(), "the lock held here did not keep the child out");
                    });
                }),
                travels("Event", () -> {
                    Event go = new Event();
                    return new Trip(go::set, () -> assertTrue(go.await(secs(60))));
                }),
                travels("Args tuple", () -> {
                    Args.Three<Integer, String, Long> args = Args.of(1, "two", 3L);
                    IntValue sum = Value.ofInt(0);
                    return new Trip(() -> sum.set(args.a() + args.b().length() + args.c().intValue()), () -> assertEquals(7, sum.get()));
                }),
                travels("Manager dict", () -> {
                    Map<String, Integer> dict = manager.dict();
                    return new Trip(() -> dict.put("child", 1), () -> assertEquals(Map.of("child", 1), Map.copyOf(dict)));
                }),
                travels("Manager list", () -> {
                    List<String> list = manager.list();
                    return new Trip(() -> list.add("child"), () -> assertEquals(List.of("child"), List.copyOf(list)));
                }));
    }

    @ParameterizedTest(name = "a {0} captured by a Process works in the child")
    @MethodSource("travelling")
    void travelsToAProcess(Supplier<Trip> make) {
        Trip trip = make.get();
        Task task = trip.inChild();
        Process p = new Process(task);
        p.start();
        p.join(secs(60));
        assertEquals(0, p.exitCode(), "the child failed (see its standard error)");
        trip.thenHere().run();
    }

    @ParameterizedTest(name = "a {0} captured by a pool task works in the worker")
    @MethodSource("travelling")
    void travelsToAPoolWorker(Supplier<Trip> make) {
        Trip trip = make.get();
        Task task = trip.inChild();
        pool.applyAsync(() -> {
            task.run();
            return null;
        }).get(secs(60));
        trip.thenHere().run();
    }

    // --- refused -----------------------------------------------------------------------------

    private static Arguments refused(String type, String instead, Supplier<Object> make) {
        return Arguments.of(Named.of(type, make), type, instead);
    }

    static Stream<Arguments> staying() {
        return Stream.of(
                refused("Pool", "create it in the child", () -> pool),
                refused("Process", "pid()", () -> new Process(() -> { })),
                refused("Manager", "manager.dict()", () -> manager),
                refused("AsyncResult", "get()", () -> pool.applyAsync(() -> 1)),
                refused("Lock.Held", "acquire it in the child", () -> new Lock().acquire()),
                refused("the results of imap", "iterate them here", () -> pool.imap(x -> x, List.of(1))));
    }

    private static void assertRefusal(ProcessException e, String type, String instead) {
        assertInstanceOf(SerializationFailedException.class, e);
        String m = e.getMessage();
        assertTrue(m.contains(type + " cannot be passed to another process"), m);
        assertTrue(m.contains(instead), m);
        assertFalse(m.contains("make it implement java.io.Serializable"), m);
    }

    @ParameterizedTest(name = "a {0} captured by a Process is refused at start()")
    @MethodSource("staying")
    void isRefusedAtStart(Supplier<Object> make, String type, String instead) {
        Object held = make.get();
        Process p = new Process(() -> System.out.println(held));
        long t0 = System.nanoTime();
        ProcessException e = assertThrows(ProcessException.class, p::start);
        assertTrue(millisSince(t0) < 1_000, "refusing took " + millisSince(t0) + " ms");
        assertRefusal(e, type, instead);
        assertNull(p.pid(), "no process was started");
    }

    @ParameterizedTest(name = "a {0} captured by a pool task is refused at the call")
    @MethodSource("staying")
    void isRefusedAtThePoolCall(Supplier<Object> make, String type, String instead) {
        Object held = make.get();
        assertRefusal(assertThrows(ProcessException.class, () -> pool.applyAsync(() -> held.toString())), type, instead);
        assertRefusal(assertThrows(ProcessException.class, () -> pool.map(x -> held.hashCode() + x, List.of(1))), type, instead);
        assertRefusal(assertThrows(ProcessException.class, () -> pool.map(x -> x, List.of(held))), type, instead);
        assertEquals(List.of(2), pool.map(x -> x + 1, List.of(1)), "the pool still works");
    }

    @Test
    void aRefusedHandleAsAQueueItemIsRefusedAtPutAndTheQueueStillWorks() {
        Queue<Object> q = new Queue<>();
        Process p = new Process(() -> { });
        assertRefusal(assertThrows(ProcessException.class, () -> q.put(p)), "Process", "pid()");
        q.put("fine");
        assertEquals("fine", q.get(Duration.ZERO));
    }
}
