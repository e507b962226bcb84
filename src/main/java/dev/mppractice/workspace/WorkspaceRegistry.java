package dev.mppractice.workspace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The workspaces this person has worked in, the last used first, kept in one small file of their own
 * ({@code workspaces.json} in {@link UserDirs#state()}), so that a command run from a folder outside
 * every workspace ({@code ~}, {@code /tmp}, another clone) finds their progress instead of a new
 * empty workspace:
 *
 * <pre>
 * {"format": 1, "workspaces": [{"path": "/home/you/mp-practice/mp-workspace", "lastUsed": "2026-11-28T09:36:12Z"}]}
 * </pre>
 *
 * A workspace is remembered when a command changes it; one whose folder is gone is forgotten. The
 * file is a convenience: when it cannot be read or written, nothing fails, the workspace is just not
 * remembered.
 */
public final class WorkspaceRegistry {
    public static final String FILE_NAME = "workspaces.json";
    private static final int KEPT = 20;
    private static final JsonFactory JSON = new JsonFactory();

    /** One remembered workspace. */
    public record Entry(Path root, Instant lastUsed) {
    }

    private final Path file;

    public WorkspaceRegistry(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The remembered workspaces that still exist, the last used first. */
    public List<Entry> workspaces() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : read()) {
            if (Files.isRegularFile(e.root().resolve(Workspace.MARKER).resolve("state.json"))) out.add(e);
        }
        return out;
    }

    /** Remembers {@code root} as the workspace used last. Never fails: a registry that cannot be written is skipped. */
    public void used(Path root) {
        Path r = root.toAbsolutePath().normalize();
        List<Entry> entries = new ArrayList<>(read());
        if (!entries.isEmpty() && entries.get(0).root().equals(r)
                && entries.get(0).lastUsed().isAfter(Instant.now().minus(1, ChronoUnit.MINUTES))) {
            return;   // the same one, a moment ago: no need to write the file for each command
        }
        entries.removeIf(e -> e.root().equals(r) || !Files.isDirectory(e.root().resolve(Workspace.MARKER)));
        entries.add(0, new Entry(r, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        if (entries.size() > KEPT) entries = entries.subList(0, KEPT);
        try {
            write(entries);
        } catch (IOException | RuntimeException e) {
            // remembering is a convenience: the command goes on
        }
    }

    private List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(Files.readAllBytes(file))) {
            if (p.nextToken() != JsonToken.START_OBJECT) return out;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (!field.equals("workspaces") || v != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String path = null;
                    Instant used = Instant.EPOCH;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if (f.equals("path")) path = p.getValueAsString();
                        else if (f.equals("lastUsed")) used = instant(p.getValueAsString());
                        else p.skipChildren();
                    }
                    if (path != null && !path.isBlank()) out.add(new Entry(Path.of(path), used));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException | RuntimeException e) {
            return out;   // a damaged file remembers nothing; the next write replaces it
        }
        out.sort(Comparator.comparing(Entry::lastUsed).reversed());
        return out;
    }

    private static Instant instant(String s) {
        try {
            return s == null ? Instant.EPOCH : Instant.parse(s);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private void write(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format", 1);
            g.writeArrayFieldStart("workspaces");
            for (Entry e : entries) {
                g.writeStartObject();
                g.writeStringField("path", e.root().toString());
                g.writeStringField("lastUsed", e.lastUsed().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        bytes.write('\n');
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.write(tmp, bytes.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
