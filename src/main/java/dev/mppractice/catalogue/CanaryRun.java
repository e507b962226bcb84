package dev.mppractice.catalogue;

import java.util.List;

/**
 * An exercise's canary run (see {@link Exercise#canary()}): a second run in which the library alters every value the
 * main process receives from another process or reads from shared memory.
 *
 * @param message     what a passing program is told when that run prints the expected output all the same; with
 *                    {@code everyNumber}, {@code {kept}} and {@code {total}} in it are how many of the numbers the
 *                    expected output holds were printed unchanged, and how many it holds; null when the exercise
 *                    gives only {@code lines}
 * @param everyNumber every number of the expected output comes from the processes (a pool's results, a shared
 *                    array's elements): in the canary run each must differ from the expected one where the program
 *                    prints it, not only the output as a whole ({@code canary-every-number} in exercise.toml)
 * @param lines       lines of the expected output that must each print otherwise in that run, where the others may
 *                    not (a total beside counts, the last phase's ring beside a start the program knows:
 *                    {@code [[canary-line]]} in exercise.toml), each with what a program that printed it unchanged is told
 * @param marksFailures the canary run marks the message of each failure a task sent back, as it marks a string
 *                    ({@code canary-marks-failures} in exercise.toml): a line made of a failure's message must change
 * @param sameLines   what a program is told whose canary run printed other lines than the expected output's beyond
 *                    their numbers ({@code canary-same-lines} in exercise.toml): where the values altered only change
 *                    numbers the program prints (exercise 11's exit codes), a program that does the same whatever the
 *                    values prints the same lines with other numbers, and one that acts only on the expected values
 *                    (a supervisor that restarts after exit code 1 alone) prints other lines; null for no such check
 * @param sparesTheFirst the canary run leaves the result of a map's first task as it came ({@code canary-spares-the-first}
 *                    in exercise.toml): where the output is made from every result (exercise 14's reduce), a program
 *                    that printed the first alone, worked out from the whole input, prints the expected output then
 */
public record CanaryRun(String message, boolean everyNumber, List<Line> lines, boolean marksFailures, String sameLines,
        boolean sparesTheFirst) {
    /** Line {@code line} (from 1) of the expected output must print otherwise in the canary run, or {@code message} is told. */
    public record Line(int line, String message) {
    }

    public CanaryRun {
        lines = List.copyOf(lines);
    }

    /** A canary run of the whole output (and, with {@code everyNumber}, of each number). */
    public CanaryRun(String message, boolean everyNumber) {
        this(message, everyNumber, List.of(), false);
    }

    /** A canary run that leaves failures' messages as they are. */
    public CanaryRun(String message, boolean everyNumber, List<Line> lines) {
        this(message, everyNumber, lines, false);
    }

    /** A canary run without a check of its lines beyond their numbers. */
    public CanaryRun(String message, boolean everyNumber, List<Line> lines, boolean marksFailures) {
        this(message, everyNumber, lines, marksFailures, null);
    }

    /** A canary run that alters every result, a map's first task's included. */
    public CanaryRun(String message, boolean everyNumber, List<Line> lines, boolean marksFailures, String sameLines) {
        this(message, everyNumber, lines, marksFailures, sameLines, false);
    }

    /** {@link #message()} for a run that printed {@code kept} of the expected output's {@code total} numbers unchanged. */
    public String told(int kept, int total) {
        return message.replace("{kept}", Integer.toString(kept)).replace("{total}", Integer.toString(total));
    }
}
