package dev.mppractice.mp;

import static org.junit.jupiter.api.Assertions.fail;

import dev.mppractice.mp.internal.TestAccess;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test, every process the test started must be gone (within a few seconds, so that
 * a child that was just told to stop may finish): the process table is checked as the checker's
 * tests check it. Processes that were there before the test (a pool or manager shared by the
 * test class) are not the test's, nor are the workers a pool that was open before the test starts
 * during it (in place of one that died: a shared executor's {@code invokeAny} that cancels a running
 * task has its worker replaced a moment after it returns), nor the spare JVMs the library keeps
 * started ahead of need.
 */
public final class NoProcessLeftBehind implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoProcessLeftBehind.class);
    private static final long GRACE_MILLIS = 10_000;

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("pools", TestAccess.openPools());
        Set<MpTesting.Seen> before = Set.copyOf(MpTesting.liveDescendants());
        context.getStore(NS).put("before", before);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<MpTesting.Seen> before = (Set<MpTesting.Seen>) context.getStore(NS).get("before");
        @SuppressWarnings("unchecked")
        Set<String> pools = (Set<String>) context.getStore(NS).get("pools");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        List<MpTesting.Seen> left;
        while (true) {
            Set<Long> spares = TestAccess.sparePids();
            Set<Long> sharedWorkers = TestAccess.workerPids(pools);
            left = MpTesting.liveDescendants().stream()
                    .filter(s -> !before.contains(s) && !spares.contains(s.pid()) && !sharedWorkers.contains(s.pid()))
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        // Described before they are killed: a killed process has no command line left to show.
        String described = left.stream().map(MpTesting::describe).collect(Collectors.joining("\n"));
        left.forEach(s -> ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly));
        if (context.getExecutionException().isEmpty()) {
            fail("processes started by the test still alive " + GRACE_MILLIS + " ms after it:\n" + described);
        }
    }
}
