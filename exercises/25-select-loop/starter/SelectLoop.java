import dev.mppractice.mp.Connection;
import dev.mppractice.mp.ConnectionEOFException;
import dev.mppractice.mp.Multiprocessing;
import dev.mppractice.mp.Pipe;
import dev.mppractice.mp.Process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class SelectLoop {

    /** Runs in a sensor's process: sends its readings one by one, pausing between them, then closes its end. */
    static void sensor(int id, int readings, long pauseMillis, Connection out) throws InterruptedException {
        for (int i = 0; i < readings; i++) {
            Thread.sleep(pauseMillis);
            out.send(id * 10 + i);
        }
        out.close();
    }

    public static void main(String[] args) {
        int[] readings = {4, 3, 5};
        long[] pauses = {70, 110, 40};
        Map<Connection, String> names = new HashMap<>();
        Map<String, List<Integer>> received = new LinkedHashMap<>();
        List<Object> waiting = new ArrayList<>();
        for (int s = 0; s < readings.length; s++) {
            String name = "sensor-" + (s + 1);
            Pipe pipe = Pipe.open(false);
            Connection out = pipe.right();
            int id = s + 1;
            int n = readings[s];
            long pause = pauses[s];
            Process p = new Process(() -> sensor(id, n, pause, out), name);
            p.start();
            names.put(pipe.left(), name);
            received.put(name, new ArrayList<>());
            waiting.add(pipe.left());
            waiting.add(p);
        }
        // TODO: until every pipe has reached its end and every process has ended, ask
        //       Multiprocessing.waitFor(waiting, Duration.ofSeconds(10)) which of them are ready;
        //       recv() from each ready Connection (adding the value to its sensor's list), remove a
        //       Connection from `waiting` when recv() throws ConnectionEOFException, and join and
        //       remove each Process that has ended.
        int total = 0;
        for (Map.Entry<String, List<Integer>> e : received.entrySet()) {
            System.out.println(e.getKey() + ": " + e.getValue());
            total += e.getValue().size();
        }
        System.out.println("all " + received.size() + " sensors done, " + total + " readings");
    }
}
