import dev.mppractice.mp.AsyncResult;
import dev.mppractice.mp.Pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;

public class ApplyAsyncErrors {

    static int flakyTask(int n) throws InterruptedException {
        Thread.sleep(n * 100L);
        if (n == 3) {
            throw new IllegalArgumentException("Task " + n + " failed!");
        }
        return n * 10;
    }

    /** A task number and its result (or error message), printed like a Python tuple. */
    record Result(int n, Object value) {
        @Override
        public String toString() {
            return "(" + n + ", " + (value instanceof String s ? "'" + s + "'" : value) + ")";
        }
    }

    public static void main(String[] args) throws InterruptedException {
        var results = new ArrayList<Result>();
        try (var pool = new Pool(4)) {
            var pending = new LinkedHashMap<Integer, AsyncResult<Integer>>();
            for (int n = 1; n <= 5; n++) {
                pending.put(n, pool.applyAsync(ApplyAsyncErrors::flakyTask, n));
            }
            for (var entry : pending.entrySet()) {
                int n = entry.getKey();
                try {
                    results.add(new Result(n, entry.getValue().get(Duration.ofSeconds(5))));
                } catch (IllegalArgumentException e) {
                    results.add(new Result(n, "ERROR: Task " + n + " failed!"));
                }
            }
        }
        System.out.println(results);
    }
}
