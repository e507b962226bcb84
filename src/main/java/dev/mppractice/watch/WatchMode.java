package dev.mppractice.watch;

import dev.mppractice.catalogue.Exercise;
import dev.mppractice.checker.CheckResult;
import dev.mppractice.checker.Checker;
import dev.mppractice.workspace.Progress;
import dev.mppractice.workspace.State;
import dev.mppractice.workspace.Status;
import dev.mppractice.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Watch mode: one loop over one queue of events. Producers only put events on the queue (the file
 * watcher, the key reader, the thread that runs a check); this loop alone changes what is shown and
 * what is saved. A check runs on its own thread so that keys still work while it runs; a save during
 * a check cancels it (its run is ended: a hung program does not hold the fix back) and checks the
 * new version.
 */
public final class WatchMode {
    private static final Pattern ANSI = Pattern.compile("\033\\[[0-9;?]*[A-Za-z]");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    static final String CANCELLED = "Cancelled the running check: the file changed.";

    private final WatchTerminal terminal;
    private final Progress progress;
    private final Checker checker;
    private final WatchScreens screens;
    private final WatchOptions options;
    private final BlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();

    private Exercise exercise;
    private Path file;
    private CheckResult last;
    private String lastError;
    private String lastCheckedAt;
    private long lastCheckMillis;
    private boolean checking;
    private boolean recheckPending;
    private long seq;
    private long checkStartedNanos;
    private long debounceDeadline;   // System.nanoTime() at which a check starts; 0 when none is due
    private boolean showList;
    private boolean showHints;
    private boolean newestHint;
    private String notice;
    private volatile boolean running = true;   // read by the key reader thread
    private java.util.concurrent.Future<?> inFlight;
    private volatile boolean compilerWarmed;   // set on the check thread

    public WatchMode(WatchTerminal terminal, Progress progress, Checker checker, WatchScreens screens, WatchOptions options) {
        this.terminal = terminal;
        this.progress = progress;
        this.checker = checker;
        this.screens = screens;
        this.options = options;
    }

