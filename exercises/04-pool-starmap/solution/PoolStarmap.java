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
            var results = pool.starmap(PoolStarmap::power, pairs);
            System.out.println(results);
        }
    }
}
