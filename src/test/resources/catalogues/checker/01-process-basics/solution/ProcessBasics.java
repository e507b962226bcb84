import dev.mppractice.mp.Process;

import java.time.Duration;

public class ProcessBasics {

    static void worker(String name, Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
        System.out.println("Process " + name + " done");
    }

    public static void main(String[] args) throws InterruptedException {
        var p = new Process(() -> worker("Alpha", Duration.ofMillis(100)));
        p.start();
        p.join();
        System.out.println("Main process done");
    }
}
