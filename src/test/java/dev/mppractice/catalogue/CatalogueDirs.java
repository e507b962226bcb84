package dev.mppractice.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small catalogues into a directory, one valid exercise at a time, for tests to break. */
final class CatalogueDirs {
    private CatalogueDirs() {
    }

    static String toml(int number, String slug, String className) {
        return "format = 1\n"
                + "number = " + number + "\n"
                + "slug = \"" + slug + "\"\n"
                + "title = \"Exercise " + number + "\"\n"
                + "class = \"" + className + "\"\n"
                + "time-limit = \"5s\"\n"
                + "topics = [\"Process\"]\n"
                + "description = \"\"\"\nStart a process.\n\"\"\"\n"
                + "hints = [\"one\", \"two\", \"three\"]\n"
                + "\n[output]\nmatch = \"exact\"\n"
                + "\n[[behaviour]]\nevent = \"process-exit\"\nfrom = \"main\"\nwhere = { exitcode = 0 }\n"
                + "message = \"No child process ended with exit code 0.\"\n";
    }

    static String java(String className, String body) {
        return "public class " + className + " {\n    public static void main(String[] args) {\n        "
                + body + "\n    }\n}\n";
    }

    /** Writes exercise {@code NN-slug} with class {@code className}; returns its folder. */
    static Path exercise(Path catalogue, int number, String slug, String className) {
        Path dir = catalogue.resolve(String.format("%02d-%s", number, slug));
        write(dir.resolve("exercise.toml"), toml(number, slug, className));
        write(dir.resolve("starter").resolve(className + ".java"), java(className, "// TODO"));
        write(dir.resolve("solution").resolve(className + ".java"), java(className, "System.out.println(\"done\");"));
        write(dir.resolve("expected.txt"), "done\n");
        return dir;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void replaceIn(Path file, String from, String to) {
        try {
            String s = Files.readString(file);
            if (!s.contains(from)) throw new AssertionError(file + " does not contain " + from);
            Files.writeString(file, s.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
