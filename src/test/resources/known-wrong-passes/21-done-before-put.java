import dev.mppractice.mp.JoinableQueue;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

public class JoinableWorkQueue {

    static final int NUMBERS = 20;
    static final int WORKERS = 3;

    /** The answer for one number. */
    record Result(int number, int steps) implements Serializable {}

    /** Collatz steps: how many times n must be halved (if even) or tripled plus one (if odd) to reach 1. */
    static int collatzSteps(int n) {
        int steps = 0;
        while (n != 1) {
            n = n % 2 == 0 ? n / 2 : 3 * n + 1;
            steps++;
        }
        return steps;
    }

    static void worker(JoinableQueue<Integer> tasks, Queue<Result> results) throws InterruptedException {
        while (true) {
            int n = tasks.get();
            Thread.sleep(20); // pretend the work takes a while
            Result r = new Result(n, collatzSteps(n));
            tasks.taskDone();
            results.put(r);
        }
    }

    public static void main(String[] args) {
        var tasks = new JoinableQueue<Integer>();
        var results = new Queue<Result>();
        for (int i = 1; i <= WORKERS; i++) {
            var worker = new Process(() -> worker(tasks, results), "worker-" + i);
            worker.setDaemon(true); // it loops for ever: it ends when the program does
            worker.start();
        }

        for (int n = 1; n <= NUMBERS; n++) {
            tasks.put(n);
        }
        tasks.join();

        Map<Integer, Integer> steps = new TreeMap<>();
        for (int i = 0; i < NUMBERS; i++) {
            var r = results.get();
            steps.put(r.number(), r.steps());
        }
        System.out.println("Collatz steps of 1 to " + NUMBERS + ":");
        steps.forEach((n, s) -> System.out.println(n + ": " + s));
        System.out.println("All " + steps.size() + " numbers done.");
    }
}
