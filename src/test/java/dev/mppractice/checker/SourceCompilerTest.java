package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile cache holds the classes of the text it is keyed by, whatever the file holds meanwhile. */
class SourceCompilerTest {
    @TempDir
    Path dir;

    private static String program(String word) {
        return "public class Hello {\n    public static void main(String[] args) {\n        System.out.println(\""
                + word + "\");\n    }\n}\n";
    }

    /** The bytes of a compiled class hold its string constants as UTF-8. */
    private static boolean classMentions(Path classFile, String word) throws Exception {
        return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(word);
    }

    @Test
    void compilesTheTextItHashedNotTheFileSavedSince() throws Exception {
        Path source = dir.resolve("Hello.java");
        String read = program("first-version");
        // The learner saves again between the checker's read and the compile.
        Files.writeString(source, program("saved-after-the-read"));
        SourceCompiler compiler = new SourceCompiler(LibraryLocator.locate(), dir.resolve("cache"));

        SourceCompiler.Compiled c = compiler.compile(source, read);

        assertTrue(c.ok(), () -> c.errors().toString());
        Path hello = c.classesDir().resolve("Hello.class");
        assertTrue(classMentions(hello, "first-version"), "the cache entry keyed by the text read holds that text's classes");
        assertFalse(classMentions(hello, "saved-after-the-read"));
    }

    @Test
    void oneFileManagerServesCompilesOfChangingTextsAndReportsErrorsAtTheirLines() throws Exception {
        Path source = dir.resolve("Hello.java");
        SourceCompiler compiler = new SourceCompiler(LibraryLocator.locate(), dir.resolve("cache"));
        for (String word : new String[] {"one", "two", "three"}) {
            Files.writeString(source, program(word));
            SourceCompiler.Compiled c = compiler.compile(source, program(word));
            assertTrue(c.ok(), () -> c.errors().toString());
            assertTrue(classMentions(c.classesDir().resolve("Hello.class"), word));
        }
        String broken = "public class Hello {\n    public static void main(String[] args) {\n        int x = \"no\";\n    }\n}\n";
        Files.writeString(source, broken);
        SourceCompiler.Compiled bad = compiler.compile(source, broken);
        assertFalse(bad.ok());
        assertEquals(3, bad.errors().get(0).line());
        assertEquals(source, bad.errors().get(0).file());
        // A class named unlike its file is refused, as javac refuses it for a file on disk.
        String misnamed = program("x").replace("class Hello", "class Other");
        SourceCompiler.Compiled wrong = compiler.compile(source, misnamed);
        assertFalse(wrong.ok());
        assertTrue(wrong.errors().get(0).message().contains("Other"), () -> wrong.errors().toString());
    }

    /**
     * {@code watch} cancels a check by interrupting its thread, which may be in the compiler. An interrupt closes the
     * channel a thread reads a file through, and javac read the library's jar through the file manager every compile
     * shares: that jar was closed for good, and every later compile of the session failed with "cannot access unnamed
     * package" (a suite's run of the watch test saw it once, after a save in two steps). The compile after an
     * interrupted one works.
     */
    @Test
    void aCompileOnAnInterruptedThreadLeavesTheCompilerWorkingForTheNext() throws Exception {
        Path source = dir.resolve("Hello.java");
        String usesTheLibrary = program("next").replace("public static void main(String[] args) {",
                "public static void main(String[] args) {\n        dev.mppractice.mp.Queue<Integer> q = null;");
        Files.writeString(source, usesTheLibrary);
        SourceCompiler compiler = new SourceCompiler(LibraryLocator.locate(), dir.resolve("cache"));
        SourceCompiler.Compiled first = compiler.compile(source, usesTheLibrary.replace("next", "first"));
        assertTrue(first.ok(), () -> first.errors().toString());
        Thread.currentThread().interrupt();
        try {
            compiler.compile(source, usesTheLibrary.replace("next", "interrupted"));
        } catch (CheckerException e) {
            // a compile cancelled by its interrupt may say so
        } finally {
            Thread.interrupted();
        }
        SourceCompiler.Compiled next = compiler.compile(source, usesTheLibrary);
        assertTrue(next.ok(), () -> next.errors().toString());
    }

    /** Two checks compiled the same text at once: the one that finishes second keeps the first one's classes. */
    @Test
    void classesCompiledMeanwhileByAnotherCheckAreKeptAndOursDropped() throws Exception {
        Path cache = dir.resolve("race");
        Path target = cache.resolve("key");
        Files.createDirectories(target);
        Files.writeString(target.resolve("Hello.class"), "theirs");
        Path tmp = cache.resolve(".tmp-ours");
        Files.createDirectories(tmp);
        Files.writeString(tmp.resolve("Hello.class"), "ours");
        SourceCompiler.install(tmp, target, cache);
        assertEquals("theirs", Files.readString(target.resolve("Hello.class")));
        assertFalse(Files.exists(tmp), "ours is dropped");
    }

    @Test
    void warmingUpLeavesNothingBehindAndStopsWhenAsked() throws Exception {
        Path source = dir.resolve("Hello.java");
        Files.writeString(source, program("warm"));
        Path cache = dir.resolve("cache");
        SourceCompiler compiler = new SourceCompiler(LibraryLocator.locate(), cache);
        int[] asked = {0};
        compiler.warmUp(source, program("warm"), 3, () -> asked[0]++ >= 1);   // one compile, then stop
        assertEquals(2, asked[0]);
        try (Stream<Path> left = Files.exists(cache.resolve("classes")) ? Files.list(cache.resolve("classes")) : Stream.empty()) {
            assertEquals(0, left.count(), "no compile cache entry, no warm-up folder left");
        }
    }
}
