package dev.mppractice.workspace;

import dev.mppractice.catalogue.Exercise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a learner's files and progress live:
 *
 * <pre>
 * WORKSPACE/
 *   .mp-practice/state.json        progress (see {@link State}); state.lock guards it
 *   .mp-practice/cache/            compiled classes kept between checks
 *   01-process-basics/ProcessBasics.java                       the learner's file
 *   01-process-basics/ProcessBasics.java.20251128-093000.bak   kept by reset
 * </pre>
 *
 * The learner's files are never overwritten: {@link #start} leaves an existing file alone and
 * {@link #reset} moves it aside before writing the starter.
 */
public final class Workspace {
    /** The folder that marks a workspace. */
    public static final String MARKER = ".mp-practice";

    private final Path root;
    private final LocatedBy locatedBy;
    private final StateStore state;
    private final WorkspaceRegistry registry;

    public Workspace(Path root, LocatedBy locatedBy) {
        this(root, locatedBy, null);
    }

    /** A workspace that remembers itself in {@code registry} (when not null) each time it is changed. */
    public Workspace(Path root, LocatedBy locatedBy, WorkspaceRegistry registry) {
        this.root = root.toAbsolutePath().normalize();
        this.locatedBy = locatedBy;
        this.state = new StateStore(this.root.resolve(MARKER).resolve("state.json"));
        this.registry = registry;
    }

    /** How the workspace was chosen, for {@code doctor} and the welcome screen. */
    public enum LocatedBy {
        OPTION("--workspace"),
        ENVIRONMENT("MP_PRACTICE_WORKSPACE"),
        ENCLOSING("the workspace around the current folder"),
        HERE("./mp-workspace, which is there"),
        REMEMBERED("the workspace you used last"),
        DEFAULT("the default, ./mp-workspace");

        private final String description;

        LocatedBy(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public Path root() {
        return root;
    }

    public LocatedBy locatedBy() {
        return locatedBy;
    }

    public StateStore state() {
        return state;
    }

    public Path cacheDir() {
        return root.resolve(MARKER).resolve("cache");
    }

    /** True when the workspace has been set up (by a first {@code start}, {@code hint}, ...). */
    public boolean exists() {
        return Files.isDirectory(root.resolve(MARKER));
    }

    public Path exerciseDir(Exercise ex) {
        return root.resolve(ex.folderName());
    }

    /** The learner's file of {@code ex}, whether or not it exists. */
    public Path sourceFile(Exercise ex) {
        return exerciseDir(ex).resolve(ex.fileName());
    }

    public boolean isStarted(Exercise ex) {
        return Files.isRegularFile(sourceFile(ex));
    }

    /** Creates the workspace's folders when missing, and remembers it as the one used last. */
    public void init() throws WorkspaceException {
        if (registry != null) registry.used(root);
        try {
            Path marker = root.resolve(MARKER);
            Files.createDirectories(marker);
            Path ignore = marker.resolve(".gitignore");
            if (!Files.exists(ignore)) {
                Files.writeString(ignore, "# Kept out of version control: rebuilt as needed.\ncache/\nstate.lock\nstate.json.tmp-*\n"
                        + "ide.lock\nrepository/\njavadoc/\n");
            }
        } catch (IOException e) {
            throw cannotWrite(root, e);
        }
    }

    /** What {@link #start} did. */
    public record StartResult(Path file, boolean created) {
    }

    /** Writes the starter of {@code ex} unless the learner's file already exists. */
    public StartResult start(Exercise ex) throws WorkspaceException {
        init();
        Path file = sourceFile(ex);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, ex.starterSource(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new StartResult(file, true);
        } catch (FileAlreadyExistsException e) {
            return new StartResult(file, false);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    /** What {@link #reset} did; {@code backup} is null when there was no file to keep. */
    public record ResetResult(Path file, Path backup) {
    }

    /** Puts the starter of {@code ex} back, moving the learner's file aside first. */
    public ResetResult reset(Exercise ex) throws WorkspaceException {
        init();
        Path file = sourceFile(ex);
        Path backup = null;
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                backup = freeBackupName(file);
                Files.move(file, backup);   // same folder: a rename, the content is untouched
            }
            try {
                Files.writeString(file, ex.starterSource(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                if (backup != null && !Files.exists(file)) Files.move(backup, file);
                throw e;
            }
            return new ResetResult(file, backup);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    private static Path freeBackupName(Path file) {
        String stem = file.getFileName() + "." + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path candidate = file.resolveSibling(stem + ".bak");
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = file.resolveSibling(stem + "-" + i + ".bak");
        }
        return candidate;
    }

    private static WorkspaceException cannotWrite(Path where, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
        return new WorkspaceException("Cannot write " + where + ": " + why + ".\n"
                + "Check that the folder is writable, or choose another workspace with --workspace DIR.", e);
    }
}
