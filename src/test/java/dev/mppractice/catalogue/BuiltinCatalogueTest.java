package dev.mppractice.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinCatalogueTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheBuiltInCatalogueFromTheClassesDirectory() throws Exception {
        Catalogue c = Catalogue.builtin();
        assertFalse(c.exercises().isEmpty());
        assertTrue(c.source().endsWith("exercises"), c.source());
        assertEquals(1, c.exercises().get(0).number());
    }

    /**
     * A process records at most its kind's budget of one kind of event (docs/record.md): a rule that asks for more
     * events of a kind than that could refuse a program that did all it asked, had one process made them; half the budget leaves room for the
     * program's other events of that kind.
     */
    @Test
    void noRuleAsksForMoreEventsOfAKindThanOneProcessRecords() throws Exception {
        for (Exercise ex : Catalogue.builtin().exercises()) {
            for (BehaviourRule rule : ex.behaviour()) {
                if (rule.distinct() != null || rule.sum() != null || rule.match().event() == null) {
                    continue; // counts of values or of a field's sum, not of events
                }
                var kind = java.util.Arrays.stream(dev.mppractice.mp.internal.RecordEvent.values())
                        .filter(e -> e.wireName().equals(rule.match().event())).findFirst().orElseThrow();
                int budget = dev.mppractice.mp.internal.Recorder.budget(kind);
                assertTrue(rule.min() <= budget / 2, "exercise " + ex.number() + " asks for " + rule.min() + " "
                        + kind.wireName() + " events; a process records " + budget + " of them");
            }
        }
    }

    /**
     * The catalogue classes (with the library's record-event names they accept) and {@code exercises/} packed into a
     * jar, loaded by a class loader that sees only that jar and Jackson.
     */
    @Test
    void loadsTheBuiltInCatalogueFromInsideAJar() throws Exception {
        Path classes = codeSource(Catalogue.class);
        Path jar = dir.resolve("mp-practice.jar");
        try (FileSystem zip = FileSystems.newFileSystem(jar, Map.of("create", "true"))) {
            for (String top : List.of("dev/mppractice/catalogue", "dev/mppractice/mp/internal", "exercises")) {
                try (Stream<Path> walk = Files.walk(classes.resolve(top))) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        Path to = zip.getPath("/" + classes.relativize(p).toString().replace('\\', '/'));
                        if (Files.isDirectory(p)) Files.createDirectories(to);
                        else Files.copy(p, to);
                    }
                }
            }
        }
        URL[] path = {jar.toUri().toURL(), url(JsonFactory.class), url(JsonNode.class), url(JsonProperty.class),
                url(TomlFactory.class)};
        try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            Class<?> cls = loader.loadClass(Catalogue.class.getName());
            assertEquals(jar.toUri().toURL().toString(),
                    cls.getProtectionDomain().getCodeSource().getLocation().toString());
            Object fromJar = cls.getMethod("builtin").invoke(null);
            List<?> exercises = (List<?>) cls.getMethod("exercises").invoke(fromJar);
            String source = (String) cls.getMethod("source").invoke(fromJar);

            Catalogue fromClasses = Catalogue.builtin();
            assertEquals(fromClasses.exercises().size(), exercises.size());
            assertTrue(source.startsWith(jar.toString()) && source.endsWith("!/exercises"), source);
            Method expected = exercises.get(0).getClass().getMethod("expectedOutput");
            assertEquals(fromClasses.exercises().get(0).expectedOutput(), expected.invoke(exercises.get(0)));
        }
    }

    private static Path codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static URL url(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
