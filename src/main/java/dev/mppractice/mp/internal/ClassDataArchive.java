package dev.mppractice.mp.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the class-data sharing archive recorded by {@link CdsTraining} lies, and the JVM flags
 * that map it: next to the jar that comes first on a class path, named {@code <jar>-child.jsa},
 * used only while it is newer than the jar. A JVM whose class path starts with that jar (a child
 * of the library, or a program the checker runs) then maps the JDK's and the library's classes
 * instead of loading them: about half of an empty JVM's start here.
 */
public final class ClassDataArchive {
    private ClassDataArchive() {
    }

    /** The flags for a JVM started with {@code classPath}, or none when there is no fresh archive. */
    public static List<String> flags(String classPath) {
        String first = classPath.split(File.pathSeparator)[0];
        if (!first.endsWith(".jar")) {
            return List.of();
        }
        try {
            Path jar = Path.of(first).toAbsolutePath();
            Path jsa = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + "-child.jsa");
            if (Files.isRegularFile(jsa)
                    && Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                // An archive from another JDK or class path is ignored; say nothing about it.
                return List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            }
        } catch (IOException | RuntimeException e) {
            // no archive: a slower start, nothing worse
        }
        return List.of();
    }
}
