package dev.mppractice.mp;

import java.util.List;

/**
 * A recorded parent that waits in {@code Multiprocessing.waitFor} on two pipes and a child (the child sends on the
 * second pipe {@link RecordedWaitsMain#AFTER_NANOS} after it starts), then on the child alone until it ends. Prints
 * what came.
 */
public final class RecordedSelectMain {
    private RecordedSelectMain() {
    }

    public static void main(String[] args) {
        Pipe quiet = Pipe.open(false);
        Pipe talking = Pipe.open(false);
        Connection out = talking.right();
        Process p = new Process(() -> child(out));
        p.start();
        List<Object> ready = Multiprocessing.waitFor(List.of(quiet.left(), talking.left(), p), null);
        int word = talking.left().recv();
        List<Object> ended = Multiprocessing.waitFor(List.of(p), null);
        p.join();
        System.out.println("ready " + ready.size() + " word " + word + " ended " + ended.size() + " exitcode " + p.exitCode());
    }

    static void child(Connection out) {
        long deadline = System.nanoTime() + RecordedWaitsMain.AFTER_NANOS;
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
        out.send(7);
        // and on until the parent waits for this process alone
        deadline = System.nanoTime() + RecordedWaitsMain.AFTER_NANOS;
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }
}
