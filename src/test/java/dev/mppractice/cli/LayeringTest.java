package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The command line only parses and prints: picocli stays in the cli package, terminal code in watch. */
class LayeringTest {
    private static final Path SRC = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")), "src/main/java/dev/mppractice");

    private static List<String> offenders(String pkg, String forbidden) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SRC.resolve(pkg))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (Files.readString(f).contains("import " + forbidden)) out.add(SRC.relativize(f).toString());
            }
        }
        return out;
    }

    @Test
    void workspaceAndWatchNeverSeePicocli() throws Exception {
        assertEquals(List.of(), offenders("workspace", "picocli"));
        assertEquals(List.of(), offenders("watch", "picocli"));
    }

    @Test
    void workspaceKnowsNothingOfTerminalsOrTheCommandLine() throws Exception {
        assertEquals(List.of(), offenders("workspace", "org.jline"));
        assertEquals(List.of(), offenders("workspace", "dev.mppractice.cli"));
        assertEquals(List.of(), offenders("watch", "dev.mppractice.cli"));
    }
}
