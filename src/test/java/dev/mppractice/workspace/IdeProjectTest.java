package dev.mppractice.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace as a Maven project for IDEs: the files written, kept current, left alone once changed.
 * That Maven builds it offline, from a fresh clone, is {@code BinScriptTest}'s.
 */
class IdeProjectTest {
    @TempDir
    Path tmp;
    Path root;
    Workspace ws;
    Catalogue catalogue;
    MpLibrary library;

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.resolve("ws");
        ws = new Workspace(root, Workspace.LocatedBy.OPTION);
        catalogue = Catalogue.builtin();
        library = library("test");
    }

    /** The library these tests run with (its classes folder), with a sources and a Javadoc jar made here. */
    private MpLibrary library(String toolVersion) throws IOException {
        Path classes = MpLibrary.codeSourceOf(dev.mppractice.mp.Process.class);
        Path sources = tmp.resolve("mp-practice-" + toolVersion + "-mp-sources.jar");
        Path javadoc = tmp.resolve("mp-practice-" + toolVersion + "-mp-javadoc.jar");
        jar(sources, "dev/mppractice/mp/Process.java", "/** A process. */ package dev.mppractice.mp;");
        jar(javadoc, "index.html", "<html>the mp library</html>");
        return new MpLibrary(classes, sources, javadoc, toolVersion);
    }

    private static void jar(Path file, String entry, String content) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(content.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    private Exercise ex(int n) {
        return catalogue.exercises().get(n - 1);
    }

    private IdeProject.Status startAndRefresh(Progress progress, int... numbers) throws Exception {
        for (int n : numbers) progress.start(ex(n));
        return progress.lastIdeRefresh();
    }

    private Progress progress(MpLibrary lib, Path localRepository) {
        return new Progress(ws, catalogue, new IdeProject(ws, lib, localRepository));
    }

    @Test
    void startMakesTheWorkspaceAMavenProjectWithAModulePerStartedExercise() throws Exception {
        IdeProject.Status s = startAndRefresh(progress(library, null), 1);
        assertNull(s.problem(), s::toString);
        assertTrue(s.created(), "the first start writes pom.xml");
        String pom = Files.readString(root.resolve("pom.xml"));
        assertEquals(List.of("01-process-basics"), modules(pom));
        assertTrue(pom.contains("<mp.version>" + library.version() + "</mp.version>"), pom);
        assertTrue(pom.contains("<maven.compiler.release>" + Runtime.version().feature() + "</maven.compiler.release>"), pom);
        assertTrue(pom.contains("<artifactId>maven-compiler-plugin</artifactId>\n          <version>3.13.0</version>"), "the product's own plugin versions: " + pom);

        String module = Files.readString(root.resolve("01-process-basics/pom.xml"));
        assertTrue(module.contains("<sourceDirectory>${project.basedir}</sourceDirectory>"), "the exercise's folder is its source root");
        assertTrue(module.contains("<url>${project.baseUri}../.mp-practice/repository</url>"), module);
        assertTrue(module.contains("<version>${mp.version}</version>"), module);
        assertEquals(IdeFiles.MAVEN_CONFIG, Files.readString(root.resolve(".mvn/maven.config")));
        assertEquals("-XX:TieredStopAtLevel=1\n-XX:+UseSerialGC\n", Files.readString(root.resolve(".mvn/jvm.config")),
                "Maven's own JVM starts for a short build");

        IdeProject.Status second = startAndRefresh(progress(library, null), 2);
        assertFalse(second.created());
        assertEquals(List.of("01-process-basics", "02-pool-map"), modules(Files.readString(root.resolve("pom.xml"))));
        assertTrue(Files.isRegularFile(root.resolve("02-pool-map/pom.xml")));
    }

    @Test
    void theLibraryIsAMavenRepositoryInTheWorkspaceWithItsSourcesAndJavadoc() throws Exception {
        Path m2 = Files.createDirectories(tmp.resolve("m2/repository"));
        IdeProject.Status s = startAndRefresh(progress(library, m2), 1);
        String v = library.version();
        assertTrue(v.matches("test-[0-9a-f]{10}"), v);
        Path dir = root.resolve(".mp-practice/repository/dev/mppractice/mp/" + v);
        assertEquals(dir.resolve("mp-" + v + ".jar"), s.jar());
        assertEquals(dir.resolve("mp-" + v + "-sources.jar"), s.sourcesJar());
        assertEquals(dir.resolve("mp-" + v + "-javadoc.jar"), s.javadocJar());
        assertTrue(Files.isRegularFile(dir.resolve("mp-" + v + ".pom")));
        for (Path f : List.of(s.jar(), s.sourcesJar(), s.javadocJar(), dir.resolve("mp-" + v + ".pom"))) {
            String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f)));
            assertEquals(sha1, Files.readString(f.resolveSibling(f.getFileName() + ".sha1")), "checksum of " + f);
        }
        assertTrue(Files.readString(dir.getParent().resolve("maven-metadata.xml")).contains("<release>" + v + "</release>"));
        try (JarFile jar = new JarFile(s.jar().toFile())) {
            assertNotNull(jar.getEntry("dev/mppractice/mp/Process.class"));
            assertNull(jar.getEntry("dev/mppractice/cli/Main.class"), "the library alone, not the tool");
            assertNull(jar.getEntry("picocli/CommandLine.class"));
        }
        assertEquals(root.resolve(".mp-practice/javadoc/index.html"), s.javadocIndex());

        Path local = m2.resolve("dev/mppractice/mp/" + v);
        assertEquals(local, s.localRepositoryCopy());
        assertTrue(Files.isRegularFile(local.resolve("mp-" + v + "-sources.jar")), "beside the jar, where IDEs look");
        assertTrue(Files.readString(local.resolve("_remote.repositories")).contains("mp-" + v + ".jar>mp-practice="));
    }

    @Test
    void theSameLibraryGivesTheSameVersionAndTheSameJar() throws Exception {
        MpLibrary again = library("test");
        assertEquals(library.version(), again.version());
        java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        library.writeClassesJar(a);
        again.writeClassesJar(b);
        assertTrue(java.util.Arrays.equals(a.toByteArray(), b.toByteArray()), "a build with the same classes gives the same bytes");
    }

    /** Every check refreshes the project: one that changes nothing writes nothing (it rewrote its record each time). */
    @Test
    void aRefreshThatChangesNothingWritesNothing() throws Exception {
        startAndRefresh(progress(library, null), 1);
        Path record = root.resolve(Workspace.MARKER).resolve("ide.properties");
        assertTrue(Files.isRegularFile(record), "the record of what was written");
        Object before = Files.readAttributes(record, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        IdeProject.Status s = progress(library, null).ide().refresh(List.of(ex(1)));
        assertNull(s.problem(), s::toString);
        assertEquals(before, Files.readAttributes(record, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "the record was written again");
    }

    @Test
    void aFileTheLearnerChangedIsLeftAloneAndReportedWhileTheOthersAreKeptCurrent() throws Exception {
        startAndRefresh(progress(library, null), 1);
        Path pom = root.resolve("pom.xml");
        String mine = Files.readString(pom).replace("<name>mp-practice workspace</name>", "<name>my exercises</name>");
        Files.writeString(pom, mine);

        IdeProject.Status s = startAndRefresh(progress(library, null), 2);
        assertEquals(mine, Files.readString(pom), "never written over");
        assertEquals(List.of(new IdeProject.FileStatus(pom, IdeProject.FileState.CHANGED)), s.changed());
        assertTrue(Files.isRegularFile(root.resolve("02-pool-map/pom.xml")), "the new module's own pom is written all the same");
        assertEquals(IdeProject.FileState.CHANGED, stateOf(progress(library, null).ide().inspect(List.of(ex(1), ex(2))), pom));

        Files.delete(pom);
        startAndRefresh(progress(library, null), 2);
        assertEquals(List.of("01-process-basics", "02-pool-map"), modules(Files.readString(pom)), "deleted: mp-practice's comes back");
    }

    @Test
    void aPomThatWasThereBeforeIsTheLearners() throws Exception {
        Files.createDirectories(root);
        Files.writeString(root.resolve("pom.xml"), "<project>mine</project>");
        IdeProject.Status s = startAndRefresh(progress(library, null), 1);
        assertEquals("<project>mine</project>", Files.readString(root.resolve("pom.xml")));
        assertEquals(IdeProject.FileState.CHANGED, stateOf(s, root.resolve("pom.xml")));
    }

    @Test
    void aNewLibraryVersionUpdatesThePomAndReplacesTheOldCopy() throws Exception {
        startAndRefresh(progress(library, null), 1);
        String old = library.version();
        MpLibrary newer = library("next");
        IdeProject.Status s = startAndRefresh(progress(newer, null), 1);
        assertNotEquals(old, newer.version());
        assertEquals(newer.version(), s.libraryVersion());
        assertTrue(Files.readString(root.resolve("pom.xml")).contains("<mp.version>" + newer.version() + "</mp.version>"));
        assertEquals(IdeProject.FileState.UPDATED, stateOf(s, root.resolve("pom.xml")));
        assertEquals(IdeProject.FileState.CURRENT, stateOf(s, root.resolve("01-process-basics/pom.xml")), "a module names no version");
        assertFalse(Files.exists(root.resolve(".mp-practice/repository/dev/mppractice/mp/" + old)), "the old copy is gone");
        assertTrue(Files.isRegularFile(s.jar()));
    }

    @Test
    void inspectWritesNothing() throws Exception {
        IdeProject.Status s = new IdeProject(ws, library, null).inspect(List.of(ex(1)));
        assertFalse(Files.exists(root));
        assertEquals(IdeProject.FileState.MISSING, stateOf(s, root.resolve("pom.xml")));
    }

    @Test
    void withoutALibraryThereIsNoPomAndTheStatusSaysWhy() throws Exception {
        IdeProject.Status s = startAndRefresh(progress(null, null), 1);
        assertFalse(Files.exists(root.resolve("pom.xml")));
        assertNotNull(s.problem());
        assertTrue(Files.isRegularFile(ws.sourceFile(ex(1))), "the exercise is started all the same");
    }

    private static List<String> modules(String pom) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static IdeProject.FileState stateOf(IdeProject.Status s, Path file) {
        return s.files().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow().state();
    }
}
