import java.util.List;

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
        // TODO: open a ProcessPoolExecutor of 2 workers in a try-with-resources block and submit
        //       rainfall(station) for every station before waiting for any of them: keep the
        //       CompletableFutures, for instance in a LinkedHashMap<String, CompletableFuture<Long>>.
        // TODO: print "<station>: <mm> mm" for each, or "<station>: no data (<message>)" for the one
        //       that fails, then "total: <sum> mm" of the stations that answered.
        for (String station : stations) {
            System.out.println(station + ": " + rainfall(station) + " mm");
        }
    }
}
