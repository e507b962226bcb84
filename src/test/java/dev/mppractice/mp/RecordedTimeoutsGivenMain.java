package dev.mppractice.mp;

import java.time.Duration;

/**
 * A recorded program whose calls are given timeouts: main a queue's {@code get(50 ms)} that times out, then a shorter
 * {@code get(30 ms)}, a {@code tryAcquire(30 ms)}, a timeout of zero and a guard's {@code acquire(10 s)}; a child an
 * event's {@code await(200 ms)}, then a shorter {@code await(20 ms)}. Each process's record shows, for each call, the
 * timeouts longer than any it gave that call before, and only those.
 */
public final class RecordedTimeoutsGivenMain {
    private RecordedTimeoutsGivenMain() {
    }

    public static void main(String[] args) {
        Queue<Integer> q = new Queue<>();
        Lock lock = new Lock();
        Event never = new Event();
        Process p = new Process(() -> {
            never.await(Duration.ofMillis(200));
            never.await(Duration.ofMillis(20));
        });
        p.start();
        for (int ms : new int[] {50, 30}) {
            try {
                q.get(Duration.ofMillis(ms));
            } catch (EmptyQueueException e) {
                // empty, as it should be
            }
        }
        boolean took = lock.tryAcquire(Duration.ofMillis(30));
        lock.release();
        lock.acquire(Duration.ofSeconds(10)); // a guard, longer than a second run outwaits: left out
        lock.release();
        boolean now = never.await(Duration.ZERO);
        p.join();
        System.out.println("took " + took + " set " + now + " exit " + p.exitCode());
    }
}
