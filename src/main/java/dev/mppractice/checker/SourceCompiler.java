package dev.mppractice.checker;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
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
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one learner source file in-process with the JDK's compiler, against the library, into a
 * cache folder named by a hash of the source and the library: a source that has not changed is not
 * compiled again.
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
        Path tmp = classesCache.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new CheckerException("Cannot create the compile cache " + classesCache + ": " + e.getMessage(), e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter otherOutput = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ENGLISH,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of(
                    "-classpath", library.toString(),
                    "-sourcepath", tmp.toString(), // nothing else gets compiled by accident
                    "-d", tmp.toString(),
                    "-encoding", "UTF-8",
                    "-proc:none", "-implicit:none", "-g", "-Xlint:none", "-Xmaxerrs", "100");
            ok = javac.getTask(otherOutput, files, diagnostics, options, null,
                    files.getJavaFileObjects(source)).call();
        } catch (IOException | RuntimeException e) {
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
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            deleteTree(tmp); // another check compiled the same source meanwhile
        } catch (AtomicMoveNotSupportedException e) {
            throw new CheckerException("The compile cache " + classesCache + " does not support atomic moves", e);
        } catch (IOException e) {
            deleteTree(tmp);
            throw new CheckerException("Cannot write the compile cache " + classesCache + ": " + e.getMessage(), e);
        }
        prune();
        return new Compiled(target, List.of(), List.of(), false, Duration.ofNanos(System.nanoTime() - t0));
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
                if (p.getFileName().toString().startsWith(".tmp-") && mtime(p).toMillis() < hourAgo) deleteTree(p);
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
