import dev.mppractice.mp.Process;

import java.time.Duration;

public class ProcessBasics {

    static void worker(String name, Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
        System.out.println("Process " + name + " done");
    }

    public static void main(String[] args) throws InterruptedException {
        // the child only hands the work to a thread and returns at once
        var p = new Process(() -> {
            var t = new Thread(() -> {
                try { worker("Alpha", Duration.ofMillis(100)); } catch (InterruptedException e) { }
            });
            t.start();
        });
        p.start();
        p.join();
        Thread.sleep(2000);
        System.out.println("Main process done");
    }
}
