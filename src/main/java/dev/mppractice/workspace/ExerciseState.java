package dev.mppractice.workspace;


/**
 * A learner's progress on one exercise, as kept in the state file. Times are ISO-8601 instants
 * ({@code 2025-11-28T09:30:00Z}); outcomes are the checker's, in lower case with dashes
 * ({@code output-mismatch}).
 */
public final class ExerciseState {
    /** {@code started}, {@code failing} or {@code done}; never {@code not-started}. */
    public String status;
    /** How many hints have been revealed, 0 to 3. */
    public int hintsShown;
    /** When {@code start} (or {@code reset}) first wrote the starter. */
    public String startedAt;
    /** How many times the exercise was checked. */
    public int checks;
    public String lastCheckedAt;
    public String lastOutcome;
    /** When the exercise first passed; stays set when a later check fails. */
    public String passedAt;
    /** True once the reference solution was shown. */
    public boolean solutionShown;

    public Status status() {
        return status == null ? Status.NOT_STARTED : Status.fromLabel(status);
    }

    public void status(Status s) {
        status = s == Status.NOT_STARTED ? null : s.label();
    }

    public boolean everPassed() {
        return passedAt != null;
    }
}
