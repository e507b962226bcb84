package dev.mppractice.cli;

import dev.mppractice.catalogue.CatalogueException;
import dev.mppractice.checker.CheckerException;
import dev.mppractice.workspace.WorkspaceException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one factory of the command line, used by {@link Main} and by the tests: everything about how
 * arguments are parsed, how errors become exit codes and messages, and how colour is chosen.
 */
public final class Cli {
    private Cli() {
    }

    /**
     * The commands under {@link RootCommand}, in the order its help lists them. Picocli builds a command's
     * model by reading its annotations, ~5 ms each on a fresh JVM: so a command line for one command's
     * arguments has that command alone (see {@link #onlyCommand}), and every other one all of them.
     */
    static final List<Class<?>> COMMANDS = List.of(
            ListCommand.class, ShowCommand.class, StartCommand.class, HintCommand.class, CheckCommand.class,
            WatchCommand.class, ResetCommand.class, SolutionCommand.class, DoctorCommand.class, DocsCommand.class,
            CompletionCommand.class, DevCommand.class, CommandLine.HelpCommand.class);

    /** The commands that read the others (help, completion): they are never built alone. */
    private static final Set<Class<?>> NEED_ALL = Set.of(CompletionCommand.class, CommandLine.HelpCommand.class);

    /** A command line for {@code env}, with every command; set its out/err writers, then {@code execute(args)}. */
    public static CommandLine commandLine(Env env) {
        return commandLine(new Context(env), COMMANDS);
    }

    /**
     * As {@link #commandLine(Env)}, for these {@code args}: a {@code check}'s program JVM starts now,
     * before the command line is built and parsed. Call {@link #finish} after {@code execute(args)}.
     */
    public static CommandLine commandLine(Env env, String[] args) {
        Context ctx = new Context(env);
        ctx.startCheckEarly(args);
        return commandLine(ctx, onlyCommand(args).map(List::<Class<?>>of).orElse(COMMANDS));
    }

    /**
     * The command {@code args} run, when picocli would parse them as that command: the global options
     * (as {@link #commandIndex} reads them), then its name or alias. Empty for anything else (no command,
     * help, an option picocli alone should read, a name that is no command's), which needs every command:
     * for the root's help, the list of commands and the suggestions of an error.
     */
    static Optional<Class<?>> onlyCommand(String[] args) {
        int i = commandIndex(args);
        if (i < 0) return Optional.empty();
        // The class named as the command (check: CheckCommand) is looked at first, the others only when it is not
        // the one (an alias): the first read of a class's annotations in a JVM costs it about 2 ms.
        String named = args[i] + "Command";
        List<Class<?>> order = new java.util.ArrayList<>(COMMANDS);
        order.sort(java.util.Comparator.comparing((Class<?> c) -> !c.getSimpleName().equalsIgnoreCase(named)));
        for (Class<?> c : order) {
            Command a = c.getAnnotation(Command.class);
            if (!NEED_ALL.contains(c) && (a.name().equals(args[i]) || Arrays.asList(a.aliases()).contains(args[i]))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Where the command's name is in {@code args}: after the global options that may come before it
     * ({@code --workspace DIR}, {@code --catalogue DIR}, {@code --color WHEN}, their {@code =} forms,
     * {@code --verbose}); -1 when anything else comes first, or nothing, or an option's value
     * looks like an option.
     */
    static int commandIndex(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--workspace") || a.equals("--catalogue") || a.equals("--color")) {
                if (++i < args.length && args[i].startsWith("-")) return -1;   // picocli decides what that is
            } else if (!(a.equals("--verbose") || a.startsWith("--workspace=") || a.startsWith("--catalogue=")
                    || a.startsWith("--color="))) {
                return a.startsWith("-") ? -1 : i;
            }
        }
        return -1;
    }

    /** Ends what {@link #commandLine(Env, String[])} started and the command did not use. */
    public static void finish(CommandLine cl) {
        if (cl.getFactory() instanceof Factory f) f.ctx().discardEarlyCheck();
    }

    private static CommandLine commandLine(Context ctx, List<Class<?>> commands) {
        CommandLine cl = new CommandLine(RootCommand.class, new Factory(ctx));
        // First: the settings below reach only the commands added by then.
        for (Class<?> c : commands) cl.addSubcommand(c);
        ctx.bind(cl);
        cl.setCommandName(ctx.prog());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setAbbreviatedOptionsAllowed(false);
        cl.setExecutionStrategy(parseResult -> {
            // --color is known only now; help and errors printed from here on follow it.
            cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                    ctx.colorEnabled() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler(executionErrors(ctx));
        cl.setParameterExceptionHandler(usageErrors(ctx));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                ctx.colorEnabled() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return cl;
    }

    /** Creates commands with the shared {@link Context}, and hands out its {@link GlobalOptions}. */
    private record Factory(Context ctx) implements CommandLine.IFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == GlobalOptions.class) return (K) ctx.options;
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Context.class) {
                    c.setAccessible(true);
                    return (K) c.newInstance(ctx);
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    private static IExecutionExceptionHandler executionErrors(Context ctx) {
        return (ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            Style st = ctx.style();
            int code;
            String message;
            if (ex instanceof CliException c) {
                code = c.exitCode();
                message = c.getMessage();
            } else if (ex instanceof WorkspaceException || ex instanceof CatalogueException) {
                code = ExitCodes.WORKSPACE;
                message = ex.getMessage();
            } else if (ex instanceof CheckerException) {
                code = ExitCodes.INTERNAL;
                message = "The checker could not do its work: " + ex.getMessage()
                        + "\nSee what is missing with " + ctx.cmd("doctor");
            } else {
                code = ExitCodes.INTERNAL;
                message = "mp-practice failed unexpectedly: " + ex
                        + (ctx.options.verbose ? "" : "\nThis is a bug in mp-practice. Run the command again with --verbose to see the details, and report them.");
            }
            if (message != null && !message.isEmpty()) {
                err.println(code == ExitCodes.NOT_PASSING ? message : st.boldRed("error: ") + message);
            }
            if (ctx.options.verbose && !(ex instanceof CliException)) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        };
    }

    private static IParameterExceptionHandler usageErrors(Context ctx) {
        return (ParameterException ex, String[] args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            String message = ex.getMessage();
            if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")
                    && cmd.getSubcommands().size() > 0) {
                message = "There is no command \"" + u.getUnmatched().get(0) + "\".";
            }
            err.println(ctx.style().boldRed("error: ") + message);
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("See " + ctx.style().command(cmd.getCommandSpec().qualifiedName() + " --help") + " for how to use it.");
            if (ctx.options.verbose) ex.printStackTrace(err);
            err.flush();
            return ExitCodes.USAGE;
        };
    }
}
