package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command line built for one command's arguments ({@link Cli#commandLine(Env, String[])}) holds that
 * command alone: what it prints and returns must be what the command line with every command gives.
 */
class OneCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theCommandBeingRunIsFoundAfterTheGlobalOptionsOnly() {
        assertEquals(Optional.of(CheckCommand.class), Cli.onlyCommand(new String[] {"check", "1"}));
        assertEquals(Optional.of(CheckCommand.class),
                Cli.onlyCommand(new String[] {"--verbose", "--workspace", "w", "--color=never", "--catalogue=c", "check"}));
        assertEquals(Optional.of(ListCommand.class), Cli.onlyCommand(new String[] {"ls", "--json"}));
        // Everything else needs every command: the root's help, help and completion, errors, option values picocli reads.
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "check"},
                new String[] {"completion"}, new String[] {"chek", "1"}, new String[] {"--workspace"},
                new String[] {"--workspace", "--verbose", "check"}, new String[] {"-V", "check"},
                new String[] {"--", "check"}, new String[] {"--nope", "check"})) {
            assertEquals(Optional.empty(), Cli.onlyCommand(args), String.join(" ", args));
        }
    }

    @Test
    void helpErrorsAndSuggestionsAreTheSameAsWithEveryCommand() {
        List<String[]> cases = List.of(
                new String[] {"check", "--help"},
                new String[] {"--color=always", "check", "-h"},
                new String[] {"check", "--bogus"},
                new String[] {"check", "--timelin"},
                new String[] {"check", "1", "2"},
                new String[] {"check", "--color", "NEVER", "--bogus"},
                new String[] {"check", "--all", "--timeline"},
                new String[] {"--color", "sometimes", "check"},
                new String[] {"ls", "--help"},
                new String[] {"list", "--jsn"},
                new String[] {"watch", "--help"},
                new String[] {"show", "--help"},
                new String[] {"dev", "--help"},
                new String[] {"doctor", "--nope"});
        for (String[] args : cases) {
            Path cwd = tmp.resolve("run" + cases.indexOf(args));
            Env env = new Env(Map.of("HOME", cwd.resolve(".home").toString(),
                    "MP_PRACTICE_WORKSPACE", cwd.resolve("ws").toString()), cwd, false, true);
            String alone = run(Cli.commandLine(env, args), args);
            String every = run(Cli.commandLine(env), args);
            assertEquals(every, alone, String.join(" ", args));
            assertTrue(alone.contains("mp-practice"), alone);
        }
    }

    private static String run(CommandLine cl, String[] args) {
        CliRun.Result r = CliRun.execute(cl, args);
        return "exit " + r.code() + "\n--- out ---\n" + r.out() + "--- err ---\n" + r.err();
    }
}
