package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

/** What the operating system's process table says about what a run left behind. */
final class ProcessTable {
    private ProcessTable() {
    }

    /** Live (not zombie) descendants of this test JVM. */
    static List<ProcessHandle> descendantsOfThisJvm() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.isAlive() && !ProcessTree.isZombie(h.pid()))
                .collect(Collectors.toList());
    }

    /** Asserts that nothing of the last run survives: no descendant of this JVM, no process with the run's marker. */
    static void assertNothingLeftBehind(Checker checker) {
        JvmRun.Result run = checker.lastRun;
        assertEquals(List.of(), describe(descendantsOfThisJvm()), "descendants of the test JVM still alive");
        if (run != null) {
            assertEquals(List.of(), describe(ProcessTree.marked(run.marker())), "processes of the run still alive");
            assertEquals(List.of(), describe(run.survivors()), "processes that survived the kill");
            assertEquals(false, ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive).orElse(false),
                    "the run's JVM is still alive");
        }
    }

    static List<String> describe(List<ProcessHandle> handles) {
        return handles.stream()
                .map(h -> h.pid() + " " + h.info().commandLine().orElse(h.info().command().orElse("?")))
                .collect(Collectors.toList());
    }
}
