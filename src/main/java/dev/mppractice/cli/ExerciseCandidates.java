package dev.mppractice.cli;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The names an exercise argument can take, for the completion script: every number and slug of the
 * built-in catalogue. Read only when iterated (by {@code completion}), never while parsing.
 */
final class ExerciseCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>();
        try {
            for (Exercise e : Catalogue.builtin().exercises()) names.add(String.valueOf(e.number()));
            for (Exercise e : Catalogue.builtin().exercises()) names.add(e.slug());
        } catch (Exception e) {
            // no completion of exercise names, the rest still completes
        }
        return names.iterator();
    }
}
