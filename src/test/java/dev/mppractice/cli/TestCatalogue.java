package dev.mppractice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small catalogue written for the command line's tests, so that they do not depend on the real
 * exercises' wording: plain Java programs that check fast.
 */
public final class TestCatalogue {
    private TestCatalogue() {
    }

    public static Path write(Path dir) throws IOException {
        exercise(dir, 1, "hello", "Say hello", "Hello", "2s",
                "class Hello { public static void main(String[] a) { System.out.println(\"Hello, wrold\"); } }",   // TODO fix
                "class Hello { public static void main(String[] a) { System.out.println(\"Hello, world\"); } }",
                "Hello, world\n");
        exercise(dir, 2, "count-up", "Count to three", "CountUp", "2s",
                "public class CountUp {\n    public static void main(String[] args) {\n        // TODO: print 1, 2 and 3, one a line\n    }\n}\n",
                "public class CountUp {\n    public static void main(String[] args) {\n        for (int i = 1; i <= 3; i++) System.out.println(i);\n    }\n}\n",
                "1\n2\n3\n");
        exercise(dir, 3, "stop-in-time", "Stop in time", "Stop", "1s",
                "public class Stop {\n    public static void main(String[] args) throws Exception {\n        // TODO: do not wait forever\n        Thread.sleep(60_000);\n        System.out.println(\"stopped\");\n    }\n}\n",
                "public class Stop {\n    public static void main(String[] args) {\n        System.out.println(\"stopped\");\n    }\n}\n",
                "stopped\n");
        return dir;
    }

    private static void exercise(Path root, int n, String slug, String title, String cls, String limit,
                                 String starter, String solution, String expected) throws IOException {
        Path d = root.resolve(String.format("%02d-%s", n, slug));
        Files.createDirectories(d.resolve("starter"));
        Files.createDirectories(d.resolve("solution"));
        Files.writeString(d.resolve("exercise.toml"), """
                format = 1
                number = %d
                slug = "%s"
                title = "%s"
                class = "%s"
                time-limit = "%s"
                topics = ["Testing"]
                description = \"\"\"
                Print what is expected. This exercise exists for the command line's tests.
                \"\"\"
                hints = [
                  "First hint of %s.",
                  "Second hint of %s.",
                  "Third hint of %s.",
                ]
                """.formatted(n, slug, title, cls, limit, slug, slug, slug));
        String starterPublic = starter.startsWith("class ") ? "public " + starter + "\n" : starter;
        String solutionPublic = solution.startsWith("class ") ? "public " + solution + "\n" : solution;
        Files.writeString(d.resolve("starter").resolve(cls + ".java"), starterPublic);
        Files.writeString(d.resolve("solution").resolve(cls + ".java"), solutionPublic);
        Files.writeString(d.resolve("expected.txt"), expected);
    }
}
