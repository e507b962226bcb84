import dev.mppractice.mp.Pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

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

    public static void main(String[] args) {
        var items = IntStream.rangeClosed(1, 8).boxed().toList();
        var received = new ArrayList<Integer>();
        // TODO: in a Pool of 4 workers, use imapUnordered to process the items as they complete.
        //       Add each square to `received` as it arrives (print arrivals to System.err if
        //       you want to watch them: standard output must show only the final line).
        System.out.println("All 8 results received: " + pythonic(received.size() == 8));
    }
}
