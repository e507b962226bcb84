import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import dev.mppractice.mp.EmptyQueueException;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

public class QueuePrimes {

    static void computePrimes(int limit, Queue<List<Integer>> resultQueue) {
        var primes = IntStream.range(2, limit)
                .filter(n -> IntStream.range(2, n).allMatch(i -> n % i != 0))
                .boxed()
                .toList();
        resultQueue.put(primes);
    }

    public static void main(String[] args) throws InterruptedException {
        var q = new Queue<List<Integer>>();
        var p = new Process(() -> computePrimes(50, q));
        p.start();
        Thread.sleep(2000); // the child is surely done by now
        var result = q.get(Duration.ofMillis(1));
        p.join();
        System.out.println(result);
    }
}
