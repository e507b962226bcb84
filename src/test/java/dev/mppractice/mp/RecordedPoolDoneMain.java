package dev.mppractice.mp;

import java.time.Duration;
import java.util.List;

/**
 * Learns in every way the library offers that a pool's work was done, and gives the pool a {@code mapAsync} whose result
 * it never asks for (no {@code pool-done} of its own): see RecordedPoolDoneTest.
 */
public final class RecordedPoolDoneMain {
    private RecordedPoolDoneMain() {
    }

    public static void main(String[] args) throws Exception {
        int sum = 0;
        try (Pool pool = new Pool(2)) {
            sum += pool.map(x -> x, List.of(1, 2)).size();
            AsyncResult<List<Integer>> asked = pool.mapAsync(x -> x, List.of(1, 2));
            sum += asked.get().size();
            sum += asked.get().size(); // the second get of one result adds nothing
            for (int x : pool.imapUnordered(x -> x, List.of(1, 2))) {
                sum += x > 0 ? 1 : 0;
            }
            AsyncResult<Integer> polled = pool.applyAsync(() -> 1);
            while (!polled.ready()) {
                Thread.onSpinWait(); // a task of a warm pool: a few milliseconds
            }
            pool.mapAsync(x -> x, List.of(1, 2)); // never asked: no pool-done of its own (the pool's close writes one)
            System.out.println("before close");
        }
        try (ProcessPoolExecutor executor = new ProcessPoolExecutor(1)) {
            sum += executor.map(x -> x, List.of(1, 2, 3)).size();
            sum += executor.submit(() -> 1).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        System.out.println("sum " + sum);
    }
}
