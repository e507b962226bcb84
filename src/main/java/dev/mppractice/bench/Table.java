package dev.mppractice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The benchmark's tables: ours in the layout of {@code bench_mp.py}, and ours against CPython's. */
final class Table {
    private Table() {
    }

    static String fmt(double x) {
        if (x >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        if (x >= 10) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        return String.format(Locale.ROOT, "%.3f", x);
    }

    static void print(JsonNode out) {
        JsonNode e = out.get("env");
        System.out.printf("Java %s (%s), cpuCount()=%s, every process a JVM, %s%n", e.get("java").asText(),
                e.get("vm").asText(), e.get("cpu_count").asText(), e.get("platform").asText());
        System.out.printf("each figure: median of %s repeats [min - max]%n%n", e.get("repeats").asText());
        System.out.println("| # | measurement | unit | median | min - max |");
        System.out.println("|---|---|---|---|---|");
        row(out, "a", "Pool(2) create + close + join", "ms", "a_pool2_create_close_join_ms");
        row(out, "a+", "Pool(2) create + close + join, spare JVMs ready (extra)", "ms",
                "a_pool2_create_close_join_ms_spares_ready");
        row(out, "b", "Pool(2).map x*x, 10,000 tasks, default chunksize (warm pool)", "tasks/s",
                "b_pool_map_10k_tasks_per_s_default_chunksize");
        row(out, "b", "Pool(2).map x*x, 10,000 tasks, chunksize=1 (warm pool)", "tasks/s",
                "b_pool_map_10k_tasks_per_s_chunksize1");
        row(out, "b+", "Pool(2).map x*x, 10,000 tasks, default chunksize, JIT warm (50 maps first; extra)", "tasks/s",
                "b_pool_map_10k_tasks_per_s_default_chunksize_jit_warm");
        row(out, "c", "applyAsync(...).get() round trip, 1,000 sequential", "us/task",
                "c_apply_async_roundtrip_us_per_task");
        row(out, "d", "Process(no-op) start + join (mean of 10 per repeat)", "ms", "d_process_start_join_ms");
        row(out, "d+", "Process(no-op) start + join, spare JVM ready (0.5 s apart; extra)", "ms",
                "d_process_start_join_ms_spare_ready");
        row(out, "e", "Queue: child puts 100,000 ints, parent gets", "msgs/s", "e_queue_100k_msgs_per_s");
        row(out, "f", "Pipe ping-pong, 10,000 round trips", "us/round trip", "f_pipe_pingpong_us_per_roundtrip");
        row(out, "g", "Value += 1 under getLock, 2 procs x 100,000", "ops/s", "g_value_get_lock_2x100k_ops_per_s");
        JsonNode h = out.get("h_manager_dict_ops_per_s");
        if (h != null) {
            row("h", "Manager.dict() set, 10,000 ops", "ops/s", h.get("set"));
            row("h", "Manager.dict() get, 10,000 ops", "ops/s", h.get("get"));
            row("h", "Manager.dict() alternating set+get, 10,000 ops", "ops/s", h.get("mixed"));
        }
        for (String[] k : new String[][] {{"i_ex09_8x1000", "8 x 1,000 px"}, {"i_ex09_8x200000", "8 x 200,000 px"}}) {
            JsonNode r = out.get(k[0]);
            if (r == null) {
                continue;
            }
            row("i", "ex09 " + k[1] + ": serial", "ms", r.get("serial_ms"));
            row("i", "ex09 " + k[1] + ": seed parallel (Pool() created inside)", "ms", r.get("parallel_ms"));
            row("i", "ex09 " + k[1] + ": Pool(2).map on already-running pool", "ms", r.get("warm_pool_map_ms"));
            System.out.printf(Locale.ROOT, "| i | ex09 %s: speedup serial/parallel (seed; warm pool) | x | %.2f ; %.2f | |%n",
                    k[1], r.get("speedup").asDouble(), r.get("speedup_warm").asDouble());
        }
        System.out.printf(Locale.ROOT, "%ntotal benchmark wall time: %.1fs%n", out.get("total_s").asDouble());
    }

    private static void row(JsonNode out, String tag, String label, String unit, String key) {
        JsonNode s = out.get(key);
        if (s != null) {
            row(tag, label, unit, s);
        }
    }

    private static void row(String tag, String label, String unit, JsonNode s) {
        System.out.printf("| %s | %s | %s | %s | %s - %s |%n", tag, label, unit, fmt(s.get("median").asDouble()),
                fmt(s.get("min").asDouble()), fmt(s.get("max").asDouble()));
    }

    /** Ours against CPython's, measured on the same machine, with the aims of the library. */
    static void compare(JsonNode py, JsonNode ours) {
        System.out.println("Side by side with CPython (" + py.path("env").path("python").asText("?").split(" ")[0]
                + "), medians; ratio = how many times better mp is (higher is better)");
        System.out.println();
        System.out.println("| # | measurement | unit | CPython | mp | ratio | aim | met |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        cmp("a", "Pool(2) create + close + join (CPython spawn)", "ms", py, "a_pool2_create_close_join_ms_spawn", ours,
                "a_pool2_create_close_join_ms", false, 1.0);
        cmp("a", "Pool(2) create + close + join (CPython fork)", "ms", py, "a_pool2_create_close_join_ms_fork", ours,
                "a_pool2_create_close_join_ms", false, 0);
        cmp("a+", "Pool(2) create + close + join, spares ready (CPython spawn)", "ms", py,
                "a_pool2_create_close_join_ms_spawn", ours, "a_pool2_create_close_join_ms_spares_ready", false, 0);
        cmp("b", "Pool.map, default chunksize", "tasks/s", py, "b_pool_map_10k_tasks_per_s_default_chunksize", ours,
                "b_pool_map_10k_tasks_per_s_default_chunksize", true, 1.0);
        cmp("b+", "Pool.map, default chunksize, JIT warm", "tasks/s", py, "b_pool_map_10k_tasks_per_s_default_chunksize",
                ours, "b_pool_map_10k_tasks_per_s_default_chunksize_jit_warm", true, 0);
        cmp("b", "Pool.map, chunksize=1", "tasks/s", py, "b_pool_map_10k_tasks_per_s_chunksize1", ours,
                "b_pool_map_10k_tasks_per_s_chunksize1", true, 0);
        cmp("c", "applyAsync round trip", "us", py, "c_apply_async_roundtrip_us_per_task", ours,
                "c_apply_async_roundtrip_us_per_task", false, 2.0);
        cmp("d", "Process start + join (CPython spawn)", "ms", py, "d_process_start_join_ms_spawn", ours,
                "d_process_start_join_ms", false, 1.0);
        cmp("d", "Process start + join (CPython fork)", "ms", py, "d_process_start_join_ms_fork", ours,
                "d_process_start_join_ms", false, 0);
        cmp("d+", "Process start + join, spare ready (CPython spawn)", "ms", py, "d_process_start_join_ms_spawn", ours,
                "d_process_start_join_ms_spare_ready", false, 0);
        cmp("e", "Queue throughput", "msgs/s", py, "e_queue_100k_msgs_per_s", ours, "e_queue_100k_msgs_per_s", true, 2.0);
        cmp("f", "Pipe round trip", "us", py, "f_pipe_pingpong_us_per_roundtrip", ours, "f_pipe_pingpong_us_per_roundtrip",
                false, 2.0);
        cmp("g", "locked Value increments", "ops/s", py, "g_value_get_lock_2x100k_ops_per_s", ours,
                "g_value_get_lock_2x100k_ops_per_s", true, 2.0);
        for (String op : new String[] {"set", "get", "mixed"}) {
            cmpNode("h", "Manager dict " + op, "ops/s", py.path("h_manager_dict_ops_per_s").path(op),
                    ours.path("h_manager_dict_ops_per_s").path(op), true, 2.0);
        }
        for (String k : new String[] {"i_ex09_8x1000", "i_ex09_8x200000"}) {
            JsonNode p = py.path(k);
            JsonNode o = ours.path(k);
            if (p.isMissingNode() || o.isMissingNode()) {
                continue;
            }
            String size = k.endsWith("200000") ? "8 x 200,000 px" : "8 x 1,000 px";
            cmpNode("i", "ex09 " + size + " serial", "ms", p.path("serial_ms"), o.path("serial_ms"), false, 0);
            cmpNode("i", "ex09 " + size + " warm pool", "ms", p.path("warm_pool_map_ms"), o.path("warm_pool_map_ms"), false, 0);
            double aim = k.endsWith("200000") ? 1.6 : 0;
            double sw = o.path("speedup_warm").asDouble();
            System.out.printf(Locale.ROOT, "| i | ex09 %s speedup on a warm pool (serial / parallel) | x | %.2f | %.2f | | %s | %s |%n",
                    size, p.path("speedup_warm").asDouble(), sw, aim > 0 ? ">= " + aim + "x" : "",
                    aim > 0 ? (sw >= aim ? "yes" : "NO") : "");
        }
    }

    private static void cmp(String tag, String label, String unit, JsonNode py, String pyKey, JsonNode ours,
            String ourKey, boolean higherIsBetter, double aim) {
        cmpNode(tag, label, unit, py.path(pyKey), ours.path(ourKey), higherIsBetter, aim);
    }

    private static void cmpNode(String tag, String label, String unit, JsonNode p, JsonNode o, boolean higherIsBetter,
            double aim) {
        if (p.isMissingNode() || o.isMissingNode()) {
            return;
        }
        double pm = p.path("median").asDouble();
        double om = o.path("median").asDouble();
        double ratio = higherIsBetter ? om / pm : pm / om;
        String aimText = aim <= 0 ? "" : ">= " + (aim == Math.rint(aim) ? String.valueOf((int) aim) : String.valueOf(aim)) + "x";
        String met = aim <= 0 ? "" : ratio >= aim ? "yes" : "NO";
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2fx | %s | %s |%n", tag, label, unit, fmt(pm), fmt(om),
                ratio, aimText, met);
    }
}
