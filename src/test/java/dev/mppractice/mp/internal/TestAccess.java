package dev.mppractice.mp.internal;

import java.lang.reflect.Field;
import java.util.Map;
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
        Set<Long> pids = new TreeSet<>();
        try {
            Class<?> launch = Class.forName(ChildProcess.class.getName() + "$Launch");
            Field spares = launch.getDeclaredField("SPARE");
            spares.setAccessible(true);
            Field process = launch.getDeclaredField("process");
            process.setAccessible(true);
            for (Object l : ((Map<?, ?>) spares.get(null)).values()) {
                pids.add(((java.lang.Process) process.get(l)).pid());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the tests no longer know how the library keeps its spare JVMs: " + e, e);
        }
        return pids;
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
