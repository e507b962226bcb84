import dev.mppractice.mp.Manager;
import dev.mppractice.mp.Pool;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

public class ManagerDict {

    record Stats(int words, int chars) implements Serializable {}

    /** One task: a text, its number, and the map to write its statistics into. */
    record Job(int textId, String text, Map<Integer, Stats> sharedStats) implements Serializable {}

    static int analyzeText(Job job) {
        var words = job.text().split("\\s+");
        job.sharedStats().put(job.textId(), new Stats(words.length, job.text().length()));
        return job.textId();
    }

    public static void main(String[] args) {
        var texts = List.of(
                "The quick brown fox jumps over the lazy dog",
                "Python is a great programming language for data science",
                "Multiprocessing bypasses the GIL for CPU bound tasks",
                "Shared memory and queues enable inter process communication");
        // TODO: start a Manager and use its dict() for the shared statistics.
        //       Run analyzeText on one Job per text with Pool.map in a Pool of 4 workers.
        //       Then print "Text <i>: <words> words, <chars> chars" for each text, in order.
    }
}
