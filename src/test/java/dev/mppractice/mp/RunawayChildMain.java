package dev.mppractice.mp;

import java.util.ArrayList;
import java.util.List;

/**
 * A parent whose child allocates without bound, a megabyte at a time, and counts what it holds
 * in shared memory: for the tests of the children's heap limit. It prints
 * {@code parent: exitcode E allocatedMB A maxHeapMB M}. With the argument {@code measure} the
 * child only reports its maximum heap.
 */
public final class RunawayChildMain {
    /** The test's own bound: a child still allocating past it has no sane limit. */
    static final int GUARD_MB = 3_000;
    private static final long MB = 1 << 20;

    private RunawayChildMain() {
    }

    public static void main(String[] args) {
        boolean allocate = args.length == 0 || !"measure".equals(args[0]);
        IntValue allocated = Value.ofInt(0);
        LongValue maxHeap = Value.ofLong(0);
        Process p = new Process(() -> run(allocate, allocated, maxHeap));
        p.start();
        p.join();
        System.out.println("parent: exitcode " + p.exitCode() + " allocatedMB " + allocated.get()
                + " maxHeapMB " + maxHeap.get() / MB);
    }

    private static void run(boolean allocate, IntValue allocated, LongValue maxHeap) {
        maxHeap.set(Runtime.getRuntime().maxMemory());
        if (!allocate) {
            return;
        }
        List<byte[]> hoard = new ArrayList<>();
        while (allocated.get() < GUARD_MB) {
            hoard.add(new byte[(int) MB]);
            allocated.set(hoard.size());
        }
        System.out.println("child: holds " + GUARD_MB + " MB and still has not run out of memory");
    }
}
