package dev.mppractice.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.NoProcessLeftBehind;
import dev.mppractice.mp.Pool;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner's program packaged by Maven (its jar carries {@code META-INF/maven/.../pom.properties}, as
 * every jar {@code mvn package} makes) is the program, not a published library: its lambdas run in
 * children. The class filter once refused them, because a Maven descriptor was all it looked at.
 */
@ExtendWith(NoProcessLeftBehind.class)
class PackagedProgramTest {
    @TempDir
    Path dir;

    /** Run with its classes on the class path, as {@code java -cp app.jar:... Main}. */
    @Test
    void aProgramPackagedByMavenSendsItsOwnLambdas() throws Exception {
        Path jar = packaged(null);
        assertRuns(List.of("-cp", jar + File.pathSeparator + library(), PackagedProgramMain.class.getName()));
    }

    /** Run as {@code java -jar app.jar}, the library named by the jar's manifest. */
    @Test
    void aProgramRunAsAJarSendsItsOwnLambdas() throws Exception {
        Path jar = packaged(library().toUri().toString());
        assertRuns(List.of("-jar", jar.toString()));
    }

    private static Path library() throws Exception {
        return Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The program's jar as Maven makes it: its class and a Maven descriptor; a manifest naming the library, if given. */
    private Path packaged(String libraryUrl) throws Exception {
        Path classes = dir.resolve("classes");
        String name = PackagedProgramMain.class.getName().replace('.', '/') + ".class";
        Path compiled = Path.of(PackagedProgramMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.createDirectories(classes.resolve(name).getParent());
        Files.copy(compiled.resolve(name), classes.resolve(name));
        Path maven = classes.resolve("META-INF/maven/dev.learner/packaged");
        Files.createDirectories(maven);
        Files.writeString(maven.resolve("pom.properties"), "groupId=dev.learner\nartifactId=packaged\nversion=1.0\n");
        Path jar = dir.resolve("packaged-1.0.jar");
        List<String> args = new ArrayList<>(List.of("--create", "--file", jar.toString()));
        if (libraryUrl != null) {
            Path manifest = dir.resolve("manifest.txt");
            Files.writeString(manifest, "Class-Path: " + libraryUrl + "\n");
            args.addAll(List.of("--manifest", manifest.toString(), "--main-class", PackagedProgramMain.class.getName()));
        }
        args.addAll(List.of("-C", classes.toString(), "."));
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("jar").orElseThrow().run(new PrintWriter(out), new PrintWriter(out),
                args.toArray(String[]::new));
        assertEquals(0, rc, out::toString);
        return jar;
    }

    private void assertRuns(List<String> javaArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC"));
        cmd.addAll(javaArgs);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        java.lang.Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program did not end in 60 s");
        } finally {
            p.destroyForcibly();
        }
        assertEquals("[2, 4, 6]", Files.readString(out).strip(), () -> "stderr:\n" + read(err));
        assertEquals(0, p.exitValue(), () -> read(err));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
