package dev.mppractice.workspace;

import dev.mppractice.catalogue.Catalogue;
import dev.mppractice.catalogue.Exercise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A learner's progress through a catalogue in one workspace: what each exercise's status is, which
 * exercise comes next, and the changes that commands make (start, hint, check, reset). Plain code,
 * shared by the command line and the watch mode.
 */
public final class Progress {
    private final Workspace workspace;
    private final Catalogue catalogue;
    private final IdeProject ide;
    private IdeProject.Status lastIdeRefresh;

    /** Progress in {@code workspace}, whose IDE project gets the library this tool runs with. */
    public Progress(Workspace workspace, Catalogue catalogue) {
        this(workspace, catalogue, new IdeProject(workspace, MpLibrary.current(), null));
    }

    public Progress(Workspace workspace, Catalogue catalogue, IdeProject ide) {
        this.workspace = workspace;
        this.catalogue = catalogue;
        this.ide = ide;
    }

    public IdeProject ide() {
        return ide;
    }

    /** What the last change of this progress did to the workspace's IDE project, or null before any. */
    public IdeProject.Status lastIdeRefresh() {
        return lastIdeRefresh;
    }

    /** The exercises whose file is in the workspace, in catalogue order. */
    public List<Exercise> started() {
        return catalogue.withFolder(name -> Files.isDirectory(workspace.root().resolve(name))).stream()
                .filter(workspace::isStarted).toList();
    }

    public Workspace workspace() {
        return workspace;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /** One exercise as {@code list} shows it; {@code file} is null before {@code start}. */
    public record Entry(Exercise exercise, Status status, Path file, int hintsShown, int hintsTotal,
                        ExerciseState saved, boolean current) {
        public boolean done() {
            return status == Status.DONE;
        }
    }

    /** The state as saved (read without the lock: writes are atomic renames). */
    public State read() throws WorkspaceException {
        return workspace.state().read();
    }

    public List<Entry> entries() throws WorkspaceException {
        return entries(read());
    }

    public List<Entry> entries(State state) {
        Optional<Exercise> current = current(state);
        List<Entry> out = new ArrayList<>();
        for (Exercise ex : catalogue.exercises()) {
            out.add(entry(ex, state, current.map(c -> c.slug().equals(ex.slug())).orElse(false)));
        }
        return out;
    }

    public Entry entry(Exercise ex, State state) {
        return entry(ex, state, current(state).map(c -> c.slug().equals(ex.slug())).orElse(false));
    }

    private Entry entry(Exercise ex, State state, boolean current) {
        ExerciseState saved = state.peek(ex.slug());
        boolean started = workspace.isStarted(ex);
        Status status = saved.status();
        if (!started && status != Status.DONE) {
            status = Status.NOT_STARTED;        // the file is gone: the folder, not the record, is the truth
        } else if (started && status == Status.NOT_STARTED) {
            status = Status.STARTED;            // a file put there by hand
        }
        int total = ex.hints().size();
        return new Entry(ex, status, started ? workspace.sourceFile(ex) : null,
                Math.min(saved.hintsShown, total), total, saved, current);
    }

    /**
     * The exercise the learner is on: the one last started or moved to, unless it is done and
     * another is not; otherwise the first that is not done; empty when all are done.
     */
    public Optional<Exercise> current(State state) {
        if (state.current != null) {
            Optional<Exercise> c = catalogue.find(state.current);
            if (c.isPresent() && state.peek(c.get().slug()).status() != Status.DONE) return c;
            if (c.isPresent()) {
                Optional<Exercise> after = nextAfter(c.get(), state);
                if (after.isPresent()) return after;
            }
        }
        return firstNotDone(state);
    }

    /** The first exercise, by number, that is not done. */
    public Optional<Exercise> firstNotDone(State state) {
        return catalogue.exercises().stream().filter(e -> state.peek(e.slug()).status() != Status.DONE).findFirst();
    }

    /** The first exercise after {@code ex} (wrapping round) that is not done. */
    public Optional<Exercise> nextAfter(Exercise ex, State state) {
        List<Exercise> all = catalogue.exercises();
        int i = catalogue.position(ex);
        for (int k = 1; k <= all.size(); k++) {
            Exercise e = all.get((i + k) % all.size());
            if (!e.slug().equals(ex.slug()) && state.peek(e.slug()).status() != Status.DONE) return Optional.of(e);
        }
        return Optional.empty();
    }

    public long doneCount(State state) {
        return entries(state).stream().filter(Entry::done).count();
    }

    /** Scaffolds {@code ex} (never overwriting) and makes it the current exercise. */
    public Workspace.StartResult start(Exercise ex) throws WorkspaceException {
        Workspace.StartResult result = workspace.start(ex);
        update(s -> {
            ExerciseState e = s.exercise(ex.slug());
            if (e.status() == Status.NOT_STARTED) e.status(Status.STARTED);
            if (e.startedAt == null) e.startedAt = now();
            s.current = ex.slug();
        });
        return result;
    }

    /** Puts the starter back, keeping the learner's file as a backup; the hints stay revealed. */
    public Workspace.ResetResult reset(Exercise ex) throws WorkspaceException {
        Workspace.ResetResult result = workspace.reset(ex);
        update(s -> {
            ExerciseState e = s.exercise(ex.slug());
            e.status(Status.STARTED);
            e.lastOutcome = null;
            if (e.startedAt == null) e.startedAt = now();
            s.current = ex.slug();
        });
        return result;
    }

    /** Reveals one more hint (up to the last) and returns how many are now shown. */
    public int revealHint(Exercise ex) throws WorkspaceException {
        int total = ex.hints().size();
        State s = update(st -> {
            ExerciseState e = st.exercise(ex.slug());
            e.hintsShown = Math.min(total, Math.max(0, e.hintsShown) + 1);
        });
        return s.peek(ex.slug()).hintsShown;
    }

    /** Records a check's verdict; {@code outcome} is the checker's outcome in lower case with dashes. */
    public State recordCheck(Exercise ex, boolean passed, String outcome) throws WorkspaceException {
        return update(s -> {
            ExerciseState e = s.exercise(ex.slug());
            e.checks++;
            e.lastCheckedAt = now();
            e.lastOutcome = outcome;
            e.status(passed ? Status.DONE : Status.FAILING);
            if (passed && e.passedAt == null) e.passedAt = e.lastCheckedAt;
            if (e.startedAt == null) e.startedAt = e.lastCheckedAt;
        });
    }

    public void markSolutionShown(Exercise ex) throws WorkspaceException {
        update(s -> s.exercise(ex.slug()).solutionShown = true);
    }

    public void setCurrent(Exercise ex) throws WorkspaceException {
        update(s -> s.current = ex.slug());
    }

    /** Every change goes through here: the workspace is made if need be, and its IDE project kept current. */
    private State update(java.util.function.Consumer<State> change) throws WorkspaceException {
        workspace.init();
        lastIdeRefresh = ide.refresh(started());
        return workspace.state().update(change);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
