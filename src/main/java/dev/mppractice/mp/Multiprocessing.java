package dev.mppractice.mp;

import dev.mppractice.mp.internal.Context;

/** Facts about the machine and the current process (Python's module-level functions). */
public final class Multiprocessing {
    private Multiprocessing() {
    }

    /** The number of processors available to this JVM ({@code os.cpu_count()}). */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The name of the current process: {@code MainProcess}, {@code Process-1}, {@code PoolWorker-2}, ... */
    public static String currentProcessName() {
        return Context.get().name();
    }

    /** The pid of the current process. */
    public static long currentPid() {
        return ProcessHandle.current().pid();
    }

    /** The pid of the parent in the process tree, or -1 in the main process. */
    public static long parentPid() {
        return Context.get().parentPid();
    }
}
