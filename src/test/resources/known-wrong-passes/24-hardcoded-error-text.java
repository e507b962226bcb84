import dev.mppractice.mp.ProcessPoolExecutor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

public class ExecutorFutures {

    /** A year of daily readings from a station, simulated: CPU work that takes a while. */
    static long rainfall(String station) {
        if (station.equals("Atlantis")) {
            throw new IllegalArgumentException("no station in " + station);
        }
        long seed = station.hashCode();
        long total = 0;
        for (int day = 0; day < 365; day++) {
            for (int sample = 0; sample < 300_000; sample++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
            }
            total += (seed >>> 33) % 12;
        }
        return total;
    }

    public static void main(String[] args) {
        List<String> stations = List.of("Oslo", "Lima", "Atlantis", "Perth", "Quito");
        try (ProcessPoolExecutor executor = new ProcessPoolExecutor(2)) {
            Map<String, CompletableFuture<Long>> futures = new LinkedHashMap<>();
            for (String station : stations) {
                futures.put(station, executor.submit(() -> rainfall(station)));
            }
            CompletableFuture<Long> total = CompletableFuture.completedFuture(0L);
            for (Map.Entry<String, CompletableFuture<Long>> e : futures.entrySet()) {
                CompletableFuture<Long> mm = e.getValue().exceptionally(failure -> -1L);
                total = total.thenCombine(mm, (sum, v) -> v < 0 ? sum : sum + v);
                String line = e.getValue()
                        .handle((v, failure) -> failure == null ? v + " mm" : "no data (no station in Atlantis)")
                        .join();
                System.out.println(e.getKey() + ": " + line);
            }
            System.out.println("total: " + total.join() + " mm");
        }
    }
}
