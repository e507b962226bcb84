import dev.mppractice.mp.Pool;

import java.util.List;

public class PoolMap {

    // TODO: will these sums fit in an int? Compare with the expected output.
    static int cpuIntensive(int n) {
        // Simulate CPU work
        int total = 0;
        for (int i = 0; i < n * 10000; i++) {
            total += i;
        }
        return total;
    }

    public static void main(String[] args) {
        var numbers = List.of(100, 200, 150, 300, 250);
        // TODO: use Pool.map to compute cpuIntensive for each number in parallel.
        //       Print the list of results.
    }
}
