package dev.mppractice.catalogue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The exercises of a course, sorted by number. */
public final class Catalogue {
    private final List<Entry> entries;
    private final List<Exercise> exercises;
    private final String source;
    private final Fixtures fixtures;

    /** One exercise: its number and slug, and the exercise itself, read with the catalogue or when first asked for. */
    static final class Entry {
        final int number;
        final String slug;
        /** Reads the exercise, while it has not been read. */
        private java.util.function.Supplier<Exercise> reader;
        private Exercise exercise;

        Entry(Exercise read) {
            this.number = read.number();
            this.slug = read.slug();
            this.exercise = read;
        }

        Entry(int number, String slug, java.util.function.Supplier<Exercise> reader) {
            this.number = number;
            this.slug = slug;
            this.reader = reader;
        }

        synchronized Exercise get() {
            if (exercise == null) {
                exercise = reader.get();
                reader = null;
            }
            return exercise;
        }
    }

    /** Where an exercise's fixtures come from: read with the catalogue, or when first asked for. */
    interface Fixtures {
        List<Fixture> of(Exercise ex) throws CatalogueException;
    }

    Catalogue(List<Exercise> exercises, String source) {
        this(exercises.stream().map(Entry::new).toList(), source, ex -> List.of());
    }

    Catalogue(List<Entry> entries, String source, Fixtures fixtures) {
        this.entries = List.copyOf(entries);
        this.source = source;
        this.fixtures = fixtures;
        this.exercises = new Exercises(this.entries);
    }

    /** The exercises as a list, each read when first asked for if it was left to be read then. */
    private static final class Exercises extends java.util.AbstractList<Exercise> implements java.util.RandomAccess {
        private final List<Entry> entries;

        Exercises(List<Entry> entries) {
            this.entries = entries;
        }

        @Override
        public Exercise get(int index) {
            return entries.get(index).get();
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    /**
     * The fixtures kept beside {@code ex} (its {@code fixtures/} folder), sorted by name; for {@code dev check}.
     *
     * @throws CatalogueException if they were left to be read now and one of them is not a fixture
     */
    public List<Fixture> fixtures(Exercise ex) throws CatalogueException {
        return fixtures.of(ex);
    }

    /** The loading of the built-in catalogue, once per process (it cannot change while the process runs). */
    private static final java.util.concurrent.FutureTask<Catalogue> BUILTIN = new java.util.concurrent.FutureTask<>(BuiltinCatalogue::load);

    /**
     * The catalogue the tool carries (the jar's copy of {@code exercises/}, or the class path's), loaded at the
     * first call (or by {@link #loadBuiltinInBackground}) and kept.
     */
    public static Catalogue builtin() throws CatalogueException {
        BUILTIN.run(); // loads it here, unless it is loaded or being loaded by another thread: then waits below
        try {
            return BUILTIN.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogueException("interrupted while the built-in catalogue was loaded", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof CatalogueException c) throw c;
            throw new IllegalStateException("the built-in catalogue could not be loaded", e.getCause());
        }
    }

    /**
     * Starts loading the built-in catalogue on a thread of its own, for a command that will need it once
     * its command line is parsed: the two then overlap (a check's path to its program's start is shorter
     * by the catalogue's ~40 ms). {@link #builtin()} waits for it.
     */
    public static void loadBuiltinInBackground() {
        Thread t = new Thread(BUILTIN, "mp-practice-catalogue");
        t.setDaemon(true);
        t.start();
    }

    /** Loads the catalogue in {@code dir}: one folder {@code NN-slug} per exercise. */
    public static Catalogue load(Path dir) throws CatalogueException {
        return new CatalogueLoader(dir, dir.toString()).load();
    }

    /** The exercises, sorted by number (unmodifiable). */
    public List<Exercise> exercises() {
        return exercises;
    }

    /** The exercise named by number ({@code "3"}, {@code "03"}) or by slug ({@code "queue-primes"}); only it is read. */
    public Optional<Exercise> find(String numberOrSlug) {
        if (numberOrSlug == null) return Optional.empty();
        String key = numberOrSlug.trim();
        for (Entry e : entries) {
            if (e.slug.equals(key)) return Optional.of(e.get());
        }
        if (key.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(key);
            for (Entry e : entries) {
                if (e.number == n) return Optional.of(e.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The exercises, in order, whose folder name ({@link Exercise#folderName()}) {@code folder} accepts; only
     * those are read (a workspace holds the folders of the few exercises begun).
     */
    public List<Exercise> withFolder(java.util.function.Predicate<String> folder) {
        List<Exercise> out = new java.util.ArrayList<>();
        for (Entry e : entries) {
            if (folder.test(Exercise.folderName(e.number, e.slug))) out.add(e.get());
        }
        return out;
    }

    /**
     * Where {@code ex} is in {@link #exercises()}, found by its number (no other exercise is read, and a record's
     * equals, which compares every field, costs milliseconds at its first call in a JVM); -1 if it is not there.
     */
    public int position(Exercise ex) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).number == ex.number()) return i;
        }
        return -1;
    }

    /** Where this catalogue was loaded from, for messages. */
    public String source() {
        return source;
    }
}
