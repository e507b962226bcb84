package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The check for processes left behind ({@link NoProcessLeftBehind}) counts a pool that the test class shares as the
 * class's, not the test's: the worker it starts in place of one that died during a test is not that test's
 * leftover. (A shared executor's {@code invokeAny} that cancels a running task has its worker replaced a moment
 * after it returns, as the next test begins: that test was failed for the replacement, once in a suite run.)
 */
@ExtendWith(NoProcessLeftBehind.class)
class SharedPoolReplacementTest {
    private static ProcessPoolExecutor shared;

    @BeforeAll
    static void start() {
        shared = new ProcessPoolExecutor(1);
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    void aSharedPoolsReplacementWorkerIsNotTheTestsLeftover() throws Exception {
        long first = shared.submit(Multiprocessing::currentPid).get(60, TimeUnit.SECONDS);
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        long[] replacement = {first};
        MpTesting.await("a replacement worker runs tasks", secs(60), () -> {
            try {
                replacement[0] = shared.submit(Multiprocessing::currentPid).get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                return false; // submitted to the dying worker
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError(e);
            }
            return replacement[0] != first;
        });
        assertNotEquals(first, replacement[0]);
    }
}
