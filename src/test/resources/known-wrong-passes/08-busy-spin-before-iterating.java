import dev.mppractice.mp.Pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

public class ImapUnordered {

    /** A result: the square of the item, and how long it took, in seconds. */
    record Timed(int square, double delay) implements Serializable {}

    static Timed slowProcess(int item) throws InterruptedException {
        double delay = ThreadLocalRandom.current().nextDouble(0.05, 0.2);
        Thread.sleep((long) (delay * 1000));
        return new Timed(item * item, delay);
    }

    /** Prints a boolean the way the Python original did: True or False. */
    static String pythonic(boolean value) {
        return value ? "True" : "False";
    }

    public static void main(String[] args) throws Exception {
        var items = IntStream.rangeClosed(1, 8).boxed().toList();
        var received = new ArrayList<Integer>();
        try (var pool = new Pool(4)) {
            var results = pool.imapUnordered(ImapUnordered::slowProcess, items);
            // do "other work" for 2.5 s before looking at the results
            long until = System.nanoTime() + 2_500_000_000L;
            long x = 0;
            while (System.nanoTime() < until) {
                x += System.nanoTime() % 7;
            }
            System.err.println("other work: " + x);
            for (var t : results) {
                received.add(t.square());
            }
        }
        System.out.println("All 8 results received: " + pythonic(received.size() == 8));
    }
}
