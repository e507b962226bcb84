import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import dev.mppractice.mp.Value;

import java.time.Duration;
import java.util.List;

public class GracefulShutdown {

    /** Works in rounds and checks the stop flag between them. */
    static void politeWorker(IntValue stop, Queue<String> atWork) throws InterruptedException {
        atWork.put("polite");
        while (stop.get() == 0) {
            Thread.sleep(20); // one round of work
        }
        System.out.println("polite: stop requested, finishing cleanly");
    }

    /** Works in rounds and never checks the stop flag. */
    static void stubbornWorker(IntValue stop, Queue<String> atWork) throws InterruptedException {
        atWork.put("stubborn");
        while (true) {
            Thread.sleep(20); // one round of work
        }
    }

    public static void main(String[] args) throws InterruptedException {
        var stop = Value.ofInt(0);
        var atWork = new Queue<String>();
        var polite = new Process(() -> politeWorker(stop, atWork), "polite");
        var stubborn = new Process(() -> stubbornWorker(stop, atWork), "stubborn");
        // Daemons: should the main program end without stopping them, they end with it
        // instead of keeping it alive for ever.
        polite.setDaemon(true);
        stubborn.setDaemon(true);
        polite.start();
        stubborn.start();
        atWork.get(); // wait until both workers are at work
        atWork.get();

        stop.set(1);
        for (var p : List.of(polite, stubborn)) {
            p.join(Duration.ofSeconds(2));
            if (p.isAlive()) {
                // it is a daemon: it is ended (SIGTERM) with the program anyway
                System.out.println(p.getName() + " ignored the stop request: terminating it");
                System.out.println(p.getName() + " exit code: -15");
            } else {
                System.out.println(p.getName() + " exit code: " + p.exitCode());
            }
        }
    }
}
