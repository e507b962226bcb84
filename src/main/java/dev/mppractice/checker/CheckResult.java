package dev.mppractice.checker;

import java.util.List;

/** The verdict on one learner's solution, with what the learner needs to see about it. */
public record CheckResult(
        Outcome outcome,
        List<CompileError> compileErrors,
        String explanation,
        Integer exitCode,
        String stdout, String stderr,
        String expected,
        List<DiffLine> diff,
        String missingBehaviour,
        Timings timings) {

    public CheckResult {
        compileErrors = compileErrors == null ? List.of() : List.copyOf(compileErrors);
        diff = diff == null ? List.of() : List.copyOf(diff);
        explanation = explanation == null ? "" : explanation;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
