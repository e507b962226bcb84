package dev.mppractice.testsupport;

import dev.mppractice.mp.Process;
import dev.mppractice.mp.internal.CdsTraining;
import dev.mppractice.mp.internal.ClassDataArchive;
import dev.mppractice.mp.internal.ClassLocation;
import dev.mppractice.mp.internal.JvmFlags;
import dev.mppractice.workspace.MpLibrary;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the learner programs the tests check start as the packaged tool's do: from a jar of the
 * library under test with its class-data archive beside it, rather than from {@code target/classes},
 * which no archive can hold. A program's JVM and each of its children then map the JDK's and the
 * library's classes instead of loading and verifying them: {@code CatalogueCheckTest} took 76 s of
 * processor time with its programs run from the classes folder, 71 s from the archived jar.
 *
 * <p>Registered for every test class (by {@code META-INF/services}, with extension autodetection in
 * {@code junit-platform.properties}); the first one in each test JVM makes {@code target/test-library/
 * mp-library.jar} from the library's classes when they are newer (as the workspace's IDE project
 * does), trains its archive as {@code bin/mp-practice} does, under a file lock (the two test JVMs
 * start together), and names the jar in {@code -Dmp.library}, which the checker reads. When the training fails the property stays unset and
 * the programs run from the classes folder, as before: slower, not wrong. The jar is put first on this
 * JVM's {@code java.class.path} too, which the JVMs the tests start take for theirs (the library's
 * children among them), so that they map the archive as well.
 */
public final class LibraryJar implements BeforeAllCallback {
    private static final String LIBRARY_PROPERTY = "mp.library";
    private static boolean done;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        prepareOnce();
    }

    private static synchronized void prepareOnce() throws IOException, InterruptedException {
        if (done) {
            return;
        }
        done = true;
        Path classes = ClassLocation.of(Process.class);
        if (classes == null || !Files.isDirectory(classes) || System.getProperty(LIBRARY_PROPERTY) != null) {
            return; // already a jar, or named by whoever runs the tests
        }
        Path dir = classes.resolveSibling("test-library");
        Files.createDirectories(dir);
        Path jar = dir.resolve("mp-library.jar");
        Path archive = ClassDataArchive.archive(jar);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (!Files.exists(jar) || newestUnder(classes).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                Files.deleteIfExists(archive);
                write(jar);
            }
            if (!fresh(archive, jar) && !train(jar, dir.resolve("training.log"))) {
                System.err.println("LibraryJar: training the archive of " + jar + " failed (see training.log beside it);"
                        + " programs run from " + classes);
                return;
            }
        }
        System.setProperty(LIBRARY_PROPERTY, jar.toString());
        // The JVMs the tests start (children of the library, programs run by Jvm.start) take their class path
        // from this property: with the jar first, each child maps the archive too. The test classes and
        // everything else follow, as before; this JVM's own class loading is not changed by it.
        System.setProperty("java.class.path", jar + File.pathSeparator + System.getProperty("java.class.path"));
    }

    private static boolean fresh(Path archive, Path jar) throws IOException {
        return Files.isRegularFile(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
    }

    private static FileTime newestUnder(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return FileTime.fromMillis(Long.MAX_VALUE); // vanished while walking: build again
                }
            }).max(FileTime::compareTo).orElseThrow();
        }
    }

    /** The library's classes in a jar ({@link MpLibrary#writeClassesJar}), written beside {@code jar} and moved there whole. */
    private static void write(Path jar) throws IOException {
        Path partial = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(partial)) {
            MpLibrary.current().writeClassesJar(file);
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs {@link CdsTraining} on {@code jar}, as {@code bin/mp-practice} does, for at most two minutes. */
    private static boolean train(Path jar, Path log) throws IOException, InterruptedException {
        java.lang.Process training = new ProcessBuilder(List.of(JvmFlags.java(), "-cp", jar.toString(), CdsTraining.class.getName()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!training.waitFor(2, TimeUnit.MINUTES)) {
            training.descendants().forEach(ProcessHandle::destroyForcibly);
            training.destroyForcibly().waitFor();
            return false;
        }
        return training.exitValue() == 0;
    }
}
