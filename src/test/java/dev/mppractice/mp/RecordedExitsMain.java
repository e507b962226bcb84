package dev.mppractice.mp;

import java.time.Duration;

/**
 * A parent whose child writes the value three times and then ends in the way its argument names:
 * {@code return}, {@code exit} ({@code System.exit(3)}), {@code throw}, {@code SIGTERM} (its
 * parent terminates it while it sleeps), {@code daemon-left} (a daemon the parent leaves running: the library ends it
 * as the parent ends). The parent writes its own value twice and returns. Run
 * with a flush interval no run reaches, so that only the ways out write the record.
 */
public final class RecordedExitsMain {
    private RecordedExitsMain() {
    }

    public static void main(String[] args) {
        String how = args[0];
        IntValue v = Value.ofInt(0);
        Queue<String> ready = new Queue<>();
        Process p = new Process(() -> child(v, ready, how));
        if (how.equals("daemon-left")) {
            p.setDaemon(true);
            p.start();
            ready.get(Duration.ofSeconds(60));
            v.set(10);
            v.set(11);
            System.out.println("left running");
            return;
        }
        p.start();
        if (how.equals("SIGTERM")) {
            ready.get(Duration.ofSeconds(60));
            p.terminate();
        }
        p.join();
        v.set(10);
        v.set(11);
        System.out.println("exitcode " + p.exitCode());
    }

    static void child(IntValue v, Queue<String> ready, String how) throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            v.set(i);
        }
        switch (how) {
            case "exit" -> System.exit(3);
            case "throw" -> throw new IllegalStateException("the child ends by throwing");
            case "SIGTERM", "daemon-left" -> {
                ready.put("ready");
                MpTesting.holdUntilKilled(); // until the test's SIGTERM
            }
            default -> {
                // returns
            }
        }
    }
}
