package dev.mppractice.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.catalogue.OutputMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path tmp;

    static Exercise exercise() {
        return new Exercise(3, "queue-primes", "Primes over a Queue", "desc", "QueuePrimes", "// starter\n", "// solution\n",
                "out\n", OutputMatch.EXACT, List.of("a", "b", "c"), Duration.ofSeconds(10), List.of(), List.of());
    }

    @Test
    void startWritesTheStarterInTheExercisesFolderOnlyOnce() throws Exception {
        Workspace ws = new Workspace(tmp.resolve("ws"), Workspace.LocatedBy.OPTION);
        Workspace.StartResult first = ws.start(exercise());
        assertTrue(first.created());
        assertEquals(tmp.resolve("ws/03-queue-primes/QueuePrimes.java"), first.file());
        Files.writeString(first.file(), "learner's work");
        Workspace.StartResult again = ws.start(exercise());
        assertFalse(again.created());
        assertEquals("learner's work", Files.readString(first.file()));
    }

    @Test
    void resetKeepsTheLearnersFileAsABackupBesideIt() throws Exception {
        Workspace ws = new Workspace(tmp.resolve("ws"), Workspace.LocatedBy.OPTION);
        Path file = ws.start(exercise()).file();
        Files.writeString(file, "v1");
        Workspace.ResetResult r = ws.reset(exercise());
        assertEquals("// starter\n", Files.readString(file));
        assertEquals("v1", Files.readString(r.backup()));
        assertEquals(file.getParent(), r.backup().getParent());
        assertTrue(r.backup().getFileName().toString().matches("QueuePrimes\\.java\\.\\d{8}-\\d{6}(-\\d+)?\\.bak"));
        Files.writeString(file, "v2");
        Workspace.ResetResult r2 = ws.reset(exercise());
        assertEquals("v2", Files.readString(r2.backup()));
        assertEquals("v1", Files.readString(r.backup()), "the first backup is kept too");
    }

    @Test
    void resetOfAnExerciseNotStartedWritesTheStarterAndKeepsNothing() throws Exception {
        Workspace ws = new Workspace(tmp.resolve("ws"), Workspace.LocatedBy.OPTION);
        Workspace.ResetResult r = ws.reset(exercise());
        assertNull(r.backup());
        assertEquals("// starter\n", Files.readString(r.file()));
    }

    @Test
    void theLocatorPrefersOptionThenEnvironmentThenEnclosingThenDefault() throws Exception {
        Path cwd = tmp.resolve("a/b");
        Files.createDirectories(cwd);
        assertEquals(tmp.resolve("opt"), WorkspaceLocator.locate(tmp.resolve("opt"), Map.of("MP_PRACTICE_WORKSPACE", "/x"), cwd).root());
        assertEquals(Workspace.LocatedBy.ENVIRONMENT, WorkspaceLocator.locate(null, Map.of("MP_PRACTICE_WORKSPACE", "/x"), cwd).locatedBy());
        assertEquals(cwd.resolve("mp-workspace"), WorkspaceLocator.locate(null, Map.of(), cwd).root());
        Files.createDirectories(tmp.resolve("a/.mp-practice"));
        Workspace enclosing = WorkspaceLocator.locate(null, Map.of(), cwd);
        assertEquals(tmp.resolve("a"), enclosing.root());
        assertEquals(Workspace.LocatedBy.ENCLOSING, enclosing.locatedBy());
        assertEquals(cwd.resolve("rel"), WorkspaceLocator.locate(Path.of("rel"), Map.of(), cwd).root(), "relative to the current folder");
    }
}
