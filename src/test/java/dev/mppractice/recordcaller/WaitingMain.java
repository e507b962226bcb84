package dev.mppractice.recordcaller;

import dev.mppractice.mp.Process;
import dev.mppractice.mp.internal.SleepWatch;
import java.util.concurrent.CountDownLatch;

/**
 * A main, watched as the checker's runner watches it, that waits in the library and in the JDK (see
 * dev.mppractice.mp.RecordedSleepTest): it joins a child whose task takes 300 ms (the library's wait, which the library
 * records), then waits on a latch that a thread of its own counts down once a second child has started and ended (a
 * wait of the JDK's, which nothing recorded: the timeline drew it running). Outside the library, so that its lines
 * are the program's.
 */
public final class WaitingMain {
    /** The line of the latch's wait, as the record names it. */
    public static final String AWAIT_SITE = "WaitingMain.java:37";

    private WaitingMain() {
    }

    public static void main(String[] args) throws Exception {
        SleepWatch.Watched watched = SleepWatch.watch(Thread.currentThread());
        Process first = new Process(() -> {
            Thread.sleep(300); // the child's work, during which main waits in the library's join
            System.out.println("first ran");
        }, "Process-1");
        first.start();
        first.join();
        CountDownLatch done = new CountDownLatch(1);
        Thread helper = new Thread(() -> {
            Process second = new Process(() -> System.out.println("second ran"), "Process-2");
            second.start();
            second.join();
            done.countDown();
        });
        helper.start();
        done.await();
        helper.join();
        System.out.println("main done");
        watched.end(); // as the checker's runner does when main returns
    }
}
