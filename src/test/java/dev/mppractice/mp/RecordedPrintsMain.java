package dev.mppractice.mp;

import java.util.List;

/**
 * A parent whose child prints in every way a learner does (println, print in pieces, printf with a
 * {@code \r\n} ending, two lines in one write, a line longer than what is recorded, through
 * {@code System.out} kept in a static field of its class, a last line without its end) and whose pool worker prints a line; the parent prints lines of its own before,
 * between and after.
 */
public final class RecordedPrintsMain {
    /** Taken when the class is set up, in the child as it decodes its task: before the task runs. */
    private static final java.io.PrintStream OUT = System.out;

    private RecordedPrintsMain() {
    }

    public static void main(String[] args) {
        System.out.println("main first");
        Process p = new Process(RecordedPrintsMain::child);
        p.start();
        p.join();
        System.out.println("main between");
        try (Pool pool = new Pool(1)) {
            pool.map(RecordedPrintsMain::work, List.of(7));
        }
        System.out.println("main last");
    }

    static void child() {
        System.out.println("Process Alpha done");
        System.out.print("in ");
        System.out.print("pieces");
        System.out.println();
        System.out.printf("%s done\r%n", "printf");
        System.out.print("two\nlines\n");
        System.out.println("x".repeat(300));
        OUT.println("kept in a static field");
        System.out.print("no end");
    }

    static int work(int x) {
        System.out.println("worker " + x);
        return x;
    }
}
