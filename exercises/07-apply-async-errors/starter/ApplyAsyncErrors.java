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
        // TODO: in a Pool of 4 workers, submit 5 tasks (n = 1..5) with applyAsync.
        //       Collect each result with a 5-second timeout, in order of n.
        //       Catch the IllegalArgumentException of a failing task and record
        //       "ERROR: " + its message instead of a value.
        System.out.println(results);
    }
}
