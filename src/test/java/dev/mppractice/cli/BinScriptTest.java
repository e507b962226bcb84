package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/mp-practice} on a fresh copy of the repository (no {@code target/}): the first
 * run builds the jar with Maven, later runs start it directly, a newer source rebuilds it; then a
 * learner's first steps with the built-in catalogue, from a folder outside the repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinScriptTest {
    Path tmp;
    Path repo;
    Path script;
    Path home;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    @BeforeAll
    void copyTheRepository(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        Assumptions.assumeTrue(onPath("mvn") && onPath("bash"), "mvn or bash is not on the PATH: bin/mp-practice cannot be tested here");
        Path project = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")));
        repo = tmp.resolve("repo");
        for (String part : List.of("pom.xml", ".mvn", "bin", "src/main", "exercises")) copy(project.resolve(part), repo.resolve(part));
        script = repo.resolve("bin/mp-practice");
        assertTrue(Files.isExecutable(script), "bin/mp-practice is executable");
        home = tmp.resolve("home");
        Files.createDirectories(home);
    }

    private static boolean onPath(String tool) {
        return onPathAt(tool) != null;
    }

    /** Where {@code tool} is found on the PATH, or null. */
    private static Path onPathAt(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                .findFirst().orElse(null);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private Run run(Path cwd, Map<String, String> extraEnv, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MP_PRACTICE_") || k.equals("NO_COLOR") || k.startsWith("XDG_"));
        // mp-practice's own per-user files (the workspaces it remembers) go to this test's home; Maven's
        // local repository stays where Java's user.home says, where the build put the plugins.
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(extraEnv);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/mp-practice did not end within 5 minutes: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run mp(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        return run(home, Map.of(), cmd.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void theFirstRunBuildsTheJarSayingSoOnStandardError() throws Exception {
        assertFalse(Files.exists(repo.resolve("target")));
        long t0 = System.nanoTime();
        Run r = mp("--version");
        System.out.println("bin/mp-practice: first run with the build: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("building target/mp-practice.jar"), r::toString);
        assertTrue(r.out().startsWith("mp-practice "), r::toString);
        assertTrue(Files.isRegularFile(repo.resolve("target/mp-practice.jar")));
    }

    @Test
    @Order(2)
    void laterRunsStartTheJarWithoutBuilding() throws Exception {
        Run r = mp("--version");
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), "no build, nothing on stderr");
    }

    @Test
    @Order(3)
    void aSourceNewerThanTheJarRebuildsIt() throws Exception {
        Path jar = repo.resolve("target/mp-practice.jar");
        Path toml = repo.resolve("exercises/01-process-basics/exercise.toml");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 60_000));
        Files.setLastModifiedTime(toml, FileTime.fromMillis(now - 30_000));   // edited after the last build
        // A source edited while the build runs (the learner saves again): the Maven on the PATH edits one as the
        // build begins, then runs the real one. The jar it makes does not hold that edit, so the jar must not
        // count as newer than it: the next run builds again.
        Path editedDuringTheBuild = repo.resolve("exercises/02-pool-map/exercise.toml");
        Files.setLastModifiedTime(editedDuringTheBuild, FileTime.fromMillis(now - 30_000));
        // A fixture the sources no longer have (an update removed it): the rebuilt jar must not carry it still.
        Path removed = repo.resolve("exercises/01-process-basics/fixtures/sleep-instead-of-join");
        try (Stream<Path> all = Files.walk(removed)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
        Path wrap = Files.createDirectories(tmp.resolve("maven-that-sees-an-edit"));
        Path mvn = wrap.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\ntouch '" + editedDuringTheBuild + "'\nexec '" + onPathAt("mvn") + "' \"$@\"\n");
        mvn.toFile().setExecutable(true);
        Run r = run(home, Map.of("PATH", wrap + ":" + System.getenv("PATH")), script.toString(), "--version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("building"), r::toString);
        assertTrue(Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(editedDuringTheBuild)) < 0,
                "the jar counts as older than a source edited during its build: " + Files.getLastModifiedTime(jar) + " against "
                        + Files.getLastModifiedTime(editedDuringTheBuild));
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            assertTrue(zip.getEntry("exercises/01-process-basics/fixtures/call-in-main/fixture.toml") != null, "a kept fixture");
            assertTrue(zip.getEntry("exercises/01-process-basics/fixtures/sleep-instead-of-join/fixture.toml") == null,
                    "a fixture removed from the sources is gone from the jar");
        }
        // that edit undone (its time back to before the build): nothing is newer than the jar, no build
        Files.setLastModifiedTime(editedDuringTheBuild, FileTime.fromMillis(now - 30_000));
        assertEquals("", mp("--version").err(), "fresh again");
    }

    @Test
    @Order(4)
    void aLearnersFirstStepsFromAFolderOutsideTheRepository() throws Exception {
        Run welcome = mp();
        assertEquals(0, welcome.code(), welcome::toString);
        assertTrue(welcome.out().contains(script + " start 1"), "suggests what to type, as it was called: " + welcome);

        Run start = mp("start", "1");
        assertEquals(0, start.code(), start::toString);
        Path file = home.resolve("mp-workspace/01-process-basics/ProcessBasics.java");
        assertTrue(Files.isRegularFile(file), start::toString);
        assertTrue(start.out().contains("open the folder\n\n  " + home.resolve("mp-workspace") + "\n"), start::toString);

        Run failing = mp("check", "1");
        assertEquals(1, failing.code(), failing::toString);
        assertTrue(failing.out().contains("Edit   " + file), failing::toString);

        Files.copy(repo.resolve("exercises/01-process-basics/solution/ProcessBasics.java"), file, StandardCopyOption.REPLACE_EXISTING);
        Run passing = mp("check", "process-basics");
        assertEquals(0, passing.code(), passing::toString);
        assertTrue(passing.out().contains("passes"), passing::toString);

        Run list = mp("list", "--json");
        assertEquals(0, list.code(), list::toString);
        JsonNode first = new ObjectMapper().readTree(list.out()).get(0);
        assertEquals("done", first.get("status").asText());
        assertEquals(file.toString(), first.get("file").asText());
    }

    /**
     * The workspace as an IDE imports it: a Maven project that builds offline with what building mp-practice put
     * in the local repository, naming a library whose sources and Javadoc jars are there; a mistake is reported
     * at the learner's file and line.
     */
    @Test
    @Order(5)
    void theWorkspaceIsAMavenProjectThatCompilesOffline() throws Exception {
        Path ws = home.resolve("mp-workspace");
        String pom = Files.readString(ws.resolve("pom.xml"));
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("<mp.version>([^<]+)</mp.version>").matcher(pom);
        assertTrue(version.find(), pom);
        Path lib = ws.resolve(".mp-practice/repository/dev/mppractice/mp").resolve(version.group(1));
        for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
            assertTrue(Files.isRegularFile(lib.resolve("mp-" + version.group(1) + suffix)), "mp" + suffix + " in " + lib);
        }
        Run docs = mp("docs");
        assertEquals(0, docs.code(), docs::toString);
        assertTrue(docs.out().contains(repo.resolve("target").toString()) && docs.out().contains("-mp-sources.jar")
                && docs.out().contains("-mp-javadoc.jar"), "says where the jars are: " + docs);

        Run compile = run(ws, Map.of(), "mvn", "-o", "-q", "compile");
        assertEquals(0, compile.code(), compile::toString);
        assertTrue(Files.isRegularFile(ws.resolve("01-process-basics/target/classes/ProcessBasics.class")), compile::toString);

        Path file = ws.resolve("01-process-basics/ProcessBasics.java");
        String mine = Files.readString(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        int at = lines.indexOf(lines.stream().filter(l -> l.contains("System.out.println(")).reduce((a, b) -> b).orElseThrow());
        lines.add(at + 1, "        int broken = ;");
        Files.write(file, lines);
        try {
            Run broken = run(ws, Map.of(), "mvn", "-o", "-q", "compile");
            assertEquals(1, broken.code(), broken::toString);
            assertTrue((broken.out() + broken.err()).contains(file + ":[" + (at + 2) + ","), "the learner's file and line: " + broken);
        } finally {
            Files.writeString(file, mine);
        }
    }

    @Test
    @Order(6)
    void fromAFolderOutsideEveryWorkspaceTheOneUsedLastIsUsedAndNamed() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Run list = run(elsewhere, Map.of(), script.toString(), "list");
        assertEquals(0, list.code(), list::toString);
        assertTrue(list.out().contains("1/17 done") || list.out().matches("(?s).*1/\\d+ done.*"), "the progress, not 0/N: " + list);
        assertTrue(list.err().contains("Using the workspace you used last: " + home.resolve("mp-workspace")), list::toString);
        assertFalse(Files.exists(elsewhere.resolve("mp-workspace")), "no new workspace made here");
    }

    @Test
    @Order(7)
    void exitCodesAndErrorsComeThroughTheScript() throws Exception {
        Run usage = mp("frobnicate");
        assertEquals(2, usage.code(), usage::toString);
        assertTrue(usage.err().contains("There is no command \"frobnicate\""), usage::toString);
        Run unknown = mp("show", "99");
        assertEquals(2, unknown.code(), unknown::toString);
        Path state = home.resolve("mp-workspace/.mp-practice/state.json");
        String saved = Files.readString(state);
        Files.writeString(state, "not json");
        Run damaged = mp("list");
        assertEquals(3, damaged.code(), damaged::toString);
        assertTrue(damaged.err().contains(state.toString()), damaged::toString);
        Files.writeString(state, saved);
    }

    @Test
    @Order(8)
    void runsThroughASymlinkOnThePathAndFromInsideTheRepository() throws Exception {
        Path bin = tmp.resolve("path-bin");
        Files.createDirectories(bin);
        Files.createSymbolicLink(bin.resolve("mp-practice"), script);
        // Through bash, so that the command is looked up on the child's PATH (Java looks on its own).
        Run viaPath = run(home, Map.of("PATH", bin + ":" + System.getenv("PATH")), "bash", "-c", "mp-practice show 1");
        assertEquals(0, viaPath.code(), viaPath::toString);
        assertTrue(viaPath.out().contains("mp-practice check 1") && !viaPath.out().contains("/mp-practice check 1"), viaPath::toString);

        Run relative = run(repo, Map.of("MP_PRACTICE_WORKSPACE", home.resolve("mp-workspace").toString()), "bin/mp-practice", "show", "1");
        assertEquals(0, relative.code(), relative::toString);
        assertTrue(relative.out().contains("bin/mp-practice check 1"), relative::toString);
    }

    /**
     * The command line's class-data archive is the Java's that made it: run with another Java (JAVA_HOME switched), the
     * script makes one for that Java, which would ignore the first without a word (JDK 25 after a JDK 17 build: every
     * command about 0.3 s slower, check 1 2.4 times its program's run). Another Java here: a JDK folder whose java hands
     * over to this one, with its release file.
     */
    @Test
    @Order(9)
    void anotherJavaGetsTheCommandLinesArchiveMadeForIt() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path other = Files.createDirectories(tmp.resolve("other-jdk/bin"));
        Path java = other.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\nexec '" + javaHome.resolve("bin/java") + "' \"$@\"\n");
        java.toFile().setExecutable(true);
        if (Files.isRegularFile(javaHome.resolve("release"))) {
            Files.copy(javaHome.resolve("release"), other.getParent().resolve("release"));   // names the children's archive
        }
        Path madeBy = repo.resolve("target/mp-practice.jsa.java");
        assertTrue(Files.isRegularFile(madeBy), "the archive names the java that made it");

        Run r = run(home, Map.of("JAVA_HOME", other.getParent().toString()), script.toString(), "--version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("preparing the start-up of this command"), r::toString);
        assertEquals(java.toString(), Files.readString(madeBy).strip(), "made again, by the other java");
        Run again = run(home, Map.of("JAVA_HOME", other.getParent().toString()), script.toString(), "--version");
        assertEquals("", again.err(), "made once: " + again);
    }
}
