package dev.mppractice.catalogue;

import java.time.Duration;
import java.util.List;

/** One exercise of a catalogue, with its files already read. */
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
        List<String> topics) {

    public Exercise {
        hints = List.copyOf(hints);
        behaviour = List.copyOf(behaviour);
        topics = topics == null ? List.of() : List.copyOf(topics);
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
