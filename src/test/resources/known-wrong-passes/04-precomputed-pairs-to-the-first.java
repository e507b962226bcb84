import dev.mppractice.mp.Args;
import dev.mppractice.mp.Pool;

import java.util.List;

public class PoolStarmap {

    static long power(int base, int exp) {
        long result = 1;
        for (int i = 0; i < exp; i++) {
            result *= base;
        }
        return result;
    }

    public static void main(String[] args) {
        var pairs = List.of(Args.of(2, 10), Args.of(3, 5), Args.of(5, 4), Args.of(10, 3), Args.of(7, 2));
        try (var pool = new Pool()) {
            // powers precomputed; the pool just multiplies each by 1
            var pre = pairs.stream().map(p -> Args.of((int) power(p.a(), p.b()), 1)).toList();
            var results = pool.starmap(PoolStarmap::power, pre);
            System.out.println(results);
        }
    }
}
