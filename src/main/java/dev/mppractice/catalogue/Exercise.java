package dev.mppractice.catalogue;

import java.time.Duration;
import java.util.List;

/**
 * One exercise of a catalogue, with its files already read.
 *
 * <p>{@code canary}, when not null, is the exercise's canary run: a passing run is told its message when a second
 * run, in which the library alters every value the main process receives from another process (a pool's results,
 * a queue's items, a pipe's messages) or reads from shared memory, prints the expected output all the same (or,
 * when every number of it must come from the processes, any of its numbers unchanged): the printed results did not
 * come from the processes. Null: no such run.
 *
 * <p>{@code secondRuns} are the exercise's second runs ({@link SecondRuns}), each of a program that passed once: the
 * same program with one thing of the machine made slower or later.
 */
public record Exercise(
        int number, String slug, String title, String description,
        String className,
        String starterSource,
        String solutionSource,
        String expectedOutput,
        OutputMatch match,
        List<String> hints,
        Duration timeLimit,
        List<BehaviourRule> behaviour,
        List<String> topics,
        CanaryRun canary,
        SecondRuns secondRuns) {

    /** How much later each put on a queue is made in a slowed run ({@link #slowPuts()}). */
    public static final int SLOW_PUTS_MILLIS = 20;
    /** How much later each receive on a pipe is made in a run with slowed receives ({@link #slowReceives()}). */
    public static final int SLOW_RECEIVES_MILLIS = 50;

    public Exercise {
        hints = List.copyOf(hints);
        behaviour = List.copyOf(behaviour);
        topics = topics == null ? List.of() : List.copyOf(topics);
        secondRuns = secondRuns == null ? SecondRuns.NONE : secondRuns;
    }

    /** An exercise without a canary run or a slowed run (see {@link #canary()}). */
    public Exercise(int number, String slug, String title, String description, String className, String starterSource,
            String solutionSource, String expectedOutput, OutputMatch match, List<String> hints, Duration timeLimit,
            List<BehaviourRule> behaviour, List<String> topics) {
        this(number, slug, title, description, className, starterSource, solutionSource, expectedOutput, match, hints,
                timeLimit, behaviour, topics, null, SecondRuns.NONE);
    }

    /** The message of the slowed run of queue puts ({@link SecondRuns#slowPuts()}); null: no such run. */
    public String slowPuts() {
        return secondRuns.slowPuts();
    }

    /** The message of the run with held locks ({@link SecondRuns#heldLocks()}); null: no such run. */
    public String heldLocks() {
        return secondRuns.heldLocks();
    }

    /** The message of the run with slowed receives ({@link SecondRuns#slowReceives()}); null: no such run. */
    public String slowReceives() {
        return secondRuns.slowReceives();
    }

    /** The message of the run with a late arrival at a barrier ({@link SecondRuns#lateArrival()}); null: no such run. */
    public String lateArrival() {
        return secondRuns.lateArrival();
    }

    /** The message of the run with late starts ({@link SecondRuns#lateStarts()}); null: no such run. */
    public String lateStarts() {
        return secondRuns.lateStarts();
    }

    /** The learner's file name, {@code <Class>.java}. */
    public String fileName() {
        return className + ".java";
    }

    /** The folder name of this exercise in a catalogue, {@code NN-slug}. */
    public String folderName() {
        return folderName(number, slug);
    }

    /** {@code NN-slug}: the number with at least two digits (not String.format, whose first call costs milliseconds). */
    static String folderName(int number, String slug) {
        return (number >= 0 && number < 10 ? "0" : "") + number + "-" + slug;
    }
}
