package dev.mppractice.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds the workspace, first match wins: the {@code --workspace} option, the environment variable
 * {@code MP_PRACTICE_WORKSPACE}, the nearest enclosing folder of the current one that holds a
 * {@code .mp-practice} folder, {@code ./mp-workspace} when it is a workspace, the workspace used last
 * (see {@link WorkspaceRegistry}), then {@code ./mp-workspace} to be made.
 *
 * <p>The fall-back on the workspace used last is for people: a command that makes a workspace
 * ({@code start}) or that scripts read ({@code list --json}) keeps to the fixed rule of the command
 * line ({@code ./mp-workspace}), so that a script run in a fresh folder is never handed another
 * folder's progress.
 */
public final class WorkspaceLocator {
    public static final String ENV = "MP_PRACTICE_WORKSPACE";
    public static final String DEFAULT_NAME = "mp-workspace";

    private WorkspaceLocator() {
    }

    public static Workspace locate(Path option, Map<String, String> env, Path cwd) {
        return locate(option, env, cwd, null);
    }

    /** As {@link #locate(Path, Map, Path)}, remembering workspaces in {@code registry} (when not null) and falling back on them. */
    public static Workspace locate(Path option, Map<String, String> env, Path cwd, WorkspaceRegistry registry) {
        return locate(option, env, cwd, registry, true);
    }

    /**
     * As {@link #locate(Path, Map, Path, WorkspaceRegistry)}; with {@code fallBack} false the workspace
     * used last is remembered but never chosen: outside every workspace, {@code ./mp-workspace} is.
     */
    public static Workspace locate(Path option, Map<String, String> env, Path cwd, WorkspaceRegistry registry,
            boolean fallBack) {
        Path here = cwd.toAbsolutePath().normalize();
        if (option != null) {
            return new Workspace(here.resolve(option), Workspace.LocatedBy.OPTION, registry);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Workspace(here.resolve(fromEnv.trim()), Workspace.LocatedBy.ENVIRONMENT, registry);
        }
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(Workspace.MARKER)) && !isCacheHome(dir)) {
                return new Workspace(dir, Workspace.LocatedBy.ENCLOSING, registry);
            }
        }
        Path local = here.resolve(DEFAULT_NAME);
        if (Files.isDirectory(local.resolve(Workspace.MARKER))) {
            return new Workspace(local, Workspace.LocatedBy.HERE, registry);
        }
        if (registry != null && fallBack) {
            List<WorkspaceRegistry.Entry> known = registry.workspaces();
            if (!known.isEmpty()) return new Workspace(known.get(0).root(), Workspace.LocatedBy.REMEMBERED, registry);
        }
        return new Workspace(local, Workspace.LocatedBy.DEFAULT, registry);
    }

    /** A {@code .mp-practice} folder right in the home folder is not a workspace marker unless it has a state file. */
    private static boolean isCacheHome(Path dir) {
        String home = System.getProperty("user.home");
        return home != null && dir.equals(Path.of(home).toAbsolutePath().normalize())
                && !Files.exists(dir.resolve(Workspace.MARKER).resolve("state.json"));
    }
}
