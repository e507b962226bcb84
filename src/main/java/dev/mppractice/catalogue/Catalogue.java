package dev.mppractice.catalogue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The exercises of a course, sorted by number. */
public final class Catalogue {
    private final List<Exercise> exercises;
    private final String source;
    private final java.util.Map<Integer, List<Fixture>> fixtures;

    Catalogue(List<Exercise> exercises, String source) {
        this(exercises, source, java.util.Map.of());
    }

    Catalogue(List<Exercise> exercises, String source, java.util.Map<Integer, List<Fixture>> fixtures) {
        this.exercises = List.copyOf(exercises);
        this.source = source;
        this.fixtures = java.util.Map.copyOf(fixtures);
    }

    /** The fixtures kept beside {@code ex} (its {@code fixtures/} folder), sorted by name; for {@code dev check}. */
    public List<Fixture> fixtures(Exercise ex) {
        return fixtures.getOrDefault(ex.number(), List.of());
    }

    /** The catalogue the tool carries (the jar's copy of {@code exercises/}, or the class path's). */
    public static Catalogue builtin() throws CatalogueException {
        return BuiltinCatalogue.load();
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
