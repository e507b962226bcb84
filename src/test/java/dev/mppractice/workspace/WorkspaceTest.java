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

    @Test
    void outsideEveryWorkspaceTheLocatorTakesTheOneUsedLastThenTheDefault() throws Exception {
        WorkspaceRegistry registry = new WorkspaceRegistry(tmp.resolve("state/workspaces.json"));
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        assertEquals(Workspace.LocatedBy.DEFAULT, WorkspaceLocator.locate(null, Map.of(), cwd, registry).locatedBy(), "nothing remembered");

        Workspace older = new Workspace(tmp.resolve("older"), Workspace.LocatedBy.OPTION, registry);
        older.start(exercise());
        older.state().update(s -> { });
        Workspace newer = new Workspace(tmp.resolve("newer"), Workspace.LocatedBy.OPTION, registry);
        newer.start(exercise());
        newer.state().update(s -> { });
        Workspace found = WorkspaceLocator.locate(null, Map.of(), cwd, registry);
        assertEquals(tmp.resolve("newer"), found.root());
        assertEquals(Workspace.LocatedBy.REMEMBERED, found.locatedBy());
        assertEquals(List.of(tmp.resolve("newer"), tmp.resolve("older")),
                registry.workspaces().stream().map(WorkspaceRegistry.Entry::root).toList());

        Path local = Files.createDirectories(cwd.resolve("mp-workspace/.mp-practice"));
        assertEquals(Workspace.LocatedBy.HERE, WorkspaceLocator.locate(null, Map.of(), cwd, registry).locatedBy(),
                "./mp-workspace comes first where there is one");
        Files.delete(local);

        deleteTree(tmp.resolve("newer"));
        assertEquals(tmp.resolve("older"), WorkspaceLocator.locate(null, Map.of(), cwd, registry).root(), "a deleted workspace is forgotten");
    }

    @Test
    void aDamagedRegistryRemembersNothingAndFailsNothing() throws Exception {
        Path file = tmp.resolve("state/workspaces.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{ not json");
        WorkspaceRegistry registry = new WorkspaceRegistry(file);
        assertEquals(List.of(), registry.workspaces());
        Workspace ws = new Workspace(tmp.resolve("ws"), Workspace.LocatedBy.OPTION, registry);
        ws.start(exercise());
        ws.state().update(s -> { });
        assertEquals(List.of(tmp.resolve("ws")), registry.workspaces().stream().map(WorkspaceRegistry.Entry::root).toList());
    }

    @Test
    void perUserFoldersFollowEachPlatformsConventions() {
        UserDirs linux = UserDirs.of(Map.of("HOME", "/home/you"), "Linux", "/ignored");
        assertEquals(Path.of("/home/you/.local/state/mp-practice"), linux.state());
        assertEquals(Path.of("/home/you/.m2/repository"), linux.mavenRepository());
        assertEquals(Path.of("/x/state/mp-practice"), UserDirs.of(Map.of("HOME", "/home/you", "XDG_STATE_HOME", "/x/state"), "Linux", "/i").state());
        assertEquals(Path.of("/Users/you/Library/Application Support/mp-practice"), UserDirs.of(Map.of("HOME", "/Users/you"), "Mac OS X", "/i").state());
        assertEquals(Path.of("/fallback/.local/state/mp-practice"), UserDirs.of(Map.of(), "Linux", "/fallback").state(), "no HOME: Java's user.home");
        // Windows names its folders in its environment; on this machine the paths are only compared as built.
        UserDirs windows = UserDirs.of(Map.of("USERPROFILE", "/users/you", "LOCALAPPDATA", "/users/you/AppData/Local"), "Windows 11", "/i");
        assertEquals(Path.of("/users/you/AppData/Local/mp-practice"), windows.state());
        assertEquals(Path.of("/users/you/.m2/repository"), windows.mavenRepository());
    }

    @Test
    void aLocalRepositoryNamedInMavensSettingsIsTheOneUsed() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), "<settings><!-- <localRepository>/not/this</localRepository> -->\n"
                + "  <localRepository>${user.home}/maven-repo</localRepository>\n</settings>\n");
        assertEquals(home.resolve("maven-repo"), UserDirs.of(Map.of("HOME", home.toString()), "Linux", "/i").mavenRepository());
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
