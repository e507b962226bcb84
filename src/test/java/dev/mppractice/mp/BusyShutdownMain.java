package dev.mppractice.mp;

import java.time.Duration;

/**
 * A program that ends while its pool is busy and its processes run: two workers each on a task
 * that never ends, four more tasks queued, a daemon process and (unless it ends by returning or
 * throwing, which a running non-daemon child would hold up) a non-daemon one. Once all of that
 * runs it prints {@code BUSY}, then ends as its argument says: {@code return} from main,
 * {@code exit} ({@code System.exit(3)}), {@code throw} an exception out of main, or {@code wait}
 * for a signal.
 */
public final class BusyShutdownMain {
    private BusyShutdownMain() {
    }

    /** Keeps a core busy until the process is ended. */
    static int spin(IntArray running, int slot) {
        running.set(slot, 1);
        long x = slot;
        while (true) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if (x == 42) {
                return (int) x;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        IntArray running = Array.ofInts(4);
        Pool pool = new Pool(2);
        for (int i = 0; i < 6; i++) {
            int slot = Math.min(i, 1);
            pool.applyAsync(() -> spin(running, slot));
        }
        Process daemon = new Process(() -> spin(running, 2));
        daemon.setDaemon(true);
        daemon.start();
        boolean keepsItsParentAlive = mode.equals("return") || mode.equals("throw");
        Process other = new Process(() -> spin(running, 3));
        other.setDaemon(keepsItsParentAlive);
        other.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (running.toList().contains(0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the work did not start: " + running);
            }
            Thread.sleep(5);
        }
        System.out.println("BUSY");
        System.out.flush();
        switch (mode) {
            case "exit" -> System.exit(3);
            case "throw" -> throw new IllegalStateException("the program fails on purpose");
            case "wait" -> Thread.sleep(120_000);
            default -> {
            }
        }
    }
}
