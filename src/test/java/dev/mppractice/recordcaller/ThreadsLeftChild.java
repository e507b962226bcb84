package dev.mppractice.recordcaller;

import dev.mppractice.mp.Process;
import java.util.concurrent.CountDownLatch;

/**
 * Two children whose tasks start a thread each that waits on a latch: {@code left} returns at once, its thread still
 * waiting; {@code joined} lets its thread go and joins it first (see dev.mppractice.mp.RecordedThreadsLeftTest);
 * outside the library, so that its lines are the program's.
 */
public final class ThreadsLeftChild {
    private ThreadsLeftChild() {
    }

    public static void main(String[] args) throws Exception {
        Process left = new Process(() -> {
            CountDownLatch never = new CountDownLatch(1);
            Thread t = new Thread(() -> waitFor(never), "waiter");
            t.start();
        }, "left");
        Process joined = new Process(() -> {
            CountDownLatch go = new CountDownLatch(1);
            Thread t = new Thread(() -> waitFor(go), "waiter");
            t.start();
            go.countDown();
            t.join();
        }, "joined");
        left.start();
        joined.start();
        left.join();
        joined.join();
        System.out.println("exit codes " + left.exitCode() + " " + joined.exitCode());
    }

    static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
