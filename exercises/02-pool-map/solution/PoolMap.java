import dev.mppractice.mp.Pool;

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
        try (var pool = new Pool()) {
            var results = pool.map(PoolMap::cpuIntensive, numbers);
            System.out.println(results);
        }
    }
}
