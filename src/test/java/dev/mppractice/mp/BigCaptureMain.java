package dev.mppractice.mp;

/**
 * A parent whose child's task captures as many bytes as the argument says: for the tests of a
 * task too large for the child's heap. It prints {@code parent: exitcode E}.
 */
public final class BigCaptureMain {
    private BigCaptureMain() {
    }

    public static void main(String[] args) {
        byte[] data = new byte[Integer.parseInt(args[0])];
        Process p = new Process(() -> System.out.println("child: got " + data.length + " bytes"));
        p.start();
        p.join();
        System.out.println("parent: exitcode " + p.exitCode());
    }
}
