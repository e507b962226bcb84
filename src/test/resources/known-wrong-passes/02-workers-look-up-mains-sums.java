import dev.mppractice.mp.Pool;

import java.util.HashMap;
import java.util.List;

public class PoolMap {

    static long cpuIntensive(int n) {
        long total = 0;
        for (int i = 0; i < n * 10000; i++) {
            total += i;
        }
        return total;
    }

    public static void main(String[] args) {
        var numbers = List.of(100, 200, 150, 300, 250);
        // precompute once, then let the pool "fetch" each answer
        var table = new HashMap<Integer, Long>();
        for (int n : numbers) table.put(n, cpuIntensive(n));
        try (var pool = new Pool()) {
            var results = pool.map(n -> table.get(n), numbers);
            System.out.println(results);
        }
    }
}
