package dev.mppractice.workspace;

/** Where a learner stands on one exercise, as {@code list} shows it. */
public enum Status {
    /** No file in the workspace yet. */
    NOT_STARTED("not-started"),
    /** The starter is in the workspace and has not been checked since. */
    STARTED("started"),
    /** The last check did not pass. */
    FAILING("failing"),
    /** The last check passed. */
    DONE("done");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    /** The name used in the state file and in {@code list --json}. */
    public String label() {
        return label;
    }

    public static Status fromLabel(String label) {
        for (Status s : values()) {
            if (s.label.equals(label)) return s;
        }
        throw new IllegalArgumentException("unknown status \"" + label + "\"");
    }
}
