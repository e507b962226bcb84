package dev.mppractice.cli;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.CatalogueException;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.checker.Checker;
import dev.mppractice.checker.CheckerOptions;
import dev.mppractice.workspace.IdeProject;
import dev.mppractice.workspace.MpLibrary;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.UserDirs;
import dev.mppractice.workspace.Workspace;
import dev.mppractice.workspace.WorkspaceLocator;
import dev.mppractice.workspace.WorkspaceRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * What the commands of one invocation share: the environment, the global options, and the
 * catalogue, workspace and progress, each made when first needed.
 */
public final class Context {
    public static final String CATALOGUE_ENV = "MP_PRACTICE_CATALOGUE";
    /** Set by {@code bin/mp-practice} to what the learner types to run the tool (e.g. {@code bin/mp-practice}). */
    public static final String COMMAND_ENV = "MP_PRACTICE_CMD";

    private final Env env;
    final GlobalOptions options = new GlobalOptions();
    private CommandLine commandLine;
    private Catalogue catalogue;
    private Workspace workspace;
    /** Outside every workspace, use ./mp-workspace rather than the one used last (see keepToTheFixedWorkspaceRule). */
    private boolean fixedRule;

    Context(Env env) {
        this.env = env;
    }

    void bind(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    public Env env() {
        return env;
    }

    public GlobalOptions options() {
        return options;
    }

    public PrintWriter out() {
        return commandLine.getOut();
    }

    public PrintWriter err() {
        return commandLine.getErr();
    }

    /** What the learner types to run this tool, for the commands we suggest. */
    public String prog() {
        String p = env.var(COMMAND_ENV);
        return p == null ? "mp-practice" : p;
    }

    /** A suggested command line, {@code cmd("check 3")} → {@code bin/mp-practice check 3}, set apart in colour. */
    public String cmd(String args) {
        return style().command(prog() + (args.isEmpty() ? "" : " " + args));
    }

    public boolean colorEnabled() {
        return switch (options.color) {
            case always -> true;
            case never -> false;
            case auto -> env.stdoutIsTerminal() && env.var("NO_COLOR") == null && !"dumb".equals(env.var("TERM"));
        };
    }

    public Style style() {
        return new Style(colorEnabled(), env.unicode());
    }

    /** The terminal's width from {@code COLUMNS} (bin/mp-practice sets it on a terminal), else 80. */
    public int columns() {
        String c = env.var("COLUMNS");
        try {
            return c == null ? 80 : Integer.parseInt(c.trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** The texts of the learner's screen, in this context's style and width. */
    public Reports reports() {
        return new Reports(style(), prog(), columns());
    }

    public Catalogue catalogue() throws CatalogueException {
        if (catalogue == null) {
            Path dir = options.catalogue;
            if (dir == null && env.var(CATALOGUE_ENV) != null) dir = Path.of(env.var(CATALOGUE_ENV));
            if (dir != null) {
                dir = env.cwd().resolve(dir).normalize();
                if (!Files.isDirectory(dir)) {
                    throw new CatalogueException("The catalogue folder " + dir + " does not exist.\n"
                            + "Check the path given with --catalogue or " + CATALOGUE_ENV + ", or leave both out to use the built-in exercises.");
                }
                catalogue = Catalogue.load(dir);
            } else {
                catalogue = Catalogue.builtin();
            }
        }
        return catalogue;
    }

    /**
     * Says that this command makes a workspace or is read by scripts: outside every workspace it uses
     * {@code ./mp-workspace}, as the command line's fixed rule says, not the one used last (which it names).
     * Call before the first {@link #workspace()}.
     */
    public void keepToTheFixedWorkspaceRule() {
        fixedRule = true;
    }

    public Workspace workspace() {
        if (workspace == null) {
            WorkspaceRegistry registry = new WorkspaceRegistry(userDirs().state().resolve(WorkspaceRegistry.FILE_NAME));
            workspace = WorkspaceLocator.locate(options.workspace, env.vars(), env.cwd(), registry, !fixedRule);
            if (workspace.locatedBy() == Workspace.LocatedBy.REMEMBERED) {
                sayWhichWorkspace(registry);
            } else if (workspace.locatedBy() == Workspace.LocatedBy.DEFAULT) {
                sayWhereTheOthersAre(registry);
            }
        }
        return workspace;
    }

    /** A new workspace made here while the learner has others: say where their progress is (on stderr). */
    private void sayWhereTheOthersAre(WorkspaceRegistry registry) {
        List<Path> others = registry.workspaces().stream().map(WorkspaceRegistry.Entry::root)
                .filter(p -> !p.equals(workspace.root())).toList();
        if (others.isEmpty() || java.nio.file.Files.isDirectory(workspace.root())) return;
        Style st = style();
        var err = err();
        err.println(st.dim("There is no workspace in " + env.cwd() + "; this uses " + workspace.root() + "."));
        err.println(st.dim("Your progress so far is in ") + String.join(", ", others.stream().limit(3).map(Path::toString).toList())
                + (others.size() > 3 ? ", ..." : "") + st.dim(": cd there, or add --workspace DIR."));
        err.flush();
    }

    /** Outside every workspace, the one used last is used: say which, and how to choose another (on stderr, for scripts' sake). */
    private void sayWhichWorkspace(WorkspaceRegistry registry) {
        Style st = style();
        List<Path> others = registry.workspaces().stream().map(WorkspaceRegistry.Entry::root)
                .filter(p -> !p.equals(workspace.root())).toList();
        var err = err();
        err.println(st.dim("Using the workspace you used last: ") + workspace.root());
        if (!others.isEmpty()) {
            err.println(st.dim("Also yours: ") + String.join(", ", others.stream().limit(3).map(Path::toString).toList())
                    + (others.size() > 3 ? ", ..." : ""));
        }
        err.println(st.dim("(There is none in " + env.cwd() + ". Choose one with --workspace DIR, or cd into it.)"));
        err.flush();
    }

    public Progress progress() throws CatalogueException {
        return progress(catalogue());
    }

    public Progress progress(Catalogue catalogue) {
        return new Progress(workspace(), catalogue, ideProject());
    }

    /** The workspace as a Maven project for IDEs, with this tool's library. */
    public IdeProject ideProject() {
        return new IdeProject(workspace(), MpLibrary.current(), userDirs().mavenRepository());
    }

    /** The folders of the person running the command, from its environment. */
    public UserDirs userDirs() {
        return UserDirs.of(env.vars(), System.getProperty("os.name", ""), System.getProperty("user.home"));
    }

    public Checker checker() {
        Path cache = workspace().cacheDir();
        Checker early = takeEarly();
        if (early != null) {
            if (early.options().cacheDir().equals(cache)) return early;
            early.discardPrepared();   // another workspace after all (cannot happen while both locate alike)
        }
        return new Checker(new CheckerOptions(cache, null, CheckerOptions.DEFAULT_OUTPUT_CAP));
    }

    /** A checker whose program JVM is started while the command line is parsed (see {@link #startCheckEarly}). */
    private java.util.concurrent.FutureTask<Checker> startedEarly;

    private Checker takeEarly() {
        var f = startedEarly;
        startedEarly = null;
        if (f == null) return null;
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return null;   // the check starts its JVM itself, and says what is wrong
        }
    }

    /**
     * For {@code check}, starts the program's JVM on a thread of its own while the command line is built
     * and parsed, so that its start (~0.1 s) overlaps picocli's and the catalogue's instead of following
     * them: picocli builds the model of every command first, and a check's JVM used to start ~0.2 s
     * after {@code main}. Only for
     * a plain {@code check} (global options, then {@code check}, no help or version asked) in a workspace
     * that exists, found as {@link #workspace()} will find it, without its messages; whatever happens,
     * the JVM is used by the check or ended by {@link #discardEarlyCheck}.
     */
    void startCheckEarly(String[] args) {
        int i = Cli.commandIndex(args);
        if (i < 0 || !args[i].equals("check")) return;
        Path option = null;
        for (int j = 0; j < i; j++) {
            if (args[j].equals("--workspace")) option = Path.of(args[++j]);
            else if (args[j].startsWith("--workspace=")) option = Path.of(args[j].substring("--workspace=".length()));
        }
        for (int j = i + 1; j < args.length; j++) {
            String a = args[j];
            if (a.equals("--workspace")) return;   // after the command name: leave it to picocli
            if (a.startsWith("--workspace=") || a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return;
        }
        Path workspaceOption = option;
        // The built-in catalogue loads meanwhile too, unless another one is named.
        boolean otherCatalogue = env.var(CATALOGUE_ENV) != null;
        for (String a : args) otherCatalogue |= a.equals("--catalogue") || a.startsWith("--catalogue=");
        // A plain "check" or "check EXERCISE" runs its program now, before the parse ends (see checkAhead).
        int rest = args.length - i - 1;
        boolean plain = !otherCatalogue && (rest == 0 || rest == 1 && !args[i + 1].startsWith("-"));
        String exerciseArg = rest == 1 ? args[i + 1] : null;
        var task = new java.util.concurrent.FutureTask<Checker>(() -> {
            WorkspaceRegistry registry = new WorkspaceRegistry(userDirs().state().resolve(WorkspaceRegistry.FILE_NAME));
            Workspace ws = WorkspaceLocator.locate(workspaceOption, env.vars(), env.cwd(), registry, true);
            if (!Files.isDirectory(ws.root().resolve(Workspace.MARKER))) return null;   // nothing is made before the parse
            Checker c = new Checker(new CheckerOptions(ws.cacheDir(), null, CheckerOptions.DEFAULT_OUTPUT_CAP));
            c.prepare();
            if (plain) checkAhead(c, ws, exerciseArg);
            return c;
        });
        Thread t = new Thread(task, "mp-practice-early-check");
        t.setDaemon(true);
        t.start();
        startedEarly = task;
        if (!otherCatalogue) Catalogue.loadBuiltinInBackground();
    }

    /**
     * Begins, on {@code checker}, the check the command line asks for, as {@code check} will find it: the
     * exercise named ({@code exerciseArg}) or else the current one, of the built-in catalogue, if its file is
     * there. Nothing when anything is amiss: the command then finds it and says so.
     */
    private static void checkAhead(Checker checker, Workspace ws, String exerciseArg) {
        try {
            Catalogue cat = Catalogue.builtin();
            Optional<Exercise> ex;
            if (exerciseArg != null) {
                ex = cat.find(exerciseArg);
            } else {
                Progress progress = new Progress(ws, cat);
                ex = progress.current(progress.read());
            }
            if (ex.isPresent() && ws.isStarted(ex.get())) checker.checkAhead(ex.get(), ws.sourceFile(ex.get()));
        } catch (Exception e) {
            // the command checks as usual, and tells what is wrong
        }
    }

    /** True while a JVM started by {@link #startCheckEarly} (or the attempt) waits for the check. */
    boolean checkStartedEarly() {
        return startedEarly != null;
    }

    /** Ends the JVM started by {@link #startCheckEarly} if no check took it (a usage error, say). */
    void discardEarlyCheck() {
        Checker c = takeEarly();
        if (c != null) c.discardPrepared();
    }

    /** The exercise named by number or slug, or a usage error that lists what there is. */
    public Exercise exercise(String numberOrSlug) throws CatalogueException {
        Catalogue cat = catalogue();
        Optional<Exercise> found = cat.find(numberOrSlug);
        if (found.isPresent()) return found.get();
        List<Exercise> all = cat.exercises();
        if (all.isEmpty()) {
            throw new CliException(ExitCodes.WORKSPACE, "The catalogue " + cat.source() + " has no exercises.");
        }
        StringBuilder msg = new StringBuilder("There is no exercise \"" + numberOrSlug + "\". ");
        msg.append("Name one by number (").append(all.get(0).number()).append(" to ").append(all.get(all.size() - 1).number())
                .append(") or by slug (").append(all.get(0).slug()).append(", ...).");
        closest(numberOrSlug, all).ifPresent(e -> msg.append("\nDid you mean ").append(e.number()).append(" (").append(e.slug()).append(")?"));
        msg.append("\nSee them all: ").append(cmd("list"));
        throw CliException.usage(msg.toString());
    }

    private static Optional<Exercise> closest(String s, List<Exercise> all) {
        String key = s.toLowerCase();
        return all.stream()
                .filter(e -> e.slug().contains(key) && key.length() >= 3 || distance(e.slug(), key) <= Math.max(2, key.length() / 4))
                .min(Comparator.comparingInt(e -> distance(e.slug(), key)));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
