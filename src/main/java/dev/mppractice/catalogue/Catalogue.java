package dev.mppractice.catalogue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The exercises of a course, sorted by number. */
public final class Catalogue {
    private final List<Exercise> exercises;
    private final String source;
    private final Fixtures fixtures;

    /** Where an exercise's fixtures come from: read with the catalogue, or when first asked for. */
    interface Fixtures {
        List<Fixture> of(Exercise ex) throws CatalogueException;
    }

    Catalogue(List<Exercise> exercises, String source) {
        this(exercises, source, ex -> List.of());
    }

    Catalogue(List<Exercise> exercises, String source, Fixtures fixtures) {
        this.exercises = List.copyOf(exercises);
        this.source = source;
        this.fixtures = fixtures;
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

    /** The exercises, sorted by number. */
    public List<Exercise> exercises() {
        return exercises;
    }

    /** The exercise named by number ({@code "3"}, {@code "03"}) or by slug ({@code "queue-primes"}). */
    public Optional<Exercise> find(String numberOrSlug) {
        if (numberOrSlug == null) return Optional.empty();
        String key = numberOrSlug.trim();
        for (Exercise e : exercises) {
            if (e.slug().equals(key)) return Optional.of(e);
        }
        if (key.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(key);
            for (Exercise e : exercises) {
                if (e.number() == n) return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Where this catalogue was loaded from, for messages. */
    public String source() {
        return source;
    }
}
