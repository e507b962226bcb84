package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An event's {@code set()} wakes every waiter, as CPython's does, even when the flag is cleared again at once: a
 * starting gun that main set and cleared for the next race left its runners waiting for ever (a tester's program,
 * exercise 17), because the waiters looked only at the flag.
 */
class EventTest {
    @Test
    void aSetThenAClearWakesEveryoneWhoWasWaiting() throws Exception {
        Event gun = new Event();
        CompletableFuture<Boolean> forever = CompletableFuture.supplyAsync(() -> {
            gun.await();
            return true;
        });
        CompletableFuture<Boolean> timed = CompletableFuture.supplyAsync(() -> gun.await(Duration.ofSeconds(60)));
        await("both wait", secs(10), () -> waiting(2));
        gun.set();
        gun.clear();
        assertTrue(forever.get(10, TimeUnit.SECONDS), "await() returned");
        assertTrue(timed.get(10, TimeUnit.SECONDS), "await(timeout) returned true: it was woken by a set");
        assertFalse(gun.isSet());
        assertFalse(gun.await(Duration.ofMillis(50)), "a wait begun after the clear waits for the next set");
    }

    /** True when {@code n} threads of the common pool are parked in {@code Event.await}. */
    private static boolean waiting(int n) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.TIMED_WAITING)
                .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(Event.class.getName())))
                .count() >= n;
    }
}
