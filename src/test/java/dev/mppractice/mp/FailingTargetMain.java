package dev.mppractice.mp;

/**
 * A parent whose child prints a line and then throws: for the tests that read what a child
 * writes on the standard output and error it shares with its parent.
 */
public final class FailingTargetMain {
    private FailingTargetMain() {
    }

    public static void main(String[] args) {
        Process p = new Process(FailingTargetMain::printThenFail);
        p.start();
        p.join();
        System.out.println("parent: " + p.getName() + " exitcode " + p.exitCode());
    }

    static void printThenFail() {
        System.out.println("child: hello on the shared standard output");
        throw new IllegalStateException("boom in the child");
    }
}
