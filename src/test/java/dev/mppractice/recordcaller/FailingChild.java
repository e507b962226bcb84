package dev.mppractice.recordcaller;

import dev.mppractice.mp.Lock;
import dev.mppractice.mp.Process;

/**
 * A program, outside the library, whose child ends as its argument says: {@code throw} (the program's own exception),
 * {@code refused} (a call the library refuses: the release of a lock it does not hold) or {@code return}.
 */
public final class FailingChild {
    /** The line of the child's throw, as a {@code process-fail} names it. */
    public static final String THROW_SITE = "FailingChild.java:31";
    /** The line of the refused call. */
    public static final String REFUSED_SITE = "FailingChild.java:35";

    private FailingChild() {
    }

    public static void main(String[] args) {
        String how = args[0];
        Process p = new Process(() -> child(how), "failing-child");
        p.start();
        p.join();
        System.out.println("exitcode " + p.exitCode());
    }

    static void child(String how) {
        switch (how) {
            case "throw" ->
                // the message's first line is what is recorded
                throw new IllegalStateException("the child ends by throwing\nand a second line");
            case "refused" -> {
                Lock lock = new Lock();
                // the library throws: not held
                lock.release();
            }
            default -> {
                // returns
            }
        }
    }
}
