import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Task;
import dev.mppractice.mp.Value;

public class Supervisor {

    /**
     * Does maxRounds rounds of work, but its first {@code crashes} attempts crash (attempt k at
     * round k % maxRounds). The attempt count lives in shared memory, so it survives the crashes.
     */
    static void unreliableWorker(int workerId, int maxRounds, int crashes, IntValue attempts)
            throws InterruptedException {
        int attempt = attempts.get() + 1;
        attempts.set(attempt);
        for (int round = 0; round < maxRounds; round++) {
            Thread.sleep(50);
            if (attempt <= crashes && round == attempt % maxRounds) {
                throw new IllegalStateException("Worker " + workerId + " crashed at round " + round);
            }
        }
        System.out.println("Worker " + workerId + " completed all rounds");
    }

    private final String name;
    private final Task target;
    private final int maxRestarts;

    Supervisor(String name, Task target, int maxRestarts) {
        this.name = name;
        this.target = target;
        this.maxRestarts = maxRestarts;
    }

    void run() throws InterruptedException {
        int restarts = 0;
        while (true) {
            var p = new Process(target, name);
            p.start();
            p.join();
            int exitCode = p.exitCode();
            if (exitCode == 0) {
                return;
            }
            if (restarts == maxRestarts) {
                System.out.println("Max restarts (" + maxRestarts + ") exceeded");
                return;
            }
            restarts++;
            System.out.printf("Restarting %s after exit code %d (restart %d of %d)%n",
                    name, exitCode, restarts, maxRestarts);
            Thread.sleep(10); // brief backoff before the restart
        }
    }

    public static void main(String[] args) throws InterruptedException {
        // Worker 42 crashes on its first 3 attempts, then completes its rounds.
        var attempts42 = Value.ofInt(0);
        new Supervisor("worker-42", () -> unreliableWorker(42, 5, 3, attempts42), 10).run();

        // Worker 7 never completes: its supervisor must give up after 2 restarts.
        var attempts7 = Value.ofInt(0);
        new Supervisor("worker-7", () -> unreliableWorker(7, 5, Integer.MAX_VALUE, attempts7), 2).run();
    }
}
