package dev.mppractice.catalogue;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a catalogue directory (on disk, or inside a jar through a zip file system) into exercises,
 * validating everything and collecting every problem before failing.
 */
final class CatalogueLoader {
    static final String TOML = "exercise.toml";
    static final String EXPECTED = "expected.txt";
    static final String FIXTURES = "fixtures";
    static final String FIXTURE_TOML = "fixture.toml";
    static final java.util.Set<String> FIXTURE_KEYS = java.util.Set.of("expect", "why", "message", "outcome",
            "race-shows-in-output");
    private static final Pattern OUTCOME = Pattern.compile("[a-z]+(-[a-z]+)*");
    private static final Pattern FOLDER = Pattern.compile("([0-9]{1,9})-(.+)");
    private static final Pattern PUBLIC_CLASS = Pattern.compile(
            "(?m)^[ \\t]*public\\s+(?:(?:final|abstract|strictfp)\\s+)*class\\s+([\\p{L}_$][\\p{L}\\p{N}_$]*)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^[ \\t]*package\\s+[\\w.]+\\s*;");
    private static final Pattern MAIN = Pattern.compile("static\\s+void\\s+main\\s*\\(");

    private final CatalogueFiles files;
    private final String label;
    private final List<String> problems = new ArrayList<>();
    private final Map<Integer, List<Fixture>> fixtures = new HashMap<>();
    /** Fixtures are read when first asked for rather than with the exercises (see {@link #loadOnDemand}). */
    private boolean deferFixtures;
    /** The folder each exercise was read from, by number (a folder may be named 1-slug as well as 01-slug). */
    private final Map<Integer, String> folders = new HashMap<>();

    /**
     * @param root  the catalogue folder
     * @param label how the folder is named in messages (its path)
     */
    CatalogueLoader(Path root, String label) {
        this(new CatalogueFiles.OnDisk(root, label));
    }

    CatalogueLoader(CatalogueFiles files) {
        this.files = files;
        this.label = files.display("");
    }

