import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;

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
        // TODO: start a Process that finds the primes below 50 with computePrimes.
        //       Take the result off the queue, print it, and join the process.
    }
}
