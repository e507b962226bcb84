package dev.mppractice.catalogue;

/** How a run's standard output is compared with an exercise's expected output. */
public enum OutputMatch {
    /** Line for line, after normalising line endings and trailing spaces. */
    EXACT,
    /** Each expected line is a literal in which {@code {number}} and {@code {any}} are placeholders. */
    PATTERN
}
