package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueCheckTest {
    @TempDir
    Path dir;

    private Checker checker() {
        return new Checker(new CheckerOptions(dir.resolve("cache"), null, CheckerOptions.DEFAULT_OUTPUT_CAP));
    }

    private void exercise(Path catalogue, int number, String slug, String cls, String starterBody, String solutionBody,
            String expected) throws IOException {
        Path ex = catalogue.resolve(String.format("%02d-%s", number, slug));
        Files.createDirectories(ex.resolve("starter"));
        Files.createDirectories(ex.resolve("solution"));
        Files.writeString(ex.resolve("exercise.toml"), "format = 1\nnumber = " + number + "\nslug = \"" + slug
                + "\"\ntitle = \"T\"\nclass = \"" + cls + "\"\ntime-limit = \"10s\"\ndescription = \"D\"\n"
                + "hints = [\"a\", \"b\", \"c\"]\n");
        Files.writeString(ex.resolve("starter").resolve(cls + ".java"), java(cls, starterBody));
        Files.writeString(ex.resolve("solution").resolve(cls + ".java"), java(cls, solutionBody));
        Files.writeString(ex.resolve("expected.txt"), expected);
    }

    private static String java(String cls, String body) {
        return "public class " + cls + " {\n    public static void main(String[] args) {\n        " + body + "\n    }\n}\n";
    }

    @Test
    void reportsASolutionThatFailsAStarterThatPassesOneThatDoesNotCompileAndNotesOneWithoutTodo() throws Exception {
        Path cat = dir.resolve("catalogue");
        exercise(cat, 1, "good", "Good", "// TODO", "System.out.println(\"hi\");", "hi\n");
        exercise(cat, 2, "wrong-solution", "WrongSolution", "// TODO", "System.out.println(\"ho\");", "hi\n");
        exercise(cat, 3, "passing-starter", "PassingStarter", "System.out.println(\"hi\"); // TODO", "System.out.println(\"hi\");", "hi\n");
        exercise(cat, 4, "broken-starter", "BrokenStarter", "int x = \"no\"; // TODO", "System.out.println(\"hi\");", "hi\n");
        exercise(cat, 5, "no-todo", "NoTodo", "// nothing to do here", "System.out.println(\"hi\");", "hi\n");
        List<String> progress = new ArrayList<>();

        List<CatalogueCheck.Finding> findings = new CatalogueCheck(checker()).run(Catalogue.load(cat), 1, progress::add);

        Map<String, CatalogueCheck.Finding> byName = findings.stream()
                .collect(Collectors.toMap(f -> f.exercise().slug() + " " + f.what(), f -> f));
        assertEquals(10, findings.size());
        assertTrue(byName.get("good solution").ok());
        assertTrue(byName.get("good starter").ok());
        assertFalse(byName.get("wrong-solution solution").ok());
        assertTrue(byName.get("wrong-solution solution").detail().contains("OUTPUT_MISMATCH"),
                byName.get("wrong-solution solution").detail());
        assertTrue(byName.get("wrong-solution starter").ok());
        assertFalse(byName.get("passing-starter starter").ok());
        assertTrue(byName.get("passing-starter starter").detail().contains("passes as it is"));
        assertFalse(byName.get("broken-starter starter").ok());
        assertTrue(byName.get("broken-starter starter").detail().contains("does not compile"));
        assertTrue(byName.get("no-todo starter").ok());
        assertTrue(byName.get("no-todo starter").detail().contains("no TODO"), byName.get("no-todo starter").detail());
        assertEquals(10, progress.size(), String.join("\n", progress));
    }

    @Test
    void repeatsEachRunToCatchFlakyOutput() throws Exception {
        Path cat = dir.resolve("flaky");
        // Prints "hi" and "ho" on alternate runs, told apart by a file the runs share.
        String flip = "try { java.nio.file.Path f = java.nio.file.Path.of(System.getProperty(\"java.io.tmpdir\"), "
                + "\"mp-flaky-" + System.nanoTime() + "\"); boolean seen = java.nio.file.Files.exists(f); "
                + "if (seen) java.nio.file.Files.delete(f); else java.nio.file.Files.createFile(f); "
                + "System.out.println(seen ? \"ho\" : \"hi\"); } catch (java.io.IOException e) { throw new "
                + "java.io.UncheckedIOException(e); }";
        exercise(cat, 1, "flaky", "Flaky", "// TODO", flip, "hi\n");
        List<String> progress = new ArrayList<>();

        List<CatalogueCheck.Finding> findings = new CatalogueCheck(checker()).run(Catalogue.load(cat), 3, progress::add);

        CatalogueCheck.Finding solution = findings.get(0);
        assertEquals("solution", solution.what());
        assertFalse(solution.ok(), solution.detail());
        assertTrue(solution.detail().contains("(run 2/3)"), solution.detail());
        assertTrue(findings.get(1).ok(), findings.get(1).detail());
        assertEquals(2 + 3, progress.size(), String.join("\n", progress));
    }

    /**
     * Every built-in solution passes and every starter does not; and the fixtures of the exercises whose rules go
     * beyond counting (own lock, order, each process), 5, 7 and 17: each wrong one refused with its message, each
     * correct one passing. {@code mp-practice dev check} runs the fixtures of every exercise; here a sample keeps the
     * suite within its time. One test, so that the sample's solutions and starters are checked once (they were checked
     * in each of two tests: six checks of about 2.5 s more).
     */
    @Test
    void everyBuiltInSolutionPassesEveryStarterDoesNotAndTheFixturesOf5And7And17AreJudgedAsIntended() throws Exception {
        Catalogue builtin = Catalogue.builtin();
        List<String> sampled = List.of("5", "7", "17");
        List<Exercise> sample = sampled.stream().map(n -> builtin.find(n).orElseThrow()).toList();
        Set<String> sampleFolders = sample.stream().map(Exercise::folderName).collect(Collectors.toSet());
        List<Exercise> rest = builtin.exercises().stream().filter(e -> !sampleFolders.contains(e.folderName())).toList();
        assertEquals(builtin.exercises().size() - sample.size(), rest.size());
        Set<ProcessHandle> before = ProcessTable.snapshot();
        Checker checker = checker();

        // Solutions and starters of the others: the fixtures of all exercises take minutes (dev check runs them all).
        List<CatalogueCheck.Finding> findings = new ArrayList<>(new CatalogueCheck(checker).run(builtin, rest, 1, false, s -> { }));
        findings.addAll(new CatalogueCheck(checker).run(builtin, sample, 1, true, s -> { }));

        String failures = findings.stream().filter(f -> !f.ok())
                .map(f -> f.exercise().folderName() + " " + f.what() + ": " + f.detail())
                .collect(Collectors.joining("\n\n"));
        assertEquals("", failures);
        assertEquals(2 * builtin.exercises().size(), findings.stream().filter(f -> !f.what().startsWith("fixture ")).count(),
                "a solution and a starter of every exercise");
        long fixtures = findings.stream().filter(f -> f.what().startsWith("fixture ")).count();
        long kept = 0;
        for (Exercise ex : sample) {
            kept += builtin.fixtures(ex).size();
        }
        assertEquals(kept, fixtures);
        assertTrue(fixtures >= 9, "at least three fixtures each: " + fixtures);
        ProcessTable.assertNothingLeftBehind(checker, before);
    }
}
