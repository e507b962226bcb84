package dev.mppractice.checker;

/**
 * What became of a learner's solution: passed, or the first reason it did not. {@code STUCK}: every
 * process waited in the library with nothing happening, and the run was stopped before its time limit.
 */
public enum Outcome {
    PASSED, COMPILE_ERROR, CRASHED, TIMED_OUT, STUCK, OUTPUT_MISMATCH, OUTPUT_TOO_LARGE, MISSING_BEHAVIOUR,
    /** The run record is too large or cannot be read, so the behaviour cannot be judged. */
    RECORD_UNUSABLE
}
