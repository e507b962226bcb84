package dev.mppractice.checker;

import java.util.List;

/** A plain-text account of a {@link CheckResult}, for course authors' reports and test failures (not the learner's view). */
public final class Summary {
    private static final int MAX_LINES = 40;

    private Summary() {
    }

    public static String of(CheckResult r) {
        StringBuilder b = new StringBuilder(r.outcome().toString());
        if (r.exitCode() != null) b.append(" (exit code ").append(r.exitCode()).append(')');
        b.append(String.format(" in %d ms", r.timings().total().toMillis()));
        if (!r.explanation().isEmpty()) b.append("\n").append(r.explanation());
        for (CompileError e : r.compileErrors()) {
            b.append("\n").append(e.file().getFileName()).append(':').append(e.line()).append(':').append(e.column())
                    .append(": ").append(e.message());
        }
        if (r.missingBehaviour() != null) b.append("\nmissing: ").append(r.missingBehaviour());
        if (!r.diff().isEmpty()) {
            b.append("\n--- expected\n+++ actual");
            appendLines(b, r.diff().stream().map(d -> prefix(d.kind()) + d.text()).toList());
        } else if (r.outcome() != Outcome.PASSED && r.outcome() != Outcome.COMPILE_ERROR && !r.stdout().isEmpty()) {
            b.append("\nstdout:");
            appendLines(b, OutputMatcher.lines(r.stdout()));
        }
        if (r.outcome() != Outcome.PASSED && !r.stderr().isEmpty()) {
            b.append("\nstderr:");
            appendLines(b, OutputMatcher.lines(r.stderr()));
        }
        return b.toString();
    }

    private static void appendLines(StringBuilder b, List<String> lines) {
        int n = Math.min(lines.size(), MAX_LINES);
        for (int i = 0; i < n; i++) b.append("\n  ").append(lines.get(i));
        if (lines.size() > n) b.append("\n  [... ").append(lines.size() - n).append(" more lines]");
    }

    private static String prefix(DiffLine.Kind k) {
        switch (k) {
            case EXPECTED_ONLY:
                return "-";
            case ACTUAL_ONLY:
                return "+";
            default:
                return " ";
        }
    }
}
