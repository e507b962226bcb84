package dev.mppractice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mppractice.mp.Connection;
import dev.mppractice.mp.Event;
import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Manager;
import dev.mppractice.mp.Multiprocessing;
import dev.mppractice.mp.Pipe;
import dev.mppractice.mp.Pool;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import dev.mppractice.mp.Semaphore;
import dev.mppractice.mp.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The twin of the seed's {@code bench_mp.py}: the same workloads (rows a to i) on the {@code mp}
 * library, the same table, and with {@code --json FILE} the same keys (without the
 * {@code _fork}/{@code _spawn} suffixes). With {@code --compare CPYTHON.json} (the output of
 * {@code bench_mp.py --json}) it also prints both side by side, with the ratios and the aims.
 *
 * <p>Every figure is the median of 5 repeats, min and max kept, as in the Python original.
 */
public final class MpBench {
    static final int REPEATS = 5;

    private MpBench() {
    }

    static int sq(int x) {
        return x * x;
    }

    static void noop() {
    }

    static void queueProducer(Queue<Integer> q, Semaphore atGo, Event go, int n) {
        atGo.release();
        go.await();
        for (int i = 0; i < n; i++) {
            q.put(i);
        }
    }

    static void echo(Connection conn) {
        while (true) {
            Object msg = conn.recv();
            if (msg == null) {
                break;
            }
            conn.send(msg);
        }
        conn.close();
    }

    static void valueIncr(IntValue v, Semaphore atGo, Event go, int n) {
        atGo.release();
        go.await();
        for (int i = 0; i < n; i++) {
            try (var held = v.getLock().acquire()) {
                v.set(v.get() + 1);
            }
        }
    }

    // ------------------------------------------------------------------------------ helpers

    static Map<String, Object> summarize(List<Double> samples) {
        double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", median);
        m.put("min", s[0]);
        m.put("max", s[s.length - 1]);
        m.put("samples", samples);
        return m;
    }

    static double timeit(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static List<Double> repeat(Supplier<Double> one) {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            samples.add(one.get());
        }
        return samples;
    }

    // ------------------------------------------------------------------------------ benches

    static Map<String, Object> poolLifecycle() {
        return summarize(repeat(() -> timeit(() -> {
            Pool p = new Pool(2);
            p.close();
        }) * 1e3));
    }

    /** Extra (not in bench_mp.py): the same, with a spare JVM for each worker ready (1 s between pools). */
    static Map<String, Object> poolLifecycleSparesReady() {
        return summarize(repeat(() -> {
            sleep(1000);
            return timeit(() -> {
                Pool p = new Pool(2);
                p.close();
            }) * 1e3;
        }));
    }

    /** Extra (not in bench_mp.py): map's throughput once the JIT compilers have done their work (50 maps first). */
    static Map<String, Object> poolMapJitWarm() {
        int n = 10_000;
        List<Integer> data = IntStream.range(0, n).boxed().toList();
        try (Pool pool = new Pool(2)) {
            for (int i = 0; i < 50; i++) {
                pool.map(MpBench::sq, data);
            }
            return summarize(repeat(() -> n / timeit(() -> pool.map(MpBench::sq, data))));
        }
    }

    /** Extra (not in bench_mp.py): start + join when the spare JVM has had time to start (0.5 s between processes). */
    static Map<String, Object> processStartJoinSpareReady() {
        return summarize(repeat(() -> {
            sleep(500);
            return timeit(() -> {
                Process p = new Process(MpBench::noop);
                p.start();
                p.join();
            }) * 1e3;
        }));
    }

    static Map<String, Object> poolMap(int chunksize) {
        int n = 10_000;
        List<Integer> data = IntStream.range(0, n).boxed().toList();
        try (Pool pool = new Pool(2)) {
            pool.map(MpBench::sq, IntStream.range(0, 1000).boxed().toList());
            return summarize(repeat(() -> n / timeit(() -> pool.map(MpBench::sq, data, chunksize))));
        }
    }

