package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the watch of main's thread makes of a stack (the watch itself, in real runs: dev.mppractice.mp.RecordedSleepTest). */
class SleepWatchTest {
    @Test
    void aSleepIsThreadSleepNearTheTop() {
        assertTrue(SleepWatch.sleeping(new StackTraceElement[] {frame("java.lang.Thread", "sleep"),
                frame("java.util.concurrent.TimeUnit", "sleep"), frame("learner.Main", "main")}));
        assertFalse(SleepWatch.sleeping(new StackTraceElement[] {frame("java.lang.Object", "wait"),
                frame("java.lang.Thread", "join"), frame("learner.Main", "main")}));
    }

    /** What a stack waits in: the JDK's method the program called, a monitor, or nothing (the library's own wait). */
    @Test
    void aStacksWaitIsNamedByTheJdksMethodTheProgramCalled() {
        StackTraceElement[] latch = {frame("jdk.internal.misc.Unsafe", "park"), frame("java.util.concurrent.locks.LockSupport", "park"),
                frame("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquireSharedInterruptibly"),
                frame("java.util.concurrent.CountDownLatch", "await"), frame("learner.Main", "main")};
        assertEquals("CountDownLatch.await", SleepWatch.jdkWait(latch, false));
        StackTraceElement[] join = {frame("java.lang.Object", "wait"), frame("java.lang.Thread", "join"),
                frame("java.lang.Thread", "join"), frame("learner.Main", "main")};
        assertEquals("Thread.join", SleepWatch.jdkWait(join, false));
        StackTraceElement[] future = {frame("java.util.concurrent.CompletableFuture$Signaller", "block"),
                frame("java.util.concurrent.CompletableFuture", "join"), frame("learner.Main", "main")};
        assertEquals("CompletableFuture.join", SleepWatch.jdkWait(future, false));
        assertEquals("synchronized", SleepWatch.jdkWait(new StackTraceElement[] {frame("learner.Main", "add")}, true));
        StackTraceElement[] library = {frame("jdk.internal.misc.Unsafe", "park"), frame("dev.mppractice.mp.Process", "join"),
                frame("learner.Main", "main")};
        assertEquals(null, SleepWatch.jdkWait(library, false), "the library's wait records itself");
        assertEquals(null, SleepWatch.jdkWait(new StackTraceElement[] {frame("learner.Main", "main")}, false),
                "waiting in no call of the JDK's (a native wait of its own)");
    }

    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", 10);
    }
}
