package dev.mppractice.mp;

import java.time.Duration;

/**
 * Takes off a queue with {@code get()}, {@code get(timeout)} and {@code getNowait()}, in a child (from main's queue)
 * and in main (from a manager's queue): see RecordedTakesTest.
 */
public final class RecordedTakesMain {
    public static void main(String[] args) throws Exception {
        Queue<Integer> q = new Queue<>();
        Queue<Integer> back = new Queue<>();
        q.put(1);
        q.put(2);
        q.put(3);
        Process child = new Process(() -> {
            int a = q.get();
            int b = q.get(Duration.ofSeconds(5));
            int c = q.getNowait();
            back.put(a + b + c);
        }, "taker");
        child.start();
        int sum = back.get();
        child.join();
        try (Manager manager = Manager.start()) {
            ManagedQueue<Integer> mq = manager.queue();
            mq.put(4);
            mq.put(5);
            sum += mq.get();
            sum += mq.getNowait();
        }
        System.out.println("sum " + sum);
    }
}
