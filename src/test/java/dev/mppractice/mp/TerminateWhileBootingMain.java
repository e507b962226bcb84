package dev.mppractice.mp;

import java.time.Duration;

/**
 * Terminates processes at every moment of their JVM's start, from at once to 60 ms after {@code start()}
 * (see ProcessTest): each must end with -15, and say nothing of it on the console.
 */
public final class TerminateWhileBootingMain {
    public static void main(String[] args) throws Exception {
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            Process p = new Process(() -> new java.util.concurrent.CountDownLatch(1).await()); // ends only when terminated
            p.start();
            long until = System.nanoTime() + i * 500_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            p.terminate();
            p.join(Duration.ofSeconds(30));
            codes.append(p.exitCode()).append(' ');
        }
        System.out.println(codes.toString().strip());
    }
}
