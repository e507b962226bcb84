package dev.mppractice.recordcaller;

import dev.mppractice.mp.Process;

/**
 * A program run with {@code -Dmp.trace} and nothing else of the checker's (see dev.mppractice.mp.TraceFileTest): it
 * starts a child, sleeps 300 ms, then joins it. Outside the library, so that its lines are the program's.
 */
public final class TracedNapMain {
    /** The line of the sleep, as the record names it. */
    public static final String SLEEP_SITE = "TracedNapMain.java:19";

    private TracedNapMain() {
    }

    public static void main(String[] args) throws Exception {
        Process p = new Process(() -> System.out.println("child done"), "Process-1");
        p.start();
        Thread.sleep(300);
        p.join();
        System.out.println("main done");
    }
}
