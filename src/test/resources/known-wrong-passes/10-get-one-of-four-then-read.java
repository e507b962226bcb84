import dev.mppractice.mp.AsyncResult;
import dev.mppractice.mp.Manager;
import dev.mppractice.mp.Pool;
import dev.mppractice.mp.ProcessPoolExecutor;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

public class ManagerDict {

    record Stats(int words, int chars) implements Serializable {}

    /** One task: a text, its number, and the map to write its statistics into. */
    record Job(int textId, String text, Map<Integer, Stats> sharedStats) implements Serializable {}

    static int analyzeText(Job job) {
        var words = job.text().split("\\s+");
        job.sharedStats().put(job.textId(), new Stats(words.length, job.text().length()));
        return job.textId();
    }

    static void printStats(Map<Integer, Stats> sharedStats, int n) {
        for (int i = 0; i < n; i++) {
            var s = sharedStats.get(i);
            System.out.printf("Text %d: %d words, %d chars%n", i, s.words(), s.chars());
        }
    }

    public static void main(String[] args) throws Exception {
        var texts = List.of(
                "The quick brown fox jumps over the lazy dog",
                "Python is a great programming language for data science",
                "Multiprocessing bypasses the GIL for CPU bound tasks",
                "Shared memory and queues enable inter process communication");
        try (var manager = Manager.start()) {
            Map<Integer, Stats> sharedStats = manager.dict();
            var jobs = IntStream.range(0, texts.size())
                    .mapToObj(i -> new Job(i, texts.get(i), sharedStats))
                    .toList();
            try (var pool = new Pool(4)) {
                var results = new ArrayList<AsyncResult<Integer>>();
                for (var job : jobs) {
                    results.add(pool.applyAsync(ManagerDict::analyzeText, job));
                }
                results.get(0).get(); // waits for the first text only
                Thread.sleep(2000);
                printStats(sharedStats, texts.size());
            }
        }
    }
}
