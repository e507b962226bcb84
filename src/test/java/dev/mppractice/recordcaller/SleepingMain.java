package dev.mppractice.recordcaller;

import dev.mppractice.mp.Process;
import dev.mppractice.mp.internal.SleepWatch;

/**
 * A main, watched for its sleeps as the checker's runner watches it (and told when it ends), that starts a child and sleeps 500 ms where it
 * should join it (the learner probe's exercise 1 program), then joins (see dev.mppractice.mp.RecordedSleepTest).
 * Outside the library, so that its lines are the program's.
 */
public final class SleepingMain {
    /** The line of the sleep, as the record names it. */
    public static final String SLEEP_SITE = "SleepingMain.java:22";

    private SleepingMain() {
    }

    public static void main(String[] args) throws Exception {
        SleepWatch.Watched watched = SleepWatch.watch(Thread.currentThread());
        Process p = new Process(() -> System.out.println("Process Alpha done"), "Process-1");
        p.start();
        Thread.sleep(500);
        p.join();
        System.out.println("Main process done");
        watched.end(); // as the checker's runner does when main returns
    }
}
