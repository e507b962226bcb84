package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive of child JVMs ({@link ClassDataArchive}, {@link CdsTraining}) in real JVMs,
 * from a real jar: a program whose class path starts with the library's jar prints exactly what it
 * prints without an archive whether the archive is missing, fresh, stale or refused by the JVM;
 * a fresh one is mapped by its children (their class-loading log says so); on JDK 25, when it is
 * installed here, the same with the ahead-of-time cache.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildArchiveTest {
    /** A newer JDK, used when this machine has it (the project's own machines do). */
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final List<String> EXPECTED = List.of("child says hi", "exit 0", "squares [1, 4, 9]");

    @TempDir
    static Path dir;
    static Path jar;
    static String testClasses;

    @BeforeAll
    static void makeTheJar() throws Exception {
        Path classes = location(ClassDataArchive.class);
        assertTrue(Files.isDirectory(classes), "the library's classes are not a directory: " + classes);
        testClasses = location(ArchiveProbeMain.class).toString();
        jar = dir.resolve("mp-lib.jar");
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = tool.run(new PrintWriter(out), new PrintWriter(out), "--create", "--file", jar.toString(), "-C",
                classes.toString(), ".");
        assertEquals(0, rc, out::toString);
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private record Run(int exitCode, List<String> out, String err, String classLoading) {
        boolean childMapped() {
            return classLoading.lines().anyMatch(l -> l.contains("internal.ChildMain source: shared objects file"));
        }
    }

    /** Runs {@code main} with {@code java}, the jar first on its class path; children log their class loading. */
    private static Run run(Path java, String... mainAndArgs) throws Exception {
        return runWith(java, jar + File.pathSeparator + testClasses, mainAndArgs);
    }

    private static Run runWith(Path java, String classPath, String... mainAndArgs) throws Exception {
        return runIn(null, java, classPath, mainAndArgs);
    }

    /** As {@link #runWith}, in the folder {@code cwd} (null: this JVM's). */
    private static Run runIn(Path cwd, Path java, String classPath, String... mainAndArgs) throws Exception {
        Path work = Files.createTempDirectory(dir, "run");
        Path out = work.resolve("out");
        Path err = work.resolve("err");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:+UseSerialGC",
                "-Dmp.childJvmArgs=-Xlog:class+load=info:file=" + work.resolve("classes-%p.log"),
                "-cp", classPath));
        cmd.addAll(List.of(mainAndArgs));
        java.lang.Process p = new ProcessBuilder(cmd).directory(cwd == null ? null : cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(200, TimeUnit.SECONDS), "did not end: " + cmd);
        StringBuilder loading = new StringBuilder();
        try (Stream<Path> logs = Files.list(work)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("classes-")).toList()) {
                loading.append(Files.readString(log));
            }
        }
        return new Run(p.exitValue(), Files.readAllLines(out), Files.readString(err), loading.toString());
    }

    private static Run probe(Path java) throws Exception {
        Run r = run(java, ArchiveProbeMain.class.getName());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(EXPECTED, r.out(), "stderr: " + r.err());
        assertEquals("", r.err(), "the program's standard error");
        return r;
    }

    /** Trains as bin/mp-practice does: the jar alone on the class path (JDK 25 refuses a directory there). */
    private static void train(Path java) throws Exception {
        Run r = runWith(java, jar.toString(), CdsTraining.class.getName());
        assertEquals(0, r.exitCode(), "training: " + r.out() + r.err());
    }

    private static Path java17() {
        return Path.of(JvmFlags.java());
    }

    /** The archive the JVM {@code java} would look for: the name carries its version from JDK 25 on. */
    private static Path archiveOf(Path java) throws Exception {
        Path found;
        try (Stream<Path> files = Files.list(dir)) {
            found = files.filter(f -> f.getFileName().toString().startsWith("mp-lib-child")
                    && !f.getFileName().toString().endsWith(".tmp")
                    && f.getFileName().toString().endsWith(java.equals(JDK25) ? ".aot" : ".jsa")).findFirst().orElse(null);
        }
        assertTrue(found != null, "no archive was written for " + java + " in " + dir);
        return found;
    }

    /** The dynamic archive of the jar, removed; the test is skipped on a JDK that makes an ahead-of-time cache instead. */
    private static Path noDynamicArchiveYet() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() < ClassDataArchive.AOT_CACHE_JDK,
                "this test's JVM is JDK " + Runtime.version().feature() + "; the dynamic archive case is for JDK 17 to 24");
        Path archive = ClassDataArchive.archive(jar);
        Files.deleteIfExists(archive);
        return archive;
    }

    @Test
    void childrenStartAndSayNothingMoreWhetherTheArchiveIsMissingFreshStaleOrRefused() throws Exception {
        Path archive = noDynamicArchiveYet();
        assertEquals(List.of(), ClassDataArchive.flags(jar.toString()));
        assertFalse(probe(java17()).childMapped(), "mapped without an archive?");

        train(java17());
        assertEquals(archive, archiveOf(java17()));
        assertFalse(ClassDataArchive.flags(jar.toString()).isEmpty(), "a fresh archive is not used");
        assertTrue(probe(java17()).childMapped(), "the children did not map the fresh archive");
        // Every check's run is recorded: its children map the recorder's classes too.
        Run recorded = run(java17(), "-Dmp.record=" + dir.resolve("probe-record.jsonl"), ArchiveProbeMain.class.getName());
        assertEquals(0, recorded.exitCode(), recorded.err());
        assertTrue(recorded.classLoading().lines().anyMatch(l -> l.contains("internal.Recorder$Deferred source: shared objects file")),
                "a recorded child loaded the recorder from the jar");

        // stale: the jar is newer than its archive
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 2000));
        assertEquals(List.of(), ClassDataArchive.flags(jar.toString()), "a stale archive is used");
        assertFalse(probe(java17()).childMapped());

        // refused: newer than the jar, but not an archive the JVM can map
        Files.write(archive, "not an archive".getBytes());
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000));
        assertFalse(ClassDataArchive.flags(jar.toString()).isEmpty());
        assertFalse(probe(java17()).childMapped());
    }

    /**
     * Trained as the class comment of CdsTraining shows it ({@code java -cp mp-practice.jar ...CdsTraining}, from the
     * jar's folder), the training child was given the class path as written, relative, and the archive it wrote was
     * one no child of a program whose class path names the jar in full ever mapped: the JVM refused it without a word.
     */
    @Test
    void anArchiveTrainedFromARelativeClassPathIsMappedByChildren() throws Exception {
        Path archive = noDynamicArchiveYet();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        Run training = runIn(dir, java17(), jar.getFileName().toString(), CdsTraining.class.getName());
        assertEquals(0, training.exitCode(), "training: " + training.out() + training.err());
        assertEquals(archive, archiveOf(java17()));
        assertTrue(probe(java17()).childMapped(), "the children did not map the archive trained from a relative class path");
    }

    @Test
    void onJdk25TheAheadOfTimeCacheIsMadeUsedAndWhenRefusedCostsNothingButSpeed() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK25), "JDK 25 is not installed at " + JDK25 + ": the ahead-of-time"
                + " cache is not tested here");
        Run before = probe(JDK25);
        boolean hadCache;
        try (Stream<Path> files = Files.list(dir)) {
            hadCache = files.anyMatch(f -> f.getFileName().toString().endsWith(".aot"));
        }
        assertTrue(hadCache || !before.childMapped(), "mapped without a cache?");

        train(JDK25);
        Path cache = archiveOf(JDK25);
        assertTrue(cache.getFileName().toString().startsWith("mp-lib-child-25"), cache.toString());
        assertTrue(probe(JDK25).childMapped(), "the children did not map the fresh ahead-of-time cache");

        // refused: newer than the jar, but damaged
        Files.write(cache, "not a cache".getBytes());
        Files.setLastModifiedTime(cache, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000));
        assertFalse(probe(JDK25).childMapped());
    }
}
