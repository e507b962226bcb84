package dev.mppractice.catalogue;

/**
 * An exercise's canary run (see {@link Exercise#canary()}): a second run in which the library alters every value the
 * main process receives from another process or reads from shared memory.
 *
 * @param message     what a passing program is told when that run prints the expected output all the same; with
 *                    {@code everyNumber}, {@code {kept}} and {@code {total}} in it are how many of the numbers the
 *                    expected output holds were printed unchanged, and how many it holds
 * @param everyNumber every number of the expected output comes from the processes (a pool's results, a shared
 *                    array's elements): in the canary run each must differ from the expected one where the program
 *                    prints it, not only the output as a whole ({@code canary-every-number} in exercise.toml)
 */
public record CanaryRun(String message, boolean everyNumber) {
    /** {@link #message()} for a run that printed {@code kept} of the expected output's {@code total} numbers unchanged. */
    public String told(int kept, int total) {
        return message.replace("{kept}", Integer.toString(kept)).replace("{total}", Integer.toString(total));
    }
}
