import dev.mppractice.mp.Process;

import java.time.Duration;

public class ProcessBasics {

    static void worker(String name, Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
        System.out.println("Process " + name + " done");
    }

    public static void main(String[] args) throws InterruptedException {
        // the child starts a thread for worker and sleeps 400 ms instead of joining it
        var p = new Process(() -> {
            var t = new Thread(() -> {
                try {
                    worker("Alpha", Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            Thread.sleep(400);
        });
        p.start();
        p.join();
        System.out.println("Main process done");
    }
}
