package dev.mppractice.recordcaller;

import dev.mppractice.mp.Pool;
import dev.mppractice.mp.Process;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A main whose children sleep and wait in the JDK (see dev.mppractice.mp.RecordedSleepTest): Process-1's task sleeps
 * 400 ms (exercise 1's worker), a pool worker's task 300 ms (exercise 8's), and Process-2's task waits 300 ms on a latch
 * a thread of its own counts down. The timeline drew each of them running all that time: only main's thread was
 * watched. Main itself is not watched here: the children are, by the library, in any recorded run. Outside the
 * library, so that its lines are the program's.
 */
public final class SleepingChildren {
    /** The lines of the sleeps and the wait, as the record names them. */
    public static final String PROCESS_SLEEP_SITE = "SleepingChildren.java:26";
    public static final String POOL_SLEEP_SITE = "SleepingChildren.java:55";
    public static final String AWAIT_SITE = "SleepingChildren.java:50";

    private SleepingChildren() {
    }

    public static void main(String[] args) throws Exception {
        Process sleeper = new Process(() -> {
            Thread.sleep(400);
            System.out.println("slept");
        }, "Process-1");
        sleeper.start();
        sleeper.join();
        Process waiter = new Process(SleepingChildren::awaitALatch, "Process-2");
        waiter.start();
        waiter.join();
        try (Pool pool = new Pool(1)) {
            System.out.println(pool.map(SleepingChildren::nap, List.of(300)));
        }
    }

    private static void awaitALatch() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread helper = new Thread(() -> {
            try {
                Thread.sleep(300); // how long the task waits: the wait under test (this thread is not watched)
            } catch (InterruptedException e) {
                return;
            }
            done.countDown();
        });
        helper.start();
        done.await();
        System.out.println("waited");
    }

    private static int nap(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }
}
