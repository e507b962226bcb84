package dev.mppractice.checker;

/** One line of a line diff from the expected output to the actual output. */
public record DiffLine(Kind kind, String text) {
    public enum Kind { SAME, EXPECTED_ONLY, ACTUAL_ONLY }
}
