package dev.mppractice.checker;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one learner source file in-process with the JDK's compiler, against the library, into a
 * cache folder named by a hash of the source and the library: a source that has not changed is not
 * compiled again.
 *
 * <p>What is compiled is the text that was hashed, not the file read again: a file saved between the
 * two would otherwise put classes of one text in the cache under the key of another. And the
 * compiles of one JVM share a file manager for each library, so that the library's jar and the JDK's
 * modules are opened and indexed once (a {@code watch} compiles on every save); they take turns on it.
 */
final class SourceCompiler {
    /** Bump when the options below change, so old cache entries are not used. */
    private static final String OPTIONS_VERSION = "1";
    private static final int CACHE_ENTRIES_KEPT = 64;

    private final Path library;
    private final String libraryFingerprint;
    private final Path classesCache;

    SourceCompiler(Path library, Path cacheDir) {
        this.library = library;
        this.libraryFingerprint = LibraryLocator.fingerprint(library);
        this.classesCache = cacheDir.resolve("classes");
    }

    /** What came of compiling. */
    record Compiled(Path classesDir, List<CompileError> errors, List<String> errorCodes, boolean cached,
            Duration took) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    /** A file manager for each library, shared by the compiles of this JVM; its lock is held while it is used. */
    private record SharedFiles(StandardJavaFileManager files, ReentrantLock lock) {
    }

    /** By the library's fingerprint: a library rebuilt at the same path gets a new one. */
    private static final ConcurrentHashMap<String, SharedFiles> SHARED = new ConcurrentHashMap<>();

    /** The text of the learner's file as it was hashed, under the file's name (which javac checks against the class). */
    private static final class SourceText extends SimpleJavaFileObject {
        private final String text;

        SourceText(Path file, String text) {
            super(file.toAbsolutePath().toUri(), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    Compiled compile(Path source, String sourceText) throws CheckerException {
        long t0 = System.nanoTime();
        Path target = classesCache.resolve(key(source, sourceText));
        if (Files.isDirectory(target)) {
            touch(target);
            return new Compiled(target, List.of(), List.of(), true, Duration.ofNanos(System.nanoTime() - t0));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new CheckerException("No Java compiler found in " + System.getProperty("java.home")
                    + ": mp-practice needs a JDK (17 or later), not a JRE. Install one and check with: javac -version");
        }
        Path tmp = classesCache.resolve(".tmp-" + UniqueNames.next());
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new CheckerException("Cannot create the compile cache " + classesCache + ": " + e.getMessage(), e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter otherOutput = new StringWriter();
        boolean ok;
        try {
            ok = javac(javac, new SourceText(source, sourceText), tmp, diagnostics, otherOutput);
        } catch (RuntimeException e) {
            deleteTree(tmp);
            throw new CheckerException("The Java compiler failed on " + source + ": " + e, e);
        }
        List<CompileError> errors = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            long line = d.getLineNumber() == Diagnostic.NOPOS ? 0 : d.getLineNumber();
            long column = d.getColumnNumber() == Diagnostic.NOPOS ? 0 : d.getColumnNumber();
            errors.add(new CompileError(source, line, column, d.getMessage(Locale.ENGLISH)));
            codes.add(d.getCode());
        }
        if (!ok && errors.isEmpty()) {
            String text = otherOutput.toString().strip();
            errors.add(new CompileError(source, 0, 0, text.isEmpty() ? "the compiler failed" : text));
            codes.add("");
        }
        if (!errors.isEmpty()) {
            deleteTree(tmp);
            return new Compiled(null, errors, codes, false, Duration.ofNanos(System.nanoTime() - t0));
        }
        install(tmp, target, classesCache);
        prune();
        return new Compiled(target, List.of(), List.of(), false, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Moves the classes compiled into {@code tmp} to their place in the cache, {@code target}, in one
     * step. When another check (another terminal, {@code watch} beside {@code check}) compiled the same
     * text meanwhile, its classes are there already and these are dropped: Linux says so as "Directory
     * not empty", which the JDK reports as a plain {@code FileSystemException}, not as a
     * {@code DirectoryNotEmptyException} (three {@code dev check}s at once failed a check on it).
     */
    static void install(Path tmp, Path target, Path classesCache) throws CheckerException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new CheckerException("The compile cache " + classesCache + " does not support atomic moves", e);
        } catch (IOException e) {
            deleteTree(tmp);
            if (!Files.isDirectory(target)) {
                throw new CheckerException("Cannot write the compile cache " + classesCache + ": " + e.getMessage(), e);
            }
            // another check compiled the same source meanwhile
        }
    }

    /**
     * The thread every compile on a shared file manager runs on: one that is never interrupted. An interrupt closes the
     * channel its thread reads a file through, and javac reads the library's jar through the file manager every compile
     * shares: {@code watch} cancels a check by interrupting its thread, and a save that landed during a compile closed
     * that jar for good, so that every later compile of the session failed with "cannot access unnamed package".
     */
    private static final java.util.concurrent.ExecutorService JAVAC = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mp-javac");
        t.setDaemon(true);
        return t;
    });

