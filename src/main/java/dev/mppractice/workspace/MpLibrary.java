package dev.mppractice.workspace;

import dev.mppractice.mp.internal.ClassLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The {@code mp} library as a workspace's IDE project uses it: its classes, taken from wherever this
 * tool loaded them (the product jar, or a classes folder under tests), and the sources and Javadoc
 * jars that the build puts beside the product jar ({@code mp-practice-VERSION-mp-sources.jar},
 * {@code -mp-javadoc.jar}), when they are there.
 *
 * <p>Its {@link #version() version} is the tool's version followed by a hash of the library's classes
 * and sources, so that it changes whenever the library does: Maven keeps a copy of every artifact it
 * resolves and never looks again at a release version it already has.
 */
public final class MpLibrary {
    /** The library's package as a path prefix: the classes the IDE project gets. */
    static final String PACKAGE_PATH = "dev/mppractice/mp/";
    static final String SOURCES_SUFFIX = "-mp-sources.jar";
    static final String JAVADOC_SUFFIX = "-mp-javadoc.jar";
    private static final FileTime EPOCH = FileTime.fromMillis(315532800000L);   // 1980-01-01, the zip format's own epoch

    private static MpLibrary current;

    private final Path codeSource;
    private final Path sourcesJar;
    private final Path javadocJar;
    private final String toolVersion;
    private String version;
    private String fingerprint;
    private Map<String, byte[]> classes;

    /**
     * @param codeSource the jar or classes folder holding {@code dev/mppractice/mp}
     * @param sourcesJar the library's sources jar, or null when the build made none
     * @param javadocJar the library's Javadoc jar, or null
     * @param toolVersion the version of mp-practice, the first part of the library's version
     */
    public MpLibrary(Path codeSource, Path sourcesJar, Path javadocJar, String toolVersion) {
        this.codeSource = codeSource.toAbsolutePath().normalize();
        this.sourcesJar = sourcesJar;
        this.javadocJar = javadocJar;
        this.toolVersion = toolVersion;
    }

    /** The library this tool runs with, or null when it cannot tell where it was loaded from. */
    public static synchronized MpLibrary current() {
        if (current == null) {
            Path from = codeSourceOf(dev.mppractice.mp.Process.class);
            if (from == null) return null;
            Path dir = from.getParent();
            current = new MpLibrary(from, besideIt(dir, SOURCES_SUFFIX), besideIt(dir, JAVADOC_SUFFIX), toolVersion());
        }
        return current;
    }

    public Path codeSource() {
        return codeSource;
    }

    /**
     * The repository's {@code docs} folder (the library's contract, {@code api.md}, and its names),
     * found above the jar or classes folder this tool runs from; null for a jar copied elsewhere.
     */
    public Path docsDir() {
        for (Path dir = codeSource.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs").resolve("api.md"))) return dir.resolve("docs");
            if (Files.isRegularFile(dir.resolve("pom.xml"))) return null;   // the top of a project without them
        }
        return null;
    }

    /** The sources jar, or null. */
    public Path sourcesJar() {
        return sourcesJar;
    }

    /** The Javadoc jar, or null. */
    public Path javadocJar() {
        return javadocJar;
    }

    /** The Maven coordinates' version: {@code 0.1.0-} and ten hex digits of the library's content. */
    public synchronized String version() throws IOException {
        if (version == null) {
            MessageDigest sha = sha256();
            for (Map.Entry<String, byte[]> e : classes().entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update(e.getValue());
            }
            if (sourcesJar != null) {
                for (Map.Entry<String, byte[]> e : entries(sourcesJar, "").entrySet()) {
                    sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                    sha.update(e.getValue());
                }
            }
            version = toolVersion + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 10);
        }
        return version;
    }

    /**
     * Changes whenever one of the library's files does, cheaply (sizes and times): a workspace
     * compares it with the one it recorded before computing {@link #version()} again.
     */
    public synchronized String fingerprint() {
        if (fingerprint == null) {
            StringBuilder sb = new StringBuilder(stamp(codeSource));
            if (Files.isDirectory(codeSource)) {
                try (Stream<Path> walk = Files.walk(codeSource.resolve(PACKAGE_PATH))) {
                    long[] acc = new long[3];
                    walk.filter(Files::isRegularFile).forEach(p -> {
                        try {
                            acc[0] = Math.max(acc[0], Files.getLastModifiedTime(p).toMillis());
                            acc[1]++;
                            acc[2] += Files.size(p);
                        } catch (IOException ignored) {
                            // gone while walking: the next look sees the change
                        }
                    });
                    sb.append(':').append(acc[0]).append(':').append(acc[1]).append(':').append(acc[2]);
                } catch (IOException | RuntimeException e) {
                    sb.append(":?");
                }
            }
            sb.append('|').append(sourcesJar == null ? "-" : stamp(sourcesJar));
            sb.append('|').append(javadocJar == null ? "-" : stamp(javadocJar));
            fingerprint = sb.toString();
        }
        return fingerprint;
    }

    /** Writes a jar of the library's classes alone, the same bytes for the same classes. */
    public void writeClassesJar(OutputStream out) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), "dev.mppractice.mp");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "mp");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version());
        try (JarOutputStream jar = new JarOutputStream(out)) {
            JarEntry m = new JarEntry(JarFile.MANIFEST_NAME);
            m.setLastModifiedTime(EPOCH);
            jar.putNextEntry(m);
            manifest.write(jar);
            jar.closeEntry();
            Set<String> dirs = new HashSet<>();
            for (Map.Entry<String, byte[]> e : classes().entrySet()) {
                String name = e.getKey();
                for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
                    String dir = name.substring(0, i + 1);
                    if (dirs.add(dir)) {
                        JarEntry d = new JarEntry(dir);
                        d.setLastModifiedTime(EPOCH);
                        jar.putNextEntry(d);
                        jar.closeEntry();
                    }
                }
                JarEntry entry = new JarEntry(name);
                entry.setLastModifiedTime(EPOCH);
                jar.putNextEntry(entry);
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
    }

    /** The library's class files (and any other file of its package), by name, in name order. */
    private synchronized Map<String, byte[]> classes() throws IOException {
        if (classes == null) classes = readClasses();
        return classes;
    }

    private Map<String, byte[]> readClasses() throws IOException {
        if (Files.isDirectory(codeSource)) {
            Map<String, byte[]> out = new TreeMap<>();
            Path pkg = codeSource.resolve(PACKAGE_PATH);
            if (!Files.isDirectory(pkg)) throw new IOException("no " + PACKAGE_PATH + " in " + codeSource);
            try (Stream<Path> walk = Files.walk(pkg)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    out.put(codeSource.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
            return out;
        }
        Map<String, byte[]> out = entries(codeSource, PACKAGE_PATH);
        if (out.isEmpty()) throw new IOException("no " + PACKAGE_PATH + " in " + codeSource);
        return out;
    }

    private static Map<String, byte[]> entries(Path jarFile, String prefix) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                JarEntry e = en.nextElement();
                if (e.isDirectory() || !e.getName().startsWith(prefix) || e.getName().startsWith("META-INF/")) continue;
                try (InputStream in = jar.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    private static String stamp(Path p) {
        try {
            return p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return p + ":missing";
        }
    }

    /** The newest {@code *suffix} file in {@code dir}, or null. */
    private static Path besideIt(Path dir, String suffix) {
        if (dir == null || !Files.isDirectory(dir)) return null;
        Path best = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "mp-practice-*" + suffix)) {
            for (Path p : files) {
                if (best == null || Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(best)) > 0) best = p;
            }
        } catch (IOException e) {
            return null;
        }
        return best;
    }

    static Path codeSourceOf(Class<?> cls) {
        return ClassLocation.of(cls);
    }

    /** This tool's version from its jar's Maven descriptor; {@code dev} when it runs from classes. */
    static String toolVersion() {
        try (InputStream in = MpLibrary.class.getResourceAsStream("/META-INF/maven/dev.mppractice/mp-practice/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) return v.trim();
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "dev";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
