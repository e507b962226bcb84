package dev.mppractice.mp;

import java.time.Duration;

/**
 * A recorded parent and child that each wait in {@code Queue.get} for an item the other puts only
 * after a while: the parent on its own queue, the child on the parent's (through the parent). Also
 * takes an item that is there already (no wait). Prints what came.
 */
public final class RecordedWaitsMain {
    private RecordedWaitsMain() {
    }

    public static void main(String[] args) throws Exception {
        Queue<Integer> toChild = new Queue<>();
        Queue<Integer> toParent = new Queue<>();
        Process p = new Process(() -> child(toChild, toParent));
        p.start();
        int first = toParent.get(); // waits until the child has slept and put
        Thread.sleep(Duration.ofMillis(300).toMillis()); // the child waits for this one meanwhile
        toChild.put(2);
        p.join();
        toParent.put(3);
        System.out.println("got " + first + " then " + toParent.get() + " exitcode " + p.exitCode());
    }

    static void child(Queue<Integer> toChild, Queue<Integer> toParent) throws Exception {
        Thread.sleep(300);
        toParent.put(1);
        toChild.get();
    }
}