    /** Runs until the learner quits (q, Ctrl-C, Ctrl-D, end of input); the caller closes the terminal. */
    public void run(Exercise first, String startNotice) throws Exception {
        ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mp-practice-check");
            t.setDaemon(true);
            return t;
        });
        Thread keys = new Thread(this::readKeys, "mp-practice-keys");
        keys.setDaemon(true);
        try (FileWatcher watcher = new FileWatcher(queue, options.pollMillis())) {
            terminal.onSignals(() -> queue.offer(new WatchEvent.Quit("interrupt")), () -> queue.offer(new WatchEvent.Resized()));
            switchTo(first, watcher);
            notice = startNotice;
            watcher.start();
            keys.start();
            startCheck(checks);
            while (running) {
                long waitNanos = debounceDeadline == 0 ? TimeUnit.SECONDS.toNanos(1) : Math.max(0, debounceDeadline - System.nanoTime());
                WatchEvent e = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (e == null) {
                    if (debounceDeadline != 0 && System.nanoTime() >= debounceDeadline) {
                        debounceDeadline = 0;
                        startCheck(checks);
                    }
                    continue;
                }
                handle(e, checks, watcher);
            }
        } finally {
            running = false;
            keys.interrupt();
            checks.shutdownNow();   // a check in progress is interrupted, and the checker kills its JVM
            checks.awaitTermination(5, TimeUnit.SECONDS);
            checker.discardPrepared();
        }
    }

    private void handle(WatchEvent e, ExecutorService checks, FileWatcher watcher) {
        if (e instanceof WatchEvent.Quit) {
            running = false;
        } else if (e instanceof WatchEvent.Resized) {
            render();
        } else if (e instanceof WatchEvent.FileChanged f) {
            if (f.file().equals(file)) {
                // A cancel's notice stays until the new version's verdict: an editor's save in two steps (the file
                // emptied, then written) is two changes, and the second, before the new check began, wiped it.
                if (notice == null || !notice.contains(CANCELLED)) notice = null;
                if (checking) {
                    cancelCheck();
                    notice = screens.notice(CANCELLED);
                    render();
                }
                debounceDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.debounceMillis());
            }
        } else if (e instanceof WatchEvent.CheckDone d) {
            if (d.seq() != seq) return;   // a check of an exercise we have left, or a cancelled one
            checking = false;
            if (notice != null && notice.contains(CANCELLED)) notice = null;
            lastCheckMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checkStartedNanos);
            lastCheckedAt = LocalTime.now().format(CLOCK);
            if (d.result() != null) {
                last = d.result();
                lastError = null;
                try {
                    progress.recordCheck(exercise, last.passed(), last.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                } catch (Exception ex) {
                    notice = screens.error(ex.getMessage());
                }
            } else {
                last = null;
                lastError = d.error().getMessage() == null ? d.error().toString() : d.error().getMessage();
            }
            if (recheckPending) {
                recheckPending = false;
                startCheck(checks);
            } else {
                render();
            }
        } else if (e instanceof WatchEvent.Key k) {
            key(k.ch(), checks, watcher);
        }
    }

    private void key(int ch, ExecutorService checks, FileWatcher watcher) {
        switch (Character.toLowerCase((char) ch)) {
            case 'q', 3, 4 -> running = false;   // q, Ctrl-C, Ctrl-D
            case 'h' -> {
                try {
                    State before = progress.read();
                    int had = before.peek(exercise.slug()).hintsShown;
                    int shown = progress.revealHint(exercise);
                    newestHint = shown > had;
                    notice = newestHint ? null : screens.dim("All " + exercise.hints().size() + " hints are shown.");
                } catch (Exception ex) {
                    notice = screens.error(ex.getMessage());
                }
                showHints = true;
                showList = false;
                render();
            }
            case 'l' -> {
                showList = !showList;
                render();
            }
            case 'r' -> {
                showList = false;
                if (checking) {
                    recheckPending = true;
                } else {
                    debounceDeadline = 0;
                    startCheck(checks);
                }
            }
            case 'n' -> next(checks, watcher);
            default -> {
                if (Character.isLetterOrDigit(ch) || ch == ' ' || ch == '?') {   // not the tail of an arrow key's escape sequence
                    notice = screens.dim("Keys: h hint, n next, l list, r re-run, q quit.");
                    render();
                }
            }
        }
    }

    private void next(ExecutorService checks, FileWatcher watcher) {
        try {
            State state = progress.read();
            boolean passes = last != null ? last.passed() : state.peek(exercise.slug()).status() == Status.DONE;
            if (!passes) {
                notice = screens.notice("Exercise " + exercise.number() + " does not pass yet: n moves on once it does.");
                render();
                return;
            }
            Optional<Exercise> next = progress.nextAfter(exercise, state);
            if (next.isEmpty()) {
                notice = screens.notice("Every exercise passes. Well done! q leaves watch mode.");
                render();
                return;
            }
            Workspace.StartResult started = progress.start(next.get());
            switchTo(next.get(), watcher);
            notice = screens.notice(started.created()
                    ? "Wrote the starter of exercise " + exercise.number() + ": open " + file + " and save to check."
                    : "Exercise " + exercise.number() + " was already started: your file is as you left it.");
            startCheck(checks);
        } catch (Exception ex) {
            notice = screens.error(ex.getMessage());
            render();
        }
    }

    private void switchTo(Exercise ex, FileWatcher watcher) {
        exercise = ex;
        file = progress.workspace().sourceFile(ex);
        watcher.watch(file);
        last = null;
        lastError = null;
        lastCheckedAt = null;
        showHints = false;
        showList = false;
        recheckPending = false;
        debounceDeadline = 0;
        seq++;   // results of checks of the previous exercise are ignored
        checking = false;
        if (inFlight != null) inFlight.cancel(true);
    }

    /** Ends the check in progress: its thread is interrupted, which ends its run; its result is ignored. */
    private void cancelCheck() {
        seq++;
        checking = false;
        recheckPending = false;
        if (inFlight != null) inFlight.cancel(true);
    }

    private void startCheck(ExecutorService checks) {
        if (checking) {
            recheckPending = true;
            return;
        }
        checking = true;
        long mySeq = ++seq;
        checkStartedNanos = System.nanoTime();
        Exercise ex = exercise;
        Path f = file;
        render();
        inFlight = checks.submit(() -> {
            try {
                queue.offer(new WatchEvent.CheckDone(mySeq, checker.check(ex, f), null));
            } catch (Throwable t) {
                queue.offer(new WatchEvent.CheckDone(mySeq, null, t));
            }
            if (running && !Thread.currentThread().isInterrupted()) {
                try {
                    // The next attempt's JVM starts now, while the learner edits: a re-check then runs at once.
                    checker.prepare();
                } catch (Exception e) {
                    // the next check starts its own JVM
                }
                // And, once, the compiler gets warm: the next save's compile then takes ~50 ms, not 0.15-0.25 s.
                if (!compilerWarmed) {
                    compilerWarmed = true;
                    checker.warmUpCompiler(f);
                }
            }
        });
    }

    private void readKeys() {
        try {
            while (running) {
                int c = terminal.read(100);
                if (c == -1) {
                    queue.offer(new WatchEvent.Quit("end of input"));
                    return;
                }
                if (c == 27) {   // an escape sequence (arrow keys, Home...): swallow it, so that ESC [ H is not h
                    int n = terminal.read(25);
                    if (n == '[' || n == 'O') {
                        int k;
                        do {
                            k = terminal.read(25);
                        } while (k >= 0 && !(k >= 0x40 && k <= 0x7E));
                    }
                    continue;
                }
                if (c >= 0) queue.offer(new WatchEvent.Key(c));
            }
        } catch (IOException e) {
            if (running) queue.offer(new WatchEvent.Quit("cannot read keys: " + e.getMessage()));
        }
    }

    private void render() {
        List<Progress.Entry> entries;
        int hintsShown;
        try {
            State state = progress.read();
            entries = progress.entries(state);
            hintsShown = state.peek(exercise.slug()).hintsShown;
        } catch (Exception e) {
            entries = List.of();
            hintsShown = 0;
            notice = screens.error(e.getMessage());
        }
        List<String> top = new ArrayList<>();
        top.add(screens.title(exercise, entries));
        top.add(screens.dim("  " + file));
        top.add("");
        List<String> body = new ArrayList<>();
        if (showList) {
            body.addAll(lines(screens.list(entries)));
        } else {
            if (showHints && hintsShown > 0) {
                body.addAll(lines(screens.hints(exercise, hintsShown, newestHint)));
                body.add("");
            }
            if (lastError != null) {
                body.add(screens.error("The check could not run: " + lastError));
            } else if (last != null) {
                body.addAll(lines(screens.report(exercise, file, last, hintsShown)));
            } else if (checking) {
                body.add(screens.notice("Checking exercise " + exercise.number() + ": compiling and running it..."));
            }
        }
        List<String> bottom = new ArrayList<>();
        bottom.add("");
        if (notice != null) bottom.add(notice);
        String status = checking ? screens.notice("Checking...")
                : lastCheckedAt != null ? screens.dim("Checked at " + lastCheckedAt + " in " + String.format(Locale.ROOT, "%.1f s", lastCheckMillis / 1000.0)
                        + ". Save the file to check again.") : "";
        bottom.add(status);
        boolean canMoveOn = last != null && last.passed();
        bottom.add(screens.keys(canMoveOn));
        terminal.draw(String.join("\n", fit(top, body, bottom)));
    }

    /** Cuts the body so that title and keys stay on screen, long lines counted as the rows they take. */
    private List<String> fit(List<String> top, List<String> body, List<String> bottom) {
        int cols = Math.max(20, terminal.columns());
        int room = terminal.rows() - rowsOf(top, cols) - rowsOf(bottom, cols);
        List<String> out = new ArrayList<>(top);
        int used = 0;
        for (int i = 0; i < body.size(); i++) {
            int r = rowsOf(List.of(body.get(i)), cols);
            if (used + r > room - 1 && i < body.size() - 1) {
                out.add(screens.dim("  ... " + (body.size() - i) + " more lines: run the check in a taller window, or with `check "
                        + exercise.number() + "` in another terminal."));
                break;
            }
            out.add(body.get(i));
            used += r;
        }
        out.addAll(bottom);
        return out;
    }

    private static int rowsOf(List<String> lines, int cols) {
        int rows = 0;
        for (String l : lines) {
            int len = ANSI.matcher(l).replaceAll("").length();
            rows += Math.max(1, (len + cols - 1) / cols);
        }
        return rows;
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    public Exercise exercise() {
        return exercise;
    }
}
