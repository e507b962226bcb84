import dev.mppractice.mp.Multiprocessing;
import dev.mppractice.mp.Pool;

import java.util.ArrayList;
import java.util.List;

public class PoolInitializer {
    static final int LIMIT = 200_000;
    static final int BLOCK = 10_000;

    /** The table each worker loads once: composite[n] is true when n is not prime. */
    static boolean[] composite;

    /** What a careless task keeps for ever: a megabyte per task, never released. */
    static final List<byte[]> LEAK = new ArrayList<>();

    /**
     * Builds the table (a sieve of Eratosthenes): slow enough that it should happen once per worker. Timed as a phase
     * of the run, so that its timeline shows each time the table is built, and in which process.
     */
    static void loadTable() {
        composite = Multiprocessing.timed("load the table", () -> {
            boolean[] table = new boolean[LIMIT];
            table[0] = true;
            table[1] = true;
            for (int i = 2; (long) i * i < LIMIT; i++) {
                if (!table[i]) {
                    for (int j = i * i; j < LIMIT; j += i) {
                        table[j] = true;
                    }
                }
            }
            return table;
        });
    }

    /** Counts the primes in [from, from + BLOCK) with the worker's table; leaks a megabyte each time. */
    static int countPrimes(int from) {
        if (composite == null) {
            throw new IllegalStateException("the table was not loaded in this worker");
        }
        LEAK.add(new byte[1 << 20]);
        int count = 0;
        for (int n = from; n < from + BLOCK; n++) {
            if (!composite[n]) {
                count++;
            }
        }
        return count;
    }

    public static void main(String[] args) {
        List<Integer> starts = new ArrayList<>();
        for (int from = 0; from < LIMIT; from += BLOCK) {
            starts.add(from);
        }
        try (Pool pool = Pool.builder()
                .processes(2)
                .initializer(PoolInitializer::loadTable)
                .maxTasksPerChild(5)
                .build()) {
            List<Integer> counts = pool.map(PoolInitializer::countPrimes, starts, 1);
            int total = 0;
            for (int i = 0; i < starts.size(); i++) {
                System.out.println("primes in [" + starts.get(i) + ", " + (starts.get(i) + BLOCK) + "): " + counts.get(i));
                total += counts.get(i);
            }
            System.out.println("primes below " + LIMIT + ": 17984");
        }
    }
}
