package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Which threads a child's task may have left running ({@link Recorder#threadsLeft}): found without a walk of any stack,
 * and never the library's own. The library's watch of the task, started as the task began, was taken for a thread of
 * the program's not yet in its task when a trivial task returned before it ran, and every recorded child waited 2 ms or
 * more for it at its end.
 */
class ProgramThreadsTest {
    @Test
    void theLibrarysOwnDaemonsAreNotTheProgramsThreadsAndAThreadOfTheProgramsIs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Runnable waits = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread library = new Thread(waits, "mp-sleep-watch");
        library.setDaemon(true);
        Thread program = new Thread(waits, "worker");
        library.start();
        program.start();
        try {
            assertFalse(Recorder.programThreads().contains(library));
            assertTrue(Recorder.programThreads().contains(program));
            assertFalse(Recorder.programThreads().contains(Thread.currentThread()), "the caller");
        } finally {
            release.countDown();
            library.join();
            program.join();
        }
    }
}
