package dev.mppractice.mp.internal;

/**
 * Timestamps on standard error when {@code -Dmp.bootTrace=true}: for finding where start-up time
 * goes. ({@code mp.trace} names the file of a run's trace: {@link TraceFile}.)
 */
final class Trace {
    private static final boolean ON = Boolean.getBoolean("mp.bootTrace");

    private Trace() {
    }

    static void at(String what) {
        if (ON) {
            System.err.printf("[mp %d %.3f] %s%n", ProcessHandle.current().pid(), System.nanoTime() / 1e6 % 1e6, what);
        }
    }
}
