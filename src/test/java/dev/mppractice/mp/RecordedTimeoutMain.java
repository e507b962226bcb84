package dev.mppractice.mp;

import java.time.Duration;

/**
 * A recorded parent that holds a {@code Lock}, an {@code RLock} and a manager's lock while its child takes each with
 * {@code acquire(30 ms)} (which times out: the child catches the {@link LockTimeoutException}) and the first two
 * with {@code tryAcquire(30 ms)} (which gives up); once the parent let them go, the child takes the first two
 * with {@code acquire(10 s)} and the manager's with {@code tryAcquire(10 s)}. The parent prints what the child saw.
 */
public final class RecordedTimeoutMain {
    private RecordedTimeoutMain() {
    }

    public static void main(String[] args) {
        Lock lock = new Lock();
        RLock rlock = new RLock();
        Event timedOut = new Event();
        Queue<String> seen = new Queue<>();
        try (Manager manager = Manager.start()) {
            ManagedLock mlock = manager.lock();
            Process p = new Process(() -> child(lock, rlock, mlock, timedOut, seen));
            try (var a = lock.acquire(); var b = rlock.acquire(); var c = mlock.acquire()) {
                p.start();
                timedOut.await();
            }
            p.join();
            System.out.println(seen.get() + " exitcode " + p.exitCode());
        }
    }

    static void child(Lock lock, RLock rlock, ManagedLock mlock, Event timedOut, Queue<String> seen) {
        StringBuilder said = new StringBuilder();
        for (var take : java.util.List.<Runnable>of(() -> lock.acquire(Duration.ofMillis(30)),
                () -> rlock.acquire(Duration.ofMillis(30)), () -> mlock.acquire(Duration.ofMillis(30)))) {
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
            if (mlock.tryAcquire(Duration.ofSeconds(10))) {
                mlock.release();
                seen.put(said.toString());
            }
        }
    }
}
