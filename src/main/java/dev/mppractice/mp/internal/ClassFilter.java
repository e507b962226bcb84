package dev.mppractice.mp.internal;

import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * What a stream from another process may create: the JDK's value types (boxed numbers, strings,
 * collections, time, big numbers, serialized lambdas), the library's own handles, and the classes
 * of the program itself (loaded from the class path), but not the libraries bundled beside it.
 *
 * <p>Everything the library listens on is already reachable only by the process tree; this filter
 * is the second wall, so that a stream cannot instantiate gadget classes even if the first fell.
 */
final class ClassFilter implements ObjectInputFilter {
    static final ClassFilter INSTANCE = new ClassFilter();

    private static final long MAX_DEPTH = 2_000;
    private static final long MAX_REFERENCES = 50_000_000;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final Set<String> JDK_PACKAGES = Set.of(
            "java.lang", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
            "java.time", "java.math", "java.util.regex", "java.net", "java.io", "java.nio.file");
    private static final Set<String> JDK_CLASSES = Set.of("java.lang.invoke.SerializedLambda");
    /** Bundled in the jar next to the library, never needed in a stream. */
    private static final String[] REFUSED_PREFIXES = {
        "picocli.", "org.jline.", "org.fusesource.", "com.fasterxml.", "com.github.difflib.",
        "dev.mppractice.cli.", "dev.mppractice.checker.", "dev.mppractice.catalogue.",
        "dev.mppractice.workspace.", "dev.mppractice.watch.", "dev.mppractice.mp.internal.Hub",
    };
    /** JDK classes in the allowed packages that are known to be abused in gadget chains or carry handles. */
    private static final Set<String> REFUSED_CLASSES = Set.of(
            "java.lang.Thread", "java.lang.ProcessBuilder", "java.lang.Runtime", "java.io.FileDescriptor",
            "java.io.RandomAccessFile", "java.io.FileInputStream", "java.io.FileOutputStream",
            "java.net.URLClassLoader", "java.net.Socket", "java.net.ServerSocket");

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES
                || info.arrayLength() > MAX_ARRAY) {
            return Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive()) {
            return Status.ALLOWED;
        }
        return allowed(type) ? Status.ALLOWED : Status.REJECTED;
    }

    static boolean allowed(Class<?> type) {
        String name = type.getName();
        if (REFUSED_CLASSES.contains(name)) {
            return false;
        }
        if (JDK_CLASSES.contains(name) || JDK_PACKAGES.contains(type.getPackageName())) {
            return true;
        }
        for (String prefix : REFUSED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        ClassLoader loader = type.getClassLoader();
        // The program's own classes: anything not loaded by the bootstrap or platform loader.
        return loader != null && loader != ClassLoader.getPlatformClassLoader();
    }
}
