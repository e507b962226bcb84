package dev.mppractice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What recording a run costs each row of the benchmark ({@code mp-bench --recording-cost N}): the
 * benchmark is run in fresh JVMs, N times without a record and N times with one, in pairs, and each
 * row's cost is the ratio of the pair's two figures, recorded over not, so that a machine whose speed
 * drifts during the call still gives ratios that mean something. The pairs take turns at which runs
 * first (off then on, on then off: {@link #recordedFirst}): a run that comes right after another (its
 * children still ending, their memory still being freed) would otherwise always be the recorded one.
 * The cost is printed as the median ratio of the pairs with their range: 1.03 is 3 % slower recorded.
 */
final class RecordingCost {
    private RecordingCost() {
    }

    static void run(int rounds, List<String> only) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mp-bench-cost");
        Map<String, List<Double>> off = new LinkedHashMap<>();
        Map<String, List<Double>> on = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            System.err.printf(Locale.ROOT, "mp-bench: recording cost, round %d of %d%n", round, rounds);
            if (recordedFirst(round)) {
                figures(bench(dir, only, true), "", on);
                figures(bench(dir, only, false), "", off);
            } else {
                figures(bench(dir, only, false), "", off);
                figures(bench(dir, only, true), "", on);
            }
        }
        System.out.println("| figure | not recorded (median) | recorded (median) | cost: recorded / not, per pair (median, range) "
                + "| 95 % interval of that median |");
        System.out.println("|---|---|---|---|---|");
        for (var e : off.entrySet()) {
            List<Double> a = e.getValue();
            List<Double> b = on.get(e.getKey());
            if (b == null || b.size() != a.size()) {
                continue;
            }
            boolean perSecond = e.getKey().contains("per_s");
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                // a cost above 1 is worse recorded: less per second, or more time
                ratios.add(perSecond ? a.get(i) / b.get(i) : b.get(i) / a.get(i));
            }
            double[] interval = medianInterval(ratios, 2000, 1);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f (%.2f - %.2f) | %.2f - %.2f |%n", e.getKey(), figure(median(a)),
                    figure(median(b)), median(ratios), ratios.stream().mapToDouble(d -> d).min().orElse(0),
                    ratios.stream().mapToDouble(d -> d).max().orElse(0), interval[0], interval[1]);
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** Whether pair {@code round} (from 1) runs its recorded benchmark first: every second one does. */
    static boolean recordedFirst(int round) {
        return round % 2 == 0;
    }

    /** One run of the benchmark in a JVM of its own, recorded or not; its figures as JSON. */
    private static JsonNode bench(Path dir, List<String> only, boolean recorded) throws IOException, InterruptedException {
        Path json = dir.resolve("figures.json");
        Path record = dir.resolve("record.jsonl");
        Files.deleteIfExists(json);
        Files.deleteIfExists(record);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MpBench.class.getName(), "--json", json.toString()));
        if (!only.isEmpty()) {
            cmd.addAll(List.of("--only", String.join(",", only)));
        }
        if (recorded) {
            cmd.addAll(List.of("--record", record.toString()));
        }
        java.lang.Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        if (exit != 0 || !Files.exists(json)) {
            throw new IOException("the benchmark ended with exit code " + exit + ": " + String.join(" ", cmd));
        }
        return new ObjectMapper().readTree(json.toFile());
    }

    /** Every figure's median, under its key path ({@code h_manager_dict_ops_per_s.set}). */
    private static void figures(JsonNode node, String path, Map<String, List<Double>> into) {
        if (node.has("median") && node.get("median").isNumber()) {
            into.computeIfAbsent(path, k -> new ArrayList<>()).add(node.get("median").asDouble());
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var f = it.next();
            if (f.getValue().isObject() && !f.getKey().equals("env")) {
                figures(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), into);
            }
        }
    }

    /**
     * Where the median of {@code xs} lies, with 95 % confidence: the 2.5th and 97.5th percentiles of the medians of
     * {@code resamples} resamples of {@code xs} drawn with replacement (the percentile bootstrap), from random numbers
     * seeded with {@code seed}, so that the same pairs always give the same interval. On a noisy machine a cost's
     * median alone does not say whether it is under 5 %: an interval whose top is under 1.05 does.
     */
    static double[] medianInterval(List<Double> xs, int resamples, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[] medians = new double[resamples];
        List<Double> sample = new ArrayList<>(xs.size());
        for (int r = 0; r < resamples; r++) {
            sample.clear();
            for (int i = 0; i < xs.size(); i++) {
                sample.add(xs.get(random.nextInt(xs.size())));
            }
            medians[r] = median(sample);
        }
        java.util.Arrays.sort(medians);
        return new double[] {medians[(int) Math.floor(0.025 * (resamples - 1))], medians[(int) Math.ceil(0.975 * (resamples - 1))]};
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String figure(double x) {
        return x >= 1000 ? String.format(Locale.ROOT, "%,.0f", x) : String.format(Locale.ROOT, "%.2f", x);
    }
}
