package dev.mppractice.checker;

/** What became of a learner's solution: passed, or the first reason it did not. */
public enum Outcome {
    PASSED, COMPILE_ERROR, CRASHED, TIMED_OUT, OUTPUT_MISMATCH, OUTPUT_TOO_LARGE, MISSING_BEHAVIOUR
}
