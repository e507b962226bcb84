package dev.mppractice.mp;

import java.time.Duration;

/**
 * A recorded program that collects four results of a pool: after a {@code waitFor} that found the task finished, with
 * a plain {@code get()}, with a timeout, and after a {@code waitFor} that ran out first; prints their sum.
 */
public final class RecordedAsyncGetMain {
    private RecordedAsyncGetMain() {
    }

    public static void main(String[] args) {
        try (Pool pool = new Pool(1)) {
            AsyncResult<Integer> waited = pool.applyAsync(() -> 1);
            waited.waitFor(Duration.ofSeconds(30));
            int sum = waited.get();
            sum += pool.applyAsync(() -> 2).get();
            sum += pool.applyAsync(() -> 3).get(Duration.ofSeconds(30));
            AsyncResult<Integer> slow = pool.applyAsync(() -> {
                Thread.sleep(500);
                return 4;
            });
            slow.waitFor(Duration.ofMillis(1)); // runs out: the task sleeps
            sum += slow.get();
            System.out.println("sum " + sum);
        }
    }
}
