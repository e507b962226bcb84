package dev.mppractice.mp;

import java.time.Duration;

/**
 * A recorded parent that holds a {@code Lock} and an {@code RLock} while its child takes each with
 * {@code acquire(30 ms)} (which times out: the child catches the {@link LockTimeoutException}) and
 * with {@code tryAcquire(30 ms)} (which gives up); once the parent let both go, the child takes each
 * with {@code acquire(10 s)}. The parent prints what the child saw.
 */
public final class RecordedTimeoutMain {
    private RecordedTimeoutMain() {
    }

    public static void main(String[] args) {
        Lock lock = new Lock();
        RLock rlock = new RLock();
        Event timedOut = new Event();
        Queue<String> seen = new Queue<>();
        Process p = new Process(() -> child(lock, rlock, timedOut, seen));
        try (var a = lock.acquire(); var b = rlock.acquire()) {
            p.start();
            timedOut.await();
        }
        p.join();
        System.out.println(seen.get() + " exitcode " + p.exitCode());
    }

    static void child(Lock lock, RLock rlock, Event timedOut, Queue<String> seen) {
        StringBuilder said = new StringBuilder();
        for (var take : java.util.List.<Runnable>of(() -> lock.acquire(Duration.ofMillis(30)),
                () -> rlock.acquire(Duration.ofMillis(30)))) {
            try {
                take.run();
                said.append("taken ");
            } catch (LockTimeoutException e) {
                said.append("timeout ");
            }
        }
        said.append(lock.tryAcquire(Duration.ofMillis(30))).append(' ').append(rlock.tryAcquire(Duration.ofMillis(30)));
        timedOut.set();
        try (var a = lock.acquire(Duration.ofSeconds(10)); var b = rlock.acquire(Duration.ofSeconds(10))) {
            seen.put(said.toString());
        }
    }
}
