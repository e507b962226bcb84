package dev.mppractice.workspace;

import dev.mppractice.catalogue.Exercise;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The workspace as a Maven project that every Java IDE opens as it is (IntelliJ IDEA, VS Code,
 * Eclipse, NetBeans), and that {@code mvn -o compile} builds:
 *
 * <pre>
 * WORKSPACE/
 *   pom.xml                       the aggregator: one module per started exercise, the library's version
 *   01-process-basics/pom.xml     a module whose source root is its own folder (default package)
 *   .mvn/maven.config             lets mvn -o read the workspace's file repository
 *   .mvn/jvm.config               starts Maven's own JVM for a short build (C1 alone, the serial collector)
 *   .mp-practice/repository/      dev.mppractice:mp with its sources and Javadoc jars, as a Maven repository
 *   .mp-practice/javadoc/         the Javadoc, unpacked for a browser
 *   .mp-practice/ide.properties   what mp-practice last wrote of the files above
 * </pre>
 *
 * <p>Each file mp-practice writes is recorded with a hash of its content. A file that still has that
 * content is mp-practice's: it is brought up to date when what it should say changes (an exercise
 * started, a new library version). A file the learner changed, or one that was there before, is
 * theirs: it is left as it is and reported as {@link FileState#CHANGED}. A deleted one is written
 * again. The library is also put into the learner's local Maven repository (when there is one), where
 * IDEs look for a library's sources and Javadoc beside its jar.
 */
public final class IdeProject {
    public static final String GROUP_ID = "dev.mppractice";
    public static final String ARTIFACT_ID = "mp";
    public static final String REPOSITORY_ID = "mp-practice";
    static final String RECORD = "ide.properties";
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final Properties PLUGINS = pluginVersions();

    private final Workspace workspace;
    private final MpLibrary library;
    private final Path localMavenRepository;

    /**
     * @param library the library to give the project, or null when this tool cannot find its own
     * @param localMavenRepository the learner's local Maven repository, or null to leave it alone
     */
    public IdeProject(Workspace workspace, MpLibrary library, Path localMavenRepository) {
        this.workspace = workspace;
        this.library = library;
        this.localMavenRepository = localMavenRepository;
    }

    /** What became of one file of the project. */
    public enum FileState {
        /** Written now, where there was none. */
        CREATED,
        /** mp-practice's own, rewritten now because what it should say changed. */
        UPDATED,
        /** Already as mp-practice would write it. */
        CURRENT,
        /** Not as mp-practice would write it, and not as it last wrote it: the learner's, left alone. */
        CHANGED,
        /** Not there (only from {@link #inspect}). */
        MISSING
    }

    public record FileStatus(Path file, FileState state) {
    }

    /**
     * The project as it stands. {@code libraryVersion} is null when there is no library to give it;
     * {@code artifacts} lists the library's files in the workspace's repository (jar, sources, Javadoc)
     * that exist; {@code problem} says what could not be done, or is null.
     */
    public record Status(String libraryVersion, Path jar, Path sourcesJar, Path javadocJar, Path javadocIndex,
                         Path localRepositoryCopy, List<FileStatus> files, String problem) {
        public Path pom() {
            return files.isEmpty() ? null : files.get(0).file();
        }

        /** True when the aggregator pom.xml was written by this refresh (the workspace's first). */
        public boolean created() {
            return !files.isEmpty() && files.get(0).state() == FileState.CREATED;
        }

        public List<FileStatus> changed() {
            return files.stream().filter(f -> f.state() == FileState.CHANGED).toList();
        }
    }

    public Path pomFile() {
        return workspace.root().resolve("pom.xml");
    }

    public Path repository() {
        return workspace.root().resolve(Workspace.MARKER).resolve("repository");
    }

    public Path javadocDir() {
        return workspace.root().resolve(Workspace.MARKER).resolve("javadoc");
    }

    private Path recordFile() {
        return workspace.root().resolve(Workspace.MARKER).resolve(RECORD);
    }

    private Path artifactDir(String version) {
        return repository().resolve(GROUP_ID.replace('.', '/')).resolve(ARTIFACT_ID).resolve(version);
    }

    private Path localCopy(String version) {
        return localMavenRepository.resolve(GROUP_ID.replace('.', '/')).resolve(ARTIFACT_ID).resolve(version);
    }

    /** Maven copies the jar and pom alone when it resolves the library; an IDE wants the other two beside them. */
    private boolean localCopyComplete(String version) {
        Path dir = localCopy(version);
        return Files.isRegularFile(dir.resolve(fileName(version, null, "jar")))
                && (library.sourcesJar() == null || Files.isRegularFile(dir.resolve(fileName(version, "sources", "jar"))))
                && (library.javadocJar() == null || Files.isRegularFile(dir.resolve(fileName(version, "javadoc", "jar"))));
    }

    private static String fileName(String version, String classifier, String extension) {
        return ARTIFACT_ID + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + extension;
    }

    /**
     * Brings the project up to date for the exercises started so far (in catalogue order), under a
     * lock, so that a {@code watch} and a {@code check} at the same time do not write over each other.
     */
    public Status refresh(List<Exercise> started) {
        IN_PROCESS.lock();
        try {
            Path marker = workspace.root().resolve(Workspace.MARKER);
            Files.createDirectories(marker);
            try (FileChannel channel = FileChannel.open(marker.resolve("ide.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    return refreshLocked(started);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Status(null, null, null, null, null, null, List.of(),
                    "Could not write the workspace's IDE project files in " + workspace.root() + ": " + e.getMessage());
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private Status refreshLocked(List<Exercise> started) throws IOException {
        Properties record = readRecord();
        Properties before = (Properties) record.clone();
        String version = null;
        String problem = null;
        if (library != null) {
            try {
                version = library.fingerprint().equals(record.getProperty("library.fingerprint"))
                        ? record.getProperty("library.version") : library.version();
                if (version == null) version = library.version();
                boolean changed = !library.fingerprint().equals(record.getProperty("library.fingerprint"));
                if (!complete(version)) writeRepository(version);
                if (changed || library.javadocJar() != null && !Files.exists(javadocDir().resolve("index.html"))) unpackJavadoc();
                if (changed || localMavenRepository != null && !localCopyComplete(version)) copyToLocalRepository(version);
                record.setProperty("library.fingerprint", library.fingerprint());
                record.setProperty("library.version", version);
            } catch (IOException e) {
                problem = "Could not copy the mp library into " + repository() + ": " + e.getMessage();
                version = record.getProperty("library.version");
            }
        } else {
            problem = "This mp-practice cannot tell where its mp library is, so the workspace's pom.xml does not name it.";
            version = record.getProperty("library.version");
        }
        List<FileStatus> files = new ArrayList<>();
        if (version != null) {   // a pom.xml that names no library would only mislead the IDE
            for (Map.Entry<Path, String> f : desiredFiles(version, started).entrySet()) {
                files.add(new FileStatus(f.getKey(), keep(f.getKey(), f.getValue(), record)));
            }
        }
        if (!record.equals(before) || !Files.exists(recordFile())) {
            writeRecord(record); // not at every check: only when what it records changed
        }
        return status(version, files, problem);
    }

    /** The project as it stands, without writing anything: for {@code doctor} and {@code docs}. */
    public Status inspect(List<Exercise> started) {
        Properties record;
        try {
            record = readRecord();
        } catch (IOException e) {
            record = new Properties();
        }
        String version = record.getProperty("library.version");
        String problem = null;
        try {
            if (library != null) {
                String now = library.fingerprint().equals(record.getProperty("library.fingerprint")) ? version : library.version();
                if (version != null && !version.equals(now)) {
                    problem = "The workspace's copy of the mp library (" + version + ") is older than this mp-practice's (" + now
                            + "): the next start, hint or check brings it up to date.";
                }
                if (version == null) version = now;
            }
        } catch (IOException e) {
            problem = "Cannot read the mp library: " + e.getMessage();
        }
        List<FileStatus> files = new ArrayList<>();
        if (version != null) {
            for (Map.Entry<Path, String> f : desiredFiles(version, started).entrySet()) {
                files.add(new FileStatus(f.getKey(), stateOf(f.getKey(), f.getValue(), record)));
            }
        }
        return status(version, files, problem);
    }

    private Status status(String version, List<FileStatus> files, String problem) {
        Path jar = null;
        Path sources = null;
        Path javadoc = null;
        Path local = null;
        if (version != null) {
            jar = existing(artifactDir(version).resolve(fileName(version, null, "jar")));
            sources = existing(artifactDir(version).resolve(fileName(version, "sources", "jar")));
            javadoc = existing(artifactDir(version).resolve(fileName(version, "javadoc", "jar")));
            if (localMavenRepository != null) local = existing(localCopy(version));
        }
        return new Status(version, jar, sources, javadoc, existing(javadocDir().resolve("index.html")), local, files, problem);
    }

    private static Path existing(Path p) {
        return Files.exists(p) ? p : null;
    }

    // ---- the files the learner sees

    private Map<Path, String> desiredFiles(String version, List<Exercise> started) {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(pomFile(), IdeFiles.aggregatorPom(version, started, PLUGINS));
        for (Exercise ex : started) {
            files.put(workspace.exerciseDir(ex).resolve("pom.xml"), IdeFiles.modulePom(ex));
        }
        files.put(workspace.root().resolve(".mvn").resolve("maven.config"), IdeFiles.MAVEN_CONFIG);
        files.put(workspace.root().resolve(".mvn").resolve("jvm.config"), IdeFiles.JVM_CONFIG);
        return files;
    }

    /** Writes {@code content} to {@code file} unless the learner made the file their own; says which. */
    private FileState keep(Path file, String content, Properties record) throws IOException {
        String key = "file." + workspace.root().relativize(file).toString().replace('\\', '/');
        String existing;
        try {
            existing = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
            record.setProperty(key, sha(content));
            return FileState.CREATED;
        }
        if (existing.equals(content)) {
            record.setProperty(key, sha(content));
            return FileState.CURRENT;
        }
        if (sha(existing).equals(record.getProperty(key))) {
            writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
            record.setProperty(key, sha(content));
            return FileState.UPDATED;
        }
        return FileState.CHANGED;
    }

    private FileState stateOf(Path file, String content, Properties record) {
        String key = "file." + workspace.root().relativize(file).toString().replace('\\', '/');
        try {
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            if (existing.equals(content)) return FileState.CURRENT;
            return sha(existing).equals(record.getProperty(key)) ? FileState.UPDATED : FileState.CHANGED;
        } catch (IOException e) {
            return FileState.MISSING;
        }
    }

    // ---- the library, as a Maven repository in the workspace

    /** True when the workspace's repository holds {@code version} with everything the library has to give. */
    private boolean complete(String version) {
        Path dir = artifactDir(version);
        return Files.isRegularFile(dir.resolve(fileName(version, null, "jar")))
                && Files.isRegularFile(dir.resolve(fileName(version, null, "pom")))
                && (library.sourcesJar() == null || Files.isRegularFile(dir.resolve(fileName(version, "sources", "jar"))))
                && (library.javadocJar() == null || Files.isRegularFile(dir.resolve(fileName(version, "javadoc", "jar"))))
                && Files.isRegularFile(dir.getParent().resolve("maven-metadata.xml"));
    }

    private void writeRepository(String version) throws IOException {
        Path dir = artifactDir(version);
        Files.createDirectories(dir);
        Path jar = dir.resolve(fileName(version, null, "jar"));
        Path tmp = dir.resolve(jar.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            library.writeClassesJar(out);
        }
        move(tmp, jar);
        withChecksums(jar);
        writeWithChecksums(dir.resolve(fileName(version, null, "pom")), IdeFiles.libraryPom(version));
        if (library.sourcesJar() != null) copyWithChecksums(library.sourcesJar(), dir.resolve(fileName(version, "sources", "jar")));
        if (library.javadocJar() != null) copyWithChecksums(library.javadocJar(), dir.resolve(fileName(version, "javadoc", "jar")));
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        writeWithChecksums(dir.getParent().resolve("maven-metadata.xml"), IdeFiles.metadata(version, stamp));
        // Older versions are of no use to the current pom.xml: only the current one is kept.
        try (Stream<Path> versions = Files.list(dir.getParent())) {
            for (Path old : (Iterable<Path>) versions.filter(Files::isDirectory).filter(p -> !p.equals(dir))::iterator) {
                deleteTree(old);
            }
        }
    }

    private void unpackJavadoc() throws IOException {
        Path dir = javadocDir();
        deleteTree(dir);
        if (library.javadocJar() == null) return;
        try (JarFile jar = new JarFile(library.javadocJar().toFile())) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                JarEntry e = en.nextElement();
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir) || e.getName().startsWith("META-INF/")) continue;
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /**
     * Puts the library beside the others in the learner's local Maven repository, as Maven would on
     * its first build, and its sources and Javadoc with it: that is where IntelliJ IDEA, Eclipse,
     * NetBeans and VS Code look for them when they import the project, so they are attached at once.
     */
    private void copyToLocalRepository(String version) throws IOException {
        if (localMavenRepository == null || !Files.isDirectory(localMavenRepository)) return;
        Path from = artifactDir(version);
        Path to = localCopy(version);
        Files.createDirectories(to);
        Properties origins = new Properties();
        for (String name : List.of(fileName(version, null, "jar"), fileName(version, null, "pom"),
                fileName(version, "sources", "jar"), fileName(version, "javadoc", "jar"))) {
            if (!Files.isRegularFile(from.resolve(name))) continue;
            Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            origins.setProperty(name + ">" + REPOSITORY_ID, "");   // resolved from the workspace's repository, for Maven
        }
        try (OutputStream out = Files.newOutputStream(to.resolve("_remote.repositories"))) {
            origins.store(out, "Written by mp-practice, as Maven writes it: these files came from the repository with the id " + REPOSITORY_ID);
        }
    }

    // ---- small file helpers

    private void writeWithChecksums(Path file, String content) throws IOException {
        writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
        withChecksums(file);
    }

    private void copyWithChecksums(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        move(tmp, to);
        withChecksums(to);
    }

    /** The {@code .sha1} and {@code .md5} files Maven checks a download against. */
    private static void withChecksums(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (String algorithm : List.of("SHA-1", "MD5")) {
            try {
                String hex = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
                String ext = algorithm.equals("SHA-1") ? ".sha1" : ".md5";
                Files.writeString(file.resolveSibling(file.getFileName() + ext), hex, StandardCharsets.US_ASCII);
            } catch (java.security.NoSuchAlgorithmException e) {
                // a JDK without it: Maven then warns that the checksum is missing, and goes on
            }
        }
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.write(tmp, bytes);
        move(tmp, file);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    private static String sha(String content) {
        return HexFormat.of().formatHex(MpLibrary.sha256().digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private Properties readRecord() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(recordFile())) {
            p.load(in);
        } catch (NoSuchFileException e) {
            // a workspace without IDE files yet
        }
        return p;
    }

    private void writeRecord(Properties record) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        record.store(out, " What mp-practice last wrote of the workspace's IDE project: a file whose content still has this hash is"
                + "\n# mp-practice's to keep current; one you changed is yours, and left alone.");
        writeAtomically(recordFile(), out.toByteArray());
    }

    private static Properties pluginVersions() {
        Properties p = new Properties();
        try (InputStream in = IdeProject.class.getResourceAsStream("build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // the defaults below
        }
        // The versions this build was made with when the resource is missing (a build without resource filtering).
        p.putIfAbsent("maven-compiler-plugin", "3.13.0");
        p.putIfAbsent("maven-resources-plugin", "3.3.1");
        p.putIfAbsent("maven-jar-plugin", "3.4.2");
        p.putIfAbsent("maven-surefire-plugin", "3.5.4");
        return p;
    }
}
