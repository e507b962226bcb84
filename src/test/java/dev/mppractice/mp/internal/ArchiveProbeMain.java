package dev.mppractice.mp.internal;

import dev.mppractice.mp.Pool;
import dev.mppractice.mp.Process;
import java.util.List;

/**
 * For {@link ChildArchiveTest}: a program that starts a process, then a pool, and prints what they
 * did, nothing else: whatever the class-data archive's state, its output must be exactly this.
 */
public final class ArchiveProbeMain {
    private ArchiveProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        Process p = new Process(() -> System.out.println("child says hi"));
        p.start();
        p.join();
        System.out.println("exit " + p.exitCode());
        try (Pool pool = new Pool(1)) {
            System.out.println("squares " + pool.map(x -> x * x, List.of(1, 2, 3)));
        }
    }
}
