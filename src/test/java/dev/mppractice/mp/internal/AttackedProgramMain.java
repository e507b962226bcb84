package dev.mppractice.mp.internal;

import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * A program whose hub {@link UnauthenticatedConnectionsTest} attacks: it prints
 * {@code SOCKET <path of its hub>}, then keeps a child busy with queue round trips (the child
 * gets from one queue and puts on another, both served by this process's hub) and every 250 ms
 * prints {@code STAT <heap used after a full GC> <live threads> <slowest round trip in ms>
 * <round trips so far>}, until it is killed (after 120 s it ends by itself).
 */
public final class AttackedProgramMain {
    private AttackedProgramMain() {
    }

    public static void main(String[] args) throws Exception {
        Queue<Integer> ping = new Queue<>();
        Queue<Integer> pong = new Queue<>();
        Process echo = new Process(() -> {
            for (Integer i = ping.get(); i >= 0; i = ping.get()) {
                pong.put(i);
            }
        });
        echo.setDaemon(true);
        echo.start();
        ping.put(0);
        pong.get(Duration.ofSeconds(60)); // the child is up and the traffic flows
        System.out.println("SOCKET " + Context.get().socketOf(Context.get().pid()));
        System.out.flush();

        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long rounds = 0;
        while (System.nanoTime() < end) {
            long slowest = 0;
            long until = System.nanoTime() + 250_000_000L;
            while (System.nanoTime() < until) {
                long t0 = System.nanoTime();
                ping.put((int) (++rounds % Integer.MAX_VALUE));
                pong.get(Duration.ofSeconds(60));
                slowest = Math.max(slowest, System.nanoTime() - t0);
                Thread.sleep(5);
            }
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.println("STAT " + heap + " " + threads + " " + slowest / 1_000_000 + " " + rounds);
            System.out.flush();
        }
        ping.put(-1);
    }
}
