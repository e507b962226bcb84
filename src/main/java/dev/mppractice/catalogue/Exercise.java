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
 * <p>{@code slowPuts}, when not null, is the message of the exercise's slowed run: a passing run is run once more with
 * every put on a queue made {@link #SLOW_PUTS_MILLIS} later (a slow producer, as a busy machine makes one), and told
 * this message, with what it printed then, when it no longer passes: its output depended on how fast its processes
 * ran. Null: no such run.
 *
 * <p>{@code slowReceives}, when not null, is the message of the exercise's run with slowed receives: as the slowed run,
 * with every receive on a pipe made {@link #SLOW_RECEIVES_MILLIS} later instead (a slow reader: messages pile up, and
 * a sender may end before its last ones are read). Null: no such run.
 *
 * <p>{@code lateArrival}, when not null, is the message of the exercise's run with a late arrival: as the slowed run,
 * with the process that is the last to arrive at a barrier's first round made to wait {@link #LATE_ARRIVAL_MILLIS}
 * first instead (as when the machine pauses it): parties that wait for it with a shorter timeout break the barrier.
 * Null: no such run.
 *
 * <p>{@code heldLocks}, when not null, is the message of the exercise's run with held locks: a passing run is run once
 * more with each process waiting {@link #HELD_LOCK_MILLIS} the first time it goes for a lock while it holds another (so
 * that two processes taking two locks meet), and judged as a first run is; it is told this message, with what that run showed, when that run is
 * refused. A run refused for taking locks in two orders, whose record cannot show a timed take backing off (none timed
 * out), is run so too: it passes when that run does. Null: no such run.
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
        String slowPuts,
        String heldLocks,
        String slowReceives,
        String lateArrival) {

    /** How much later each put on a queue is made in a slowed run ({@link #slowPuts()}). */
    public static final int SLOW_PUTS_MILLIS = 20;
    /** How much later each receive on a pipe is made in a run with slowed receives ({@link #slowReceives()}). */
    public static final int SLOW_RECEIVES_MILLIS = 50;
    /** How much later the last party arrives at a barrier's first round in a run with a late arrival ({@link #lateArrival()}). */
    public static final int LATE_ARRIVAL_MILLIS = 1_000;
    /** How long a process waits, holding a lock, before its first take of another, in a run with held locks ({@link #heldLocks()}). */
    public static final int HELD_LOCK_MILLIS = 1_000;

    public Exercise {
        hints = List.copyOf(hints);
        behaviour = List.copyOf(behaviour);
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /** An exercise without a canary run or a slowed run (see {@link #canary()}). */
    public Exercise(int number, String slug, String title, String description, String className, String starterSource,
            String solutionSource, String expectedOutput, OutputMatch match, List<String> hints, Duration timeLimit,
            List<BehaviourRule> behaviour, List<String> topics) {
        this(number, slug, title, description, className, starterSource, solutionSource, expectedOutput, match, hints,
                timeLimit, behaviour, topics, null, null, null, null, null);
    }

    /** An exercise without a run with held locks (see {@link #heldLocks()}). */
    public Exercise(int number, String slug, String title, String description, String className, String starterSource,
            String solutionSource, String expectedOutput, OutputMatch match, List<String> hints, Duration timeLimit,
            List<BehaviourRule> behaviour, List<String> topics, CanaryRun canary, String slowPuts) {
        this(number, slug, title, description, className, starterSource, solutionSource, expectedOutput, match, hints,
                timeLimit, behaviour, topics, canary, slowPuts, null, null, null);
    }

    /** An exercise without a run with slowed receives (see {@link #slowReceives()}). */
    public Exercise(int number, String slug, String title, String description, String className, String starterSource,
            String solutionSource, String expectedOutput, OutputMatch match, List<String> hints, Duration timeLimit,
            List<BehaviourRule> behaviour, List<String> topics, CanaryRun canary, String slowPuts, String heldLocks) {
        this(number, slug, title, description, className, starterSource, solutionSource, expectedOutput, match, hints,
                timeLimit, behaviour, topics, canary, slowPuts, heldLocks, null, null);
    }

    /** An exercise without a run with a late arrival (see {@link #lateArrival()}). */
    public Exercise(int number, String slug, String title, String description, String className, String starterSource,
            String solutionSource, String expectedOutput, OutputMatch match, List<String> hints, Duration timeLimit,
            List<BehaviourRule> behaviour, List<String> topics, CanaryRun canary, String slowPuts, String heldLocks,
            String slowReceives) {
        this(number, slug, title, description, className, starterSource, solutionSource, expectedOutput, match, hints,
                timeLimit, behaviour, topics, canary, slowPuts, heldLocks, slowReceives, null);
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
