package dev.mppractice.mp.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the class-data archive recorded by {@link CdsTraining} for this JDK lies, and the JVM
 * flags that map it. It lies next to the jar that comes first on a class path and is used only
 * while it is newer than that jar. A JVM whose class path starts with that jar (a child of the
 * library, or a program the checker runs) then maps the JDK's and the library's classes instead
 * of loading them: about half of an empty JVM's start here.
 *
 * <ul>
 *   <li>On JDK 17 to 24: a dynamic class-data sharing archive, {@code <jar>-child.jsa}
 *       ({@code -XX:SharedArchiveFile}).
 *   <li>On JDK 25 and later: an ahead-of-time cache, {@code <jar>-child-<java.runtime.version>.aot}
 *       ({@code -XX:AOTCache}): classes loaded and linked, lambdas and method handles resolved,
 *       which takes more off a start than the archive. Its name carries the exact JDK build, which
 *       it is only valid for, so that JDKs used by turns on one machine keep one each.
 * </ul>
 *
 * <p>An archive that is missing or older than the jar is not used; one the JVM refuses (another
 * JDK's, another class path's, a damaged file) is ignored by the JVM without a word (its logging
 * is turned off): either way a slower start, never a failure, never a line of output.
 */
public final class ClassDataArchive {
    /** The first JDK whose {@code java} records an ahead-of-time cache in one run ({@code -XX:AOTCacheOutput}). */
    static final int AOT_CACHE_JDK = 25;

    private ClassDataArchive() {
    }

    /** True when this JVM's JDK uses an ahead-of-time cache rather than a dynamic CDS archive. */
    public static boolean aotCache() {
        return Runtime.version().feature() >= AOT_CACHE_JDK;
    }

    /** The archive for this JDK that belongs to {@code jar}: see the class comment. */
    public static Path archive(Path jar) {
        Path abs = jar.toAbsolutePath();
        String base = abs.getFileName().toString().replaceFirst("\\.jar$", "");
        String name = aotCache() ? base + "-child-" + System.getProperty("java.runtime.version", "unknown") + ".aot"
                : base + "-child.jsa";
        return abs.resolveSibling(name);
    }

    /** The flags for a JVM of this JDK started with {@code classPath}, or none when there is no fresh archive. */
    public static List<String> flags(String classPath) {
        String first = classPath.split(File.pathSeparator)[0];
        if (!first.endsWith(".jar")) {
            return List.of();
        }
        try {
            Path jar = Path.of(first).toAbsolutePath();
            Path archive = archive(jar);
            if (Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                // An archive the JVM refuses is ignored; it says nothing about it.
                return aotCache()
                        ? List.of("-XX:AOTCache=" + archive, "-Xlog:aot=off", "-Xlog:cds=off")
                        : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            }
        } catch (IOException | RuntimeException e) {
            // no archive: a slower start, nothing worse
        }
        return List.of();
    }
}
