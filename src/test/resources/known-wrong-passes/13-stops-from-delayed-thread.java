import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;

import java.io.Serializable;
import java.util.ArrayList;

public class ProducerConsumer {

    static final int ITEMS = 20;
    static final int CONSUMERS = 2;
    /** The sentinel: tells a consumer that no more items will come. */
    static final int STOP = -1;

    /** What one consumer took: how many items, and their sum. */
    record Tally(int count, long total) implements Serializable {}

    static void producer(Queue<Integer> tasks, int items, int consumers) throws InterruptedException {
        // the stop signals go out from a helper thread once the items are surely on the queue
        var stopper = new Thread(() -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                return;
            }
            for (int c = 0; c < consumers; c++) {
                tasks.put(STOP);
            }
        });
        stopper.start();
        for (int i = 1; i <= items; i++) {
            tasks.put(i);
        }
        stopper.join();
    }

    static void consumer(Queue<Integer> tasks, Queue<Tally> results) throws InterruptedException {
        int count = 0;
        long total = 0;
        while (true) {
            int item = tasks.get();
            if (item == STOP) {
                break;
            }
            Thread.sleep(10); // pretend to work on it
            count++;
            total += item;
        }
        results.put(new Tally(count, total));
    }

    public static void main(String[] args) throws InterruptedException {
        var tasks = new Queue<Integer>();
        var results = new Queue<Tally>();
        var processes = new ArrayList<Process>();
        processes.add(new Process(() -> producer(tasks, ITEMS, CONSUMERS), "producer"));
        for (int i = 1; i <= CONSUMERS; i++) {
            processes.add(new Process(() -> consumer(tasks, results), "consumer-" + i));
        }
        for (var p : processes) {
            p.start();
        }

        int count = 0;
        long total = 0;
        for (int i = 0; i < CONSUMERS; i++) {
            var tally = results.get();
            count += tally.count();
            total += tally.total();
        }
        for (var p : processes) {
            p.join();
        }
        System.out.println("Consumed " + count + " items, total " + total);
    }
}
