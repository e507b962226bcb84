package dev.mppractice.mp.internal;

import java.util.Set;
import java.util.TreeSet;

/** What the library's tests may see of its internals. */
public final class TestAccess {
    private TestAccess() {
    }

    /**
     * Pids of the spare child JVMs this JVM keeps started ahead of need (not yet given a task):
     * they are the library's, not a test's, so the check for processes left behind skips them.
     */
    public static Set<Long> sparePids() {
        return new TreeSet<>(ChildProcess.sparePids());
    }

    /** The secret key of this process tree. */
    public static byte[] key() {
        return Context.get().key().clone();
    }

    /** The private directory of this process tree. */
    public static java.nio.file.Path privateDir() {
        return Context.get().dir();
    }
}
