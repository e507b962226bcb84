package dev.mppractice.mp.internal;

import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import dev.mppractice.mp.Value;

/**
 * For {@link LinuxPathsTest}: a program that uses shared memory, a queue and a child process, and says
 * where its private directory is, whether its child saw the fallbacks forced, and whether it knew its own pid.
 */
public final class FallbacksMain {
    private FallbacksMain() {
    }

    public static void main(String[] args) throws Exception {
        IntValue v = Value.ofInt(0);
        Queue<String> q = new Queue<>();
        Process p = new Process(() -> {
            try (var held = v.getLock().acquire()) {
                v.set(v.get() + 41);
            }
            q.put(LinuxPaths.forced() + " " + LinuxPaths.proc() + " " + (Context.get().pid() == ProcessHandle.current().pid()));
        });
        p.start();
        String child = q.get();
        p.join();
        System.out.println("dir " + Context.get().dir());
        System.out.println("value " + (v.get() + 1));
        System.out.println("child forced,proc " + child);
        System.out.println("exit " + p.exitCode());
        System.out.println("tree clock " + CpuClock.treeMicros() + " idle " + CpuClock.machineIdleMicros());
    }
}
