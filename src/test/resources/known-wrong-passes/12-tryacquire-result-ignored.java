import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Value;

import java.util.ArrayList;

public class CounterRace {

    static final int PROCESSES = 4;
    static final int INCREMENTS = 500;

    /** Computing the new value takes a moment, which leaves room for a race. */
    static int slowIncrement(int value) throws InterruptedException {
        Thread.sleep(1);
        return value + 1;
    }

    static void work(IntValue counter, int increments) throws InterruptedException {
        for (int i = 0; i < increments; i++) {
            var lock = counter.getLock();
            boolean got = lock.tryAcquire(java.time.Duration.ofMillis(300));
            try {
                counter.set(slowIncrement(counter.get()));
            } finally {
                if (got) lock.release();
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        var counter = Value.ofInt(0);
        var workers = new ArrayList<Process>();
        for (int i = 0; i < PROCESSES; i++) {
            workers.add(new Process(() -> work(counter, INCREMENTS)));
        }
        for (var p : workers) {
            p.start();
        }
        for (var p : workers) {
            p.join();
        }
        System.out.println("Expected: " + PROCESSES * INCREMENTS);
        System.out.println("Counter: " + counter.get());
    }
}
