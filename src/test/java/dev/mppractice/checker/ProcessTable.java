package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the operating system's process table says about what runs left behind.
 *
 * <p>Descendants of the test JVM are compared with a snapshot taken before the test: other tests
 * in the same JVM may have started processes of their own (the mp library keeps a spare child JVM
 * ready), which are not this test's business.
 */
final class ProcessTable {
    private ProcessTable() {
    }

    /** Live (not zombie) descendants of this test JVM. */
    static List<ProcessHandle> descendantsOfThisJvm() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.isAlive() && !ProcessTree.isZombie(h.pid()))
                .collect(Collectors.toList());
    }

    /** The descendants alive now, to compare with later. */
    static Set<ProcessHandle> snapshot() {
        return Set.copyOf(descendantsOfThisJvm());
    }

    /** Live descendants of this JVM that were not in {@code before}. */
    static List<ProcessHandle> newDescendants(Set<ProcessHandle> before) {
        return descendantsOfThisJvm().stream().filter(h -> !before.contains(h)).collect(Collectors.toList());
    }

    /** Live processes anywhere whose command line mentions {@code path} (runs put their compile cache on the class path). */
    static List<ProcessHandle> mentioning(Path path) {
        String needle = path.toString();
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(needle)).orElse(false)
                        || h.info().arguments().map(a -> String.join(" ", a).contains(needle)).orElse(false))
                .filter(h -> h.isAlive() && !ProcessTree.isZombie(h.pid()))
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .collect(Collectors.toList());
    }

    /**
     * Asserts that nothing of the checker's last run survives: no new descendant of this JVM, no
     * process with the run's marker, no process with the compile cache on its class path.
     */
    static void assertNothingLeftBehind(Checker checker, Set<ProcessHandle> before) {
        assertEquals(List.of(), describe(newDescendants(before)), "descendants of the test JVM still alive");
        assertEquals(List.of(), describe(mentioning(checker.options().cacheDir())), "JVMs of the runs still alive");
        JvmRun.Result run = checker.lastRun;
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
