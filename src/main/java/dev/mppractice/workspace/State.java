package dev.mppractice.workspace;

import java.util.Map;
import java.util.TreeMap;

/**
 * The state file of a workspace, {@code .mp-practice/state.json}:
 *
 * <pre>{@code
 * {
 *   "format" : 1,
 *   "current" : "queue-primes",
 *   "exercises" : {
 *     "process-basics" : { "status" : "done", "hintsShown" : 1, "startedAt" : "...", "checks" : 2,
 *                          "lastCheckedAt" : "...", "lastOutcome" : "passed", "passedAt" : "..." },
 *     "queue-primes" : { "status" : "failing", "hintsShown" : 2, ... }
 *   }
 * }
 * }</pre>
 *
 * Exercises are keyed by slug, so that renumbering a catalogue keeps the progress. An exercise that
 * is not in the map has not been started and has no hint shown.
 */
public final class State {
    /** The version of this file's layout. */
    public static final int FORMAT = 1;

    public Integer format = FORMAT;
    /** The slug of the exercise {@code watch} and the welcome screen are about. */
    public String current;
    public Map<String, ExerciseState> exercises = new TreeMap<>();

    /** The progress on {@code slug}, created empty when absent. */
    public ExerciseState exercise(String slug) {
        return exercises.computeIfAbsent(slug, s -> new ExerciseState());
    }

    /** The progress on {@code slug}, or an empty one (not stored) when absent. */
    public ExerciseState peek(String slug) {
        ExerciseState s = exercises.get(slug);
        return s == null ? new ExerciseState() : s;
    }
}