    /**
     * One javac task on the shared file manager of this library, into {@code out}, run on {@link #JAVAC}. The caller
     * waits for it even when interrupted (a compile takes a fraction of a second), and keeps its interrupt.
     */
    private boolean javac(JavaCompiler javac, JavaFileObject source, Path out, DiagnosticCollector<JavaFileObject> diagnostics,
            StringWriter otherOutput) {
        SharedFiles shared = SHARED.computeIfAbsent(libraryFingerprint, l -> new SharedFiles(
                javac.getStandardFileManager(null, Locale.ENGLISH, StandardCharsets.UTF_8), new ReentrantLock()));
        java.util.concurrent.Future<Boolean> task = JAVAC.submit(() -> {
            shared.lock().lock();
            try {
                return javac.getTask(otherOutput, shared.files(), diagnostics, options(out), null, List.of(source)).call();
            } finally {
                shared.lock().unlock();
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private List<String> options(Path out) {
        return List.of(
                "-classpath", library.toString(),
                "-sourcepath", out.toString(), // nothing else gets compiled by accident
                "-d", out.toString(),
                "-encoding", "UTF-8",
                "-proc:none", "-implicit:none", "-g", "-Xlint:none", "-Xmaxerrs", "100");
    }

    /**
     * Compiles {@code sourceText} {@code times} times into a folder that is then deleted, with a file
     * manager of its own (a check's compile never waits for it), so that the JIT has compiled javac
     * before the learner's next save; stops early when {@code stop} says so. Errors are ignored.
     */
    void warmUp(Path source, String sourceText, int times, java.util.function.BooleanSupplier stop) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) return;
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ENGLISH, StandardCharsets.UTF_8)) {
            for (int i = 0; i < times && !stop.getAsBoolean(); i++) {
                Path tmp = classesCache.resolve(".warm-" + UniqueNames.next());
                try {
                    Files.createDirectories(tmp);
                    javac.getTask(new StringWriter(), files, new DiagnosticCollector<>(), options(tmp), null,
                            List.of(new SourceText(source, sourceText))).call();
                } finally {
                    deleteTree(tmp);
                }
            }
        } catch (IOException | RuntimeException e) {
            // warming is a convenience
        }
    }

    private String key(Path source, String sourceText) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {OPTIONS_VERSION, System.getProperty("java.vm.version", ""),
                    String.valueOf(source.getFileName()), libraryFingerprint, sourceText}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // only the pruning order suffers
        }
    }

    /** Keeps the most recently used entries, and drops compiles left half-done by a checker that died. */
    private void prune() {
        try (Stream<Path> s = Files.list(classesCache)) {
            List<Path> all = s.collect(Collectors.toList());
            long hourAgo = System.currentTimeMillis() - 3_600_000L;
            for (Path p : all) {
                String n = p.getFileName().toString();
                if ((n.startsWith(".tmp-") || n.startsWith(".warm-")) && mtime(p).toMillis() < hourAgo) deleteTree(p);
            }
            List<Path> entries = all.stream().filter(p -> !p.getFileName().toString().startsWith("."))
                    .collect(Collectors.toList());
            if (entries.size() <= CACHE_ENTRIES_KEPT) return;
            entries.sort(Comparator.comparing(SourceCompiler::mtime));
            for (Path old : entries.subList(0, entries.size() - CACHE_ENTRIES_KEPT)) deleteTree(old);
        } catch (IOException | UncheckedIOException ignored) {
            // pruning is best effort
        }
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
