package dev.mppractice.catalogue;

/**
 * A learner's solution kept beside an exercise ({@code fixtures/<name>/}) to hold the exercise's
 * rules to account: a plausible wrong solution that must be refused with the intended message, or an
 * unusual correct one that must pass. The catalogue's own check ({@code dev check}) runs them all.
 *
 * @param name    the folder name, e.g. {@code new-lock-in-child}
 * @param source  the Java file, named like the starter
 * @param pass    true when it must pass, false when it must be refused
 * @param why     one line: the mistake, or the unusual correct approach
 * @param message for a refusal: text the verdict must contain (null: any)
 * @param outcome for a refusal: the checker's outcome it must end with, lowercase with dashes
 *                ({@code missing-behaviour}, {@code output-mismatch}, {@code timed-out}, ...), or a
 *                short form ({@code behaviour}, {@code output}, {@code timeout}); null: any but passed
 * @param raceShowsInOutput for a refusal of a racy program: the race it has sometimes shows in its
 *                output too, so an output mismatch is also the right refusal (the message and outcome
 *                above are then what the rules say whenever the output came out right)
 */
public record Fixture(String name, String source, boolean pass, String why, String message, String outcome,
        boolean raceShowsInOutput) {

    public Fixture(String name, String source, boolean pass, String why, String message, String outcome) {
        this(name, source, pass, why, message, outcome, false);
    }
}
