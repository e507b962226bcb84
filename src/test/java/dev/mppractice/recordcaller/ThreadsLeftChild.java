package dev.mppractice.recordcaller;

import dev.mppractice.mp.Process;

/**
 * Two children whose tasks start a thread each: {@code left} returns at once, {@code joined} joins its thread first
 * (see dev.mppractice.mp.RecordedThreadsLeftTest); outside the library, so that its lines are the program's.
 */
public final class ThreadsLeftChild {
    private ThreadsLeftChild() {
    }

    public static void main(String[] args) throws Exception {
        Process left = new Process(() -> {
            Thread t = new Thread(ThreadsLeftChild::nap, "napper");
            t.start();
        }, "left");
        Process joined = new Process(() -> {
            Thread t = new Thread(ThreadsLeftChild::nap, "napper");
            t.start();
            t.join();
        }, "joined");
        left.start();
        joined.start();
        left.join();
        joined.join();
        System.out.println("exit codes " + left.exitCode() + " " + joined.exitCode());
    }

    static void nap() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
