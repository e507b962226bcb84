package dev.mppractice.checker;

import dev.mppractice.mp.internal.ClassLocation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.stream.Stream;

/**
 * Finds the {@code mp} library a learner's program compiles and runs against: wherever
 * {@code dev.mppractice.mp.Process} was loaded from (the fat jar in production, a classes
 * directory under tests), and a fingerprint of it for the compile cache.
 */
final class LibraryLocator {
    static final String PROCESS_CLASS = "dev.mppractice.mp.Process";

    private LibraryLocator() {
    }

    /**
     * The system property that names the library learner programs compile and run against (a jar, or a
     * classes directory), instead of where this tool loaded it from: the tests name a jar of the classes
     * under test, so that their programs start with its class-data archive as the packaged tool's do.
     */
    static final String LIBRARY_PROPERTY = "mp.library";

    /** The jar or directory holding the library: the one {@link #LIBRARY_PROPERTY} names, else this tool's. */
    static Path locate() throws CheckerException {
        String named = System.getProperty(LIBRARY_PROPERTY);
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named).toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                throw new CheckerException("The mp library named by -D" + LIBRARY_PROPERTY + " (" + path
                        + ") does not exist: build it, or leave the property out to use the one mp-practice runs with");
            }
            return path;
        }
        Class<?> process;
        try {
            process = Class.forName(PROCESS_CLASS, false, LibraryLocator.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CheckerException("The mp library (" + PROCESS_CLASS + ") is not on the class path of"
                    + " mp-practice: rebuild it with mvn package", e);
        }
        CodeSource cs = process.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            throw new CheckerException("Cannot tell where the mp library was loaded from (no code source for "
                    + PROCESS_CLASS + ")");
        }
        try {
            return Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new CheckerException("The mp library was loaded from " + cs.getLocation()
                    + ", which is not a file: run mp-practice from its jar", e);
        }
    }

    /** The jar or directory a class was loaded from, or null. */
    static Path codeSourceOf(Class<?> cls) {
        return ClassLocation.of(cls);
    }

    /**
     * Changes whenever the library does: the jar's size and time, or for a classes directory the
     * newest time, count and size of the library's class files.
     */
    static String fingerprint(Path library) {
        try {
            if (Files.isRegularFile(library)) {
                return "jar:" + library + ":" + Files.size(library) + ":" + Files.getLastModifiedTime(library).toMillis();
            }
            Path mp = library.resolve("dev").resolve("mppractice").resolve("mp");
            long[] acc = new long[3];
            if (Files.isDirectory(mp)) {
                try (Stream<Path> walk = Files.walk(mp)) {
                    walk.forEach(p -> {
                        try {
                            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                            if (a.isRegularFile()) {
                                acc[0] = Math.max(acc[0], a.lastModifiedTime().toMillis());
                                acc[1]++;
                                acc[2] += a.size();
                            }
                        } catch (IOException ignored) {
                            // a file that vanished while walking: the next check sees the change
                        }
                    });
                }
            }
            return "dir:" + library + ":" + acc[0] + ":" + acc[1] + ":" + acc[2];
        } catch (IOException e) {
            return "unknown:" + library + ":" + System.nanoTime();
        }
    }
}