    static Map<String, Object> applyAsync() {
        int n = 1000;
        try (Pool pool = new Pool(2)) {
            for (int i = 0; i < 50; i++) {
                pool.applyAsync(MpBench::sq, i).get();
            }
            return summarize(repeat(() -> timeit(() -> {
                for (int i = 0; i < n; i++) {
                    pool.applyAsync(MpBench::sq, i).get();
                }
            }) / n * 1e6));
        }
    }

    static Map<String, Object> processStartJoin() {
        int k = 10;
        return summarize(repeat(() -> timeit(() -> {
            for (int i = 0; i < k; i++) {
                Process p = new Process(MpBench::noop);
                p.start();
                p.join();
            }
        }) / k * 1e3));
    }

    static Map<String, Object> queue() {
        int n = 100_000;
        return summarize(repeat(() -> {
            Queue<Integer> q = new Queue<>();
            Event go = new Event();
            // bench_mp.py sleeps 50 ms "to let the child reach go.wait()", which a forked child does in
            // 2 ms; a JVM child takes about as long as row d to get there, and a row that did not wait
            // for it measured its boot as well. So each child says when it is at go, and the 50 ms follow.
            Semaphore atGo = new Semaphore(0);
            Process p = new Process(() -> queueProducer(q, atGo, go, n));
            p.start();
            atGo.acquire(); // taken for good: the child is at go
            sleep(50);
            long t0 = System.nanoTime();
            go.set();
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += q.get();
            }
            double t = (System.nanoTime() - t0) / 1e9;
            p.join();
            check(s == (long) n * (n - 1) / 2, "queue sum " + s);
            return n / t;
        }));
    }

    static Map<String, Object> pipePingpong() {
        int n = 10_000;
        Pipe pipe = Pipe.open();
        Connection parent = pipe.left();
        Connection child = pipe.right();
        Process p = new Process(() -> echo(child));
        p.start();
        for (int i = 0; i < 200; i++) {
            parent.send(i);
            parent.recv();
        }
        List<Double> samples = repeat(() -> timeit(() -> {
            for (int i = 0; i < n; i++) {
                parent.send(i);
                parent.recv();
            }
        }) / n * 1e6);
        parent.send(null);
        p.join();
        return summarize(samples);
    }

    static Map<String, Object> valueLock() {
        int n = 100_000;
        return summarize(repeat(() -> {
            IntValue v = Value.ofInt(0);
            Event go = new Event();
            Semaphore atGo = new Semaphore(0); // as in queue(): the children say when they are at go
            List<Process> ps = List.of(new Process(() -> valueIncr(v, atGo, go, n)),
                    new Process(() -> valueIncr(v, atGo, go, n)));
            ps.forEach(Process::start);
            atGo.acquire(); // taken for good: the child is at go
            atGo.acquire(); // taken for good: the child is at go
            sleep(50);
            long t0 = System.nanoTime();
            go.set();
            ps.forEach(Process::join);
            double t = (System.nanoTime() - t0) / 1e9;
            check(v.get() == 2 * n, "value " + v.get());
            return 2 * n / t;
        }));
    }

    static Map<String, Object> managerDict() {
        int n = 10_000;
        Map<String, Object> res = new LinkedHashMap<>();
        try (Manager m = Manager.start()) {
            Map<Integer, Integer> d = m.dict();
            d.put(0, 0);
            res.put("set", summarize(repeat(() -> n / timeit(() -> {
                for (int i = 0; i < n; i++) {
                    d.put(i, i);
                }
            }))));
            res.put("get", summarize(repeat(() -> n / timeit(() -> {
                for (int i = 0; i < n; i++) {
                    d.get(i);
                }
            }))));
            res.put("mixed", summarize(repeat(() -> n / timeit(() -> {
                for (int i = 0; i < n / 2; i++) {
                    d.put(i, i);
                    d.get(i);
                }
            }))));
        }
        return res;
    }

    static Map<String, Object> ex09(int pixels) {
        List<int[]> images = ImagePipeline.images(pixels);
        List<Double> ser = new ArrayList<>();
        List<Double> par = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        List<int[]> ref = null;
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            List<int[]> r1 = ImagePipeline.serial(images);
            ser.add((System.nanoTime() - t0) / 1e6);
            t0 = System.nanoTime();
            List<int[]> r2 = ImagePipeline.parallel(images);
            par.add((System.nanoTime() - t0) / 1e6);
            check(same(r1, r2), "parallel results differ");
            ref = r1;
        }
        try (Pool pool = new Pool(2)) {
            pool.map(MpBench::sq, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                List<int[]> r3 = pool.map(ImagePipeline::processImage, images);
                warm.add((System.nanoTime() - t0) / 1e6);
                check(same(r3, ref), "warm pool results differ");
            }
        }
        Map<String, Object> s = summarize(ser);
        Map<String, Object> p = summarize(par);
        Map<String, Object> w = summarize(warm);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("serial_ms", s);
        out.put("parallel_ms", p);
        out.put("warm_pool_map_ms", w);
        out.put("speedup", (double) s.get("median") / (double) p.get("median"));
        out.put("speedup_warm", (double) s.get("median") / (double) w.get("median"));
        return out;
    }

    /** The image sizes {@link #crossover} tries, in pixels. */
    static final int[] CROSSOVER_PIXELS = {10_000, 25_000, 50_000, 100_000, 200_000, 400_000, 800_000};

    /**
     * Exercise 9's 8 images on a warm Pool(2) against serial, for growing images, both sides JIT-warm (each
     * size is run three times before it is timed): where the pool begins to pay, and where it reaches 1.6x.
     * Prints a table; not part of the JSON, whose keys are bench_mp.py's.
     */
    static void crossover() {
        System.out.println("| pixels per image | serial ms | warm Pool(2).map ms | speed-up |");
        System.out.println("|---|---|---|---|");
        try (Pool pool = new Pool(2)) {
            for (int pixels : CROSSOVER_PIXELS) {
                List<int[]> images = ImagePipeline.images(pixels);
                List<Double> ser = new ArrayList<>();
                List<Double> warm = new ArrayList<>();
                for (int i = 0; i < REPEATS + 3; i++) {
                    long t0 = System.nanoTime();
                    List<int[]> r1 = ImagePipeline.serial(images);
                    double s = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    List<int[]> r2 = pool.map(ImagePipeline::processImage, images);
                    double w = (System.nanoTime() - t0) / 1e6;
                    check(same(r1, r2), "warm pool results differ");
                    if (i >= 3) {
                        ser.add(s);
                        warm.add(w);
                    }
                }
                double sm = (double) summarize(ser).get("median");
                double wm = (double) summarize(warm).get("median");
                System.out.printf(Locale.ROOT, "| %,d | %.2f | %.2f | %.2fx |%n", pixels, sm, wm, sm / wm);
            }
        }
    }

    private static boolean same(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark self-check failed: " + what);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Object> env() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("java", System.getProperty("java.version"));
        e.put("vm", System.getProperty("java.vm.name"));
        e.put("platform", System.getProperty("os.name") + "-" + System.getProperty("os.version") + "-"
                + System.getProperty("os.arch"));
        e.put("cpu_count", Multiprocessing.cpuCount());
        e.put("repeats", REPEATS);
        return e;
    }

    // ------------------------------------------------------------------------------ main

    /** The rounds {@code --recording-cost} was given; says what is wrong and exits 2 when it is not a count. */
    private static int rounds(String given) {
        try {
            int n = Integer.parseInt(given);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        System.err.println("mp-bench: --recording-cost needs how many runs of each kind to make, 1 or more (4, say),"
                + " not \"" + given + "\"");
        System.exit(2);
        return 0;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path json = null;
        int costRounds = 0;
        Path compare = null;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = Path.of(args[++i]);
                case "--compare" -> compare = Path.of(args[++i]);
                case "--only" -> only.addAll(Arrays.asList(args[++i].split(",")));
                // before the library's first use: the main process reads mp.record when it is set up
                case "--record" -> System.setProperty("mp.record", args[++i]);
                case "--recording-cost" -> costRounds = rounds(i + 1 < args.length ? args[++i] : "");
                case "--crossover" -> {
                    crossover();
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println("usage: mp-bench [--json FILE] [--compare CPYTHON_JSON] [--only a,b,...] [--record FILE]"
                            + " [--recording-cost N] [--crossover]");
                    System.out.println("  --json FILE       write the figures as JSON (the keys of bench_mp.py --json)");
                    System.out.println("  --compare FILE    also print a side-by-side table against bench_mp.py --json FILE");
                    System.out.println("  --only ROWS       run only these rows (letters a to i)");
                    System.out.println("  --record FILE     record the run as check does (-Dmp.record), to measure what recording costs");
                    System.out.println("  --recording-cost N  run the rows N times not recorded and N times recorded, in pairs that take turns at which runs first,"
                            + " in JVMs of their own; print each figure's cost (recorded / not, per pair)");
                    System.out.println("  --crossover       only row i's warm pool against serial for growing images (where the pool pays)");
                    return;
                }
                default -> {
                    System.err.println("mp-bench: unknown argument " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        if (costRounds > 0) {
            RecordingCost.run(costRounds, only);
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("env", env());
        out.put("recorded", System.getProperty("mp.record") != null);
        Map<String, Supplier<Object>> steps = new LinkedHashMap<>();
        steps.put("a_pool2_create_close_join_ms", MpBench::poolLifecycle);
        steps.put("a_pool2_create_close_join_ms_spares_ready", MpBench::poolLifecycleSparesReady);
        steps.put("b_pool_map_10k_tasks_per_s_default_chunksize", () -> poolMap(0));
        steps.put("b_pool_map_10k_tasks_per_s_chunksize1", () -> poolMap(1));
        steps.put("b_pool_map_10k_tasks_per_s_default_chunksize_jit_warm", MpBench::poolMapJitWarm);
        steps.put("c_apply_async_roundtrip_us_per_task", MpBench::applyAsync);
        steps.put("d_process_start_join_ms", MpBench::processStartJoin);
        steps.put("d_process_start_join_ms_spare_ready", MpBench::processStartJoinSpareReady);
        steps.put("e_queue_100k_msgs_per_s", MpBench::queue);
        steps.put("f_pipe_pingpong_us_per_roundtrip", MpBench::pipePingpong);
        steps.put("g_value_get_lock_2x100k_ops_per_s", MpBench::valueLock);
        steps.put("h_manager_dict_ops_per_s", MpBench::managerDict);
        steps.put("i_ex09_8x1000", () -> ex09(1000));
        steps.put("i_ex09_8x200000", () -> ex09(200_000));
        long tAll = System.nanoTime();
        for (var step : steps.entrySet()) {
            if (!only.isEmpty() && !only.contains(step.getKey().substring(0, 1))) {
                continue;
            }
            long t0 = System.nanoTime();
            out.put(step.getKey(), step.getValue().get());
            System.err.printf(Locale.ROOT, "%s: done in %.1fs%n", step.getKey(), (System.nanoTime() - t0) / 1e9);
        }
        out.put("total_s", (System.nanoTime() - tAll) / 1e9);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (json != null) {
            mapper.writeValue(json.toFile(), out);
        }
        JsonNode ours = mapper.valueToTree(out);
        Table.print(ours);
        if (compare != null) {
            System.out.println();
            Table.compare((ObjectNode) mapper.readTree(Files.readString(compare)), ours);
        }
    }
}
