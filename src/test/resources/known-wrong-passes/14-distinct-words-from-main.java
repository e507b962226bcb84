import dev.mppractice.mp.Pool;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

public class MapReduce {

    static final List<String> TEXT = List.of(
            "It was the best of times, it was the worst of times,",
            "it was the age of wisdom, it was the age of foolishness,",
            "it was the epoch of belief, it was the epoch of incredulity,",
            "it was the season of Light, it was the season of Darkness,",
            "it was the spring of hope, it was the winter of despair,",
            "we had everything before us, we had nothing before us,",
            "we were all going direct to Heaven, we were all going direct the other way -",
            "in short, the period was so far like the present period,",
            "that some of its noisiest authorities insisted on its being received,",
            "for good or for evil, in the superlative degree of comparison only.");

    /** The map step: the words of some lines, and how often each occurs. */
    static Map<String, Integer> countWords(List<String> lines) {
        var counts = new HashMap<String, Integer>();
        for (var line : lines) {
            for (var word : line.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                if (!word.isEmpty()) {
                    counts.merge(word, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Cuts the lines into chunks of at most {@code size} lines. */
    static List<List<String>> chunks(List<String> lines, int size) {
        return IntStream.range(0, (lines.size() + size - 1) / size)
                .mapToObj(i -> lines.subList(i * size, Math.min(lines.size(), (i + 1) * size)))
                .map(List::copyOf)
                .toList();
    }

    public static void main(String[] args) {
        var chunks = chunks(TEXT, 3);
        var totals = new HashMap<String, Integer>();
        try (var pool = new Pool()) {
            var partials = pool.map(MapReduce::countWords, chunks);
            for (var partial : partials) {
                partial.forEach((word, n) -> totals.merge(word, n, Integer::sum));
            }
        }

        int words = totals.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("Words: " + words);
        var distinct = new java.util.HashSet<String>();
        for (var line : TEXT) {
            for (var w : line.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                if (!w.isEmpty()) distinct.add(w);
            }
        }
        System.out.println("Distinct words: " + distinct.size());
        System.out.println("Top 5: " + totals.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(5)
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
    }
}