    /**
     * Lists the catalogue's exercises by their folders' names (NN-slug) and leaves each to be read, and
     * checked, when it is first asked for, and its fixtures when {@link Catalogue#fixtures} asks for them:
     * for the catalogue the tool carries, checked whole by its build. A command reads the one or two
     * exercises it needs (a check paid for parsing 26 TOML files and a third of the catalogue's files
     * besides). An exercise found wrong when it is read is an {@link IllegalStateException}, every problem
     * told: the tool's own files are broken, which its build would have refused.
     */
    Catalogue loadOnDemand() throws CatalogueException {
        deferFixtures = true;
        requireDirectory();
        List<Catalogue.Entry> entries = new ArrayList<>();
        try {
            for (String name : files.list("")) {
                Matcher fm = FOLDER.matcher(name);
                if (name.startsWith(".") || !files.isDirectory(name) || !fm.matches()) continue;
                int number = Integer.parseInt(fm.group(1));
                folders.put(number, name);
                entries.add(new Catalogue.Entry(number, fm.group(2), () -> readExercise(name)));
            }
        } catch (IOException e) {
            throw new CatalogueException(label + ": cannot be read: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) throw new CatalogueException(noFolders());
        entries.sort(Comparator.comparingInt(e -> e.number));
        return new Catalogue(entries, label, this::readFixtures);
    }

    /** The exercise in {@code folder}, read now; every problem in it is told together. */
    private synchronized Exercise readExercise(String folder) {
        problems.clear();
        Exercise ex = loadExercise(folder);
        if (ex == null || !problems.isEmpty()) {
            CatalogueException e = problemsIn("the exercise " + files.display(folder));
            throw new IllegalStateException("the catalogue " + label + " is broken (rebuild mp-practice with mvn package): "
                    + e.getMessage(), e);
        }
        return ex;
    }

    /** The problems found so far, in {@code where}, as one exception (every problem told); they are forgotten. */
    private CatalogueException problemsIn(String where) {
        List<String> found = List.copyOf(problems);
        problems.clear();
        if (found.size() == 1) return new CatalogueException(found.get(0), found);
        return new CatalogueException(found.size() + " problems in " + where + ":\n  " + String.join("\n  ", found), found);
    }

    private void requireDirectory() throws CatalogueException {
        if (!files.isDirectory("")) {
            throw new CatalogueException(label + ": is not a directory: a catalogue is a directory with one folder"
                    + " per exercise, named NN-slug (01-process-basics)");
        }
    }

    private String noFolders() {
        return label + ": holds no exercise folders (NN-slug, e.g. 01-process-basics)";
    }

    Catalogue load() throws CatalogueException {
        requireDirectory();
        List<String> folders = new ArrayList<>();
        try {
            for (String name : files.list("")) {
                if (!name.startsWith(".") && files.isDirectory(name)) folders.add(name);
            }
        } catch (IOException e) {
            throw new CatalogueException(label + ": cannot be read: " + e.getMessage(), e);
        }
        List<Exercise> exercises = new ArrayList<>();
        Map<Integer, String> numbers = new HashMap<>();
        Map<String, String> slugs = new HashMap<>();
        for (String folder : folders) {
            Exercise ex = loadExercise(folder);
            if (ex == null) continue;
            String toml = files.display(CatalogueFiles.join(folder, TOML));
            String other = numbers.putIfAbsent(ex.number(), toml);
            if (other != null) {
                problems.add(toml + ": field 'number' " + ex.number() + " is already the number of " + other);
            }
            other = slugs.putIfAbsent(ex.slug(), toml);
            if (other != null) {
                problems.add(toml + ": field 'slug' \"" + ex.slug() + "\" is already the slug of " + other);
            }
            exercises.add(ex);
        }
        if (folders.isEmpty()) {
            problems.add(noFolders());
        }
        if (!problems.isEmpty()) throw problemsIn("the catalogue " + label);
        exercises.sort(Comparator.comparingInt(Exercise::number));
        Map<Integer, List<Fixture>> read = Map.copyOf(fixtures);
        return new Catalogue(exercises.stream().map(Catalogue.Entry::new).toList(), label,
                ex -> read.getOrDefault(ex.number(), List.of()));
    }

    /** The fixtures of {@code ex}, read now (once per call); every problem in them is reported together. */
    private synchronized List<Fixture> readFixtures(Exercise ex) throws CatalogueException {
        problems.clear();
        String folder = folders.get(ex.number());
        if (folder == null) return List.of(); // not an exercise of this catalogue
        List<Fixture> fx = loadFixtures(folder, ex.className());
        if (!problems.isEmpty()) throw problemsIn("the fixtures of " + files.display(folder));
        return fx;
    }

    private Exercise loadExercise(String folder) {
        int before = problems.size();
        String folderName = folder;
        Matcher fm = FOLDER.matcher(folderName);
        if (!fm.matches()) {
            problems.add(files.display(folder) + ": is not an exercise folder: each folder of a catalogue is named NN-slug"
                    + " (01-process-basics)");
            return null;
        }
        String tomlFile = CatalogueFiles.join(folder, TOML);
        String toml = files.display(tomlFile);
        if (!files.isFile(tomlFile)) {
            problems.add(toml + ": is missing: each exercise folder holds an exercise.toml");
            return null;
        }
        String text = readText(tomlFile);
        if (text == null) return null;
        JsonNode tree;
        try {
            tree = TomlTree.parse(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            problems.add(toml + ": is not valid TOML" + where + ": " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            problems.add(toml + ": cannot be read: " + e.getMessage());
            return null;
        }
        if (tree == null) {
            problems.add(toml + ": is empty");
            return null;
        }
        ExerciseToml.Fields f = new ExerciseToml(toml, tree, problems).read();
        if (f == null) return null;

        int folderNumber = Integer.parseInt(fm.group(1));
        if (f.number() != null && f.number() != folderNumber) {
            problems.add(toml + ": field 'number' is " + f.number() + " but the folder name " + folderName
                    + " says " + folderNumber);
        }
        if (f.slug() != null && !f.slug().equals(fm.group(2))) {
            problems.add(toml + ": field 'slug' is \"" + f.slug() + "\" but the folder name " + folderName
                    + " says \"" + fm.group(2) + "\"");
        }
        String starter = null;
        String solution = null;
        if (f.className() != null) {
            starter = readJava(folder, "starter", f.className());
            solution = readJava(folder, "solution", f.className());
        }
        String expected = null;
        String expectedFile = CatalogueFiles.join(folder, EXPECTED);
        if (!files.isFile(expectedFile)) {
            problems.add(files.display(expectedFile) + ": is missing: it holds the expected standard output of the solution");
        } else {
            expected = readText(expectedFile);
            if (expected != null && expected.isBlank()) {
                problems.add(files.display(expectedFile) + ": is empty: it holds the expected standard output of the solution");
            }
        }
        if (expected != null && f.canary() != null) {
            long lines = expected.lines().count();
            for (int i = 0; i < f.canary().lines().size(); i++) {
                int line = f.canary().lines().get(i).line();
                if (line > lines) {
                    problems.add(toml + ": field 'canary-line[" + (i + 1) + "].line' is " + line + ", but "
                            + files.display(expectedFile) + " has " + lines + (lines == 1 ? " line" : " lines"));
                }
            }
        }
        if (problems.size() != before) return null;
        folders.put(f.number(), folder);
        if (!deferFixtures) {
            List<Fixture> fx = loadFixtures(folder, f.className());
            if (problems.size() != before) return null;
            if (!fx.isEmpty()) fixtures.put(f.number(), fx);
        }
        return new Exercise(f.number(), f.slug(), f.title().strip(), f.description().strip(), f.className(),
                starter, solution, expected, f.match(), f.hints().stream().map(String::strip).collect(Collectors.toList()),
                f.timeLimit(), f.behaviour(), f.topics(), f.canary(), f.secondRuns());
    }

    /** Reads {@code <folder>/fixtures/<name>/}: a {@code fixture.toml} and the learner's file, for each name. */
    private List<Fixture> loadFixtures(String folder, String className) {
        String dir = CatalogueFiles.join(folder, FIXTURES);
        if (!files.isDirectory(dir)) return List.of();
        List<String> names;
        try {
            names = new ArrayList<>(files.list(dir));
        } catch (IOException e) {
            problems.add(files.display(dir) + ": cannot be read: " + e.getMessage());
            return List.of();
        }
        names.sort(null);
        List<Fixture> out = new ArrayList<>();
        for (String name : names) {
            String fdir = CatalogueFiles.join(dir, name);
            if (name.startsWith(".") || !files.isDirectory(fdir)) continue;
            String tomlFile = CatalogueFiles.join(fdir, FIXTURE_TOML);
            String toml = files.display(tomlFile);
            if (!files.isFile(tomlFile)) {
                problems.add(toml + ": is missing: each fixture folder holds a fixture.toml (expect, why, message)");
                continue;
            }
            String text = readText(tomlFile);
            String source = readJava(folder, FIXTURES + "/" + name, className);
            if (text == null || source == null) continue;
            JsonNode t;
            try {
                t = TomlTree.parse(text);
            } catch (IOException e) {
                problems.add(toml + ": is not valid TOML: " + e.getMessage());
                continue;
            }
            if (t == null || !t.isObject()) {
                problems.add(toml + ": is empty");
                continue;
            }
            int before = problems.size();
            for (java.util.Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!FIXTURE_KEYS.contains(k)) {
                    problems.add(toml + ": field '" + k + "' is not a field of a fixture (known: expect, message, outcome, race-shows-in-output, why)");
                }
            }
            String expect = fixtureString(t, "expect", toml, true);
            String why = fixtureString(t, "why", toml, true);
            String message = fixtureString(t, "message", toml, false);
            String outcome = fixtureString(t, "outcome", toml, false);
            if (expect != null && !expect.equals("pass") && !expect.equals("fail")) {
                problems.add(toml + ": field 'expect' \"" + expect + "\" must be \"pass\" or \"fail\"");
            }
            if (why != null && (why.isBlank() || why.strip().contains("\n"))) {
                problems.add(toml + ": field 'why' must be one non-empty line");
            }
            if ("pass".equals(expect) && (message != null || outcome != null)) {
                problems.add(toml + ": field '" + (message != null ? "message" : "outcome")
                        + "' goes only with expect = \"fail\"");
            }
            if ("fail".equals(expect) && message == null && outcome == null) {
                problems.add(toml + ": field 'message' is missing: a fixture that must fail says what the verdict"
                        + " must contain (or at least its 'outcome')");
            }
            if (message != null && message.isBlank()) problems.add(toml + ": field 'message' is empty");
            if (outcome != null && !OUTCOME.matcher(outcome).matches()) {
                problems.add(toml + ": field 'outcome' \"" + outcome + "\" must be an outcome name in lowercase with"
                        + " dashes (behaviour, output, timeout, stuck, crashed, ...)");
            }
            JsonNode race = t.get("race-shows-in-output");
            if (race != null && !race.isBoolean()) {
                problems.add(toml + ": field 'race-shows-in-output' must be true or false");
            } else if (race != null && race.asBoolean() && "pass".equals(expect)) {
                problems.add(toml + ": field 'race-shows-in-output' goes only with expect = \"fail\"");
            }
            if (problems.size() != before) continue;
            out.add(new Fixture(name, source, "pass".equals(expect), why.strip(), message, outcome,
                    race != null && race.asBoolean()));
        }
        return out;
    }

    private String fixtureString(JsonNode t, String key, String toml, boolean required) {
        JsonNode v = t.get(key);
        if (v == null) {
            if (required) problems.add(toml + ": field '" + key + "' is missing");
            return null;
        }
        if (!v.isTextual()) {
            problems.add(toml + ": field '" + key + "' must be a string, not " + ExerciseToml.kind(v));
            return null;
        }
        return v.textValue();
    }

    /** Reads {@code <folder>/<kind>/<Class>.java} and checks it declares that public class in the default package. */
    private String readJava(String folder, String kind, String className) {
        String dir = CatalogueFiles.join(folder, kind);
        String file = CatalogueFiles.join(dir, className + ".java");
        String toml = files.display(CatalogueFiles.join(folder, TOML));
        if (!files.isFile(file)) {
            String found = "";
            if (files.isDirectory(dir)) {
                try {
                    List<String> java = files.list(dir).stream().filter(n -> n.endsWith(".java")).sorted()
                            .collect(Collectors.toList());
                    if (!java.isEmpty()) found = " (found " + String.join(", ", java) + ")";
                } catch (IOException ignored) {
                    // reported as missing below
                }
            }
            problems.add(files.display(file) + ": is missing: field 'class' of " + toml + " is \"" + className
                    + "\", so the " + kind + " must be " + kind + "/" + className + ".java" + found);
            return null;
        }
        String text = readText(file);
        if (text == null) return null;
        Matcher m = PUBLIC_CLASS.matcher(text);
        if (!m.find()) {
            problems.add(files.display(file) + ": declares no public class: it must declare public class " + className
                    + " (field 'class' of " + toml + ")");
        } else if (!m.group(1).equals(className)) {
            problems.add(files.display(file) + ": declares public class " + m.group(1) + " but field 'class' of " + toml
                    + " is \"" + className + "\"");
        }
        if (PACKAGE.matcher(text).find()) {
            problems.add(files.display(file) + ": has a package declaration: exercise classes live in the default package");
        }
        if (!MAIN.matcher(text).find()) {
            problems.add(files.display(file) + ": has no main method: the checker runs " + className + ".main");
        }
        return text;
    }

    private String readText(String file) {
        try {
            byte[] bytes = files.read(file);
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            problems.add(files.display(file) + ": is not UTF-8 text");
            return null;
        } catch (IOException e) {
            problems.add(files.display(file) + ": cannot be read: " + e.getMessage());
            return null;
        }
    }
}
