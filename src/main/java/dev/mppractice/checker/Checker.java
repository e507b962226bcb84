package dev.mppractice.checker;

import dev.mppractice.catalogue.BehaviourRule;
import dev.mppractice.catalogue.CanaryRun;
import dev.mppractice.catalogue.Exercise;
import dev.mppractice.mp.internal.Canary;
import dev.mppractice.mp.internal.JvmFlags;
import dev.mppractice.mp.internal.HeldLocksRun;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.SlowedRun;
import dev.mppractice.mp.internal.timeline.Timeline;
import dev.mppractice.mp.internal.timeline.TimelineBuilder;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles a learner's solution, runs it in a forked JVM, compares its output and judges its behaviour.
 *
 * <p>A solution that does not pass is a {@link CheckResult}, not an exception; {@link CheckerException}
 * means the checker itself could not work (no JDK compiler, unreadable file, no library). Whatever
 * happens, every process the run started has ended when {@link #check} returns.
 */
public final class Checker {
    /** The system property the mp library reads to write its run record. */
    static final String RECORD_PROPERTY = "mp.record";

    private final CheckerOptions options;
    private volatile Path library;
    private volatile SourceCompiler compiler;
    /** The last run, for tests that check the process table after it. */
    volatile JvmRun.Result lastRun;

    /** Defaults: the library found on this class path, the cache under {@code ~/.cache/mp-practice}, 1 MiB cap. */
    public Checker() {
        this(CheckerOptions.defaults());
    }

    public Checker(CheckerOptions options) {
        Path cache = options.cacheDir() == null ? CheckerOptions.defaultCacheDir() : options.cacheDir();
        long cap = options.outputCapBytes() > 0 ? options.outputCapBytes() : CheckerOptions.DEFAULT_OUTPUT_CAP;
        this.options = new CheckerOptions(cache, options.timeLimitOverride(), cap);
    }

    public CheckerOptions options() {
        return options;
    }

    /**
     * Checks {@code source} against {@code ex}. If {@link #checkAhead} began this very check (the same
     * exercise and file, and the file still holds the text it checked), its result is taken, waiting for
     * it as long as it runs; otherwise the file is checked now.
     */
    public CheckResult check(Exercise ex, Path source) throws CheckerException {
        String sourceText = readSource(source);
        Ahead a = ahead.getAndSet(null);
        if (a != null) {
            // the same exercise of the same catalogue (one is loaded per process); not the record's equals, which
            // compares every field and whose first call in a JVM costs milliseconds to set up
            if (a.exercise() == ex && a.source().equals(source)) {
                Optional<Checked> done = a.await();
                if (done.isPresent() && done.get().sourceText().equals(sourceText)) {
                    return done.get().result();
                }
                // saved again since it began, or it failed: checked again, as the file is now
            } else {
                a.discard();
            }
        }
        return check(ex, source, sourceText);
    }

    /** A check's result, with the text it checked. */
    private record Checked(String sourceText, CheckResult result) {
    }

    /** A check begun by {@link #checkAhead}, running on a thread of its own. */
    private record Ahead(Exercise exercise, Path source, java.util.concurrent.FutureTask<Checked> task, Thread thread) {
        /** Its outcome once it ends; empty when it failed (the check that takes it checks again, and says why). */
        Optional<Checked> await() {
            try {
                return Optional.of(task.get());
            } catch (InterruptedException e) {
                discard();
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                return Optional.empty();
            }
        }

        /** Ends it (its run is ended, its processes with it) and waits until it has. */
        void discard() {
            task.cancel(true);
            try {
                thread.join(DISCARD_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How long ending a check begun ahead may take: its run's processes are ended within about a second. */
    private static final long DISCARD_WAIT_MILLIS = 15_000;

    private final java.util.concurrent.atomic.AtomicReference<Ahead> ahead = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Begins checking {@code source} against {@code ex} on a thread of its own, for a command that
     * knows which check it will ask for before it is ready to ask (a {@code check} whose command
     * line is still being parsed): the {@link #check} that follows takes the result instead of
     * waiting for its own (a check's path to its program's start was as long as the command line's
     * parse, ~0.1 s). The result is the one a check made then would give: the program runs once.
     * {@link #discardPrepared} ends a check begun ahead that nobody took.
     */
    public void checkAhead(Exercise ex, Path source) {
        if (measured(ex)) {
            return; // its program's speed is measured: it runs when this JVM has nothing else to do
        }
        var task = new java.util.concurrent.FutureTask<>(() -> {
            String text = readSource(source);
            return new Checked(text, check(ex, source, text));
        });
        Thread t = new Thread(task, "mp-check-ahead");
        t.setDaemon(true);
        Ahead old = ahead.getAndSet(new Ahead(ex, source, task, t));
        if (old != null) {
            old.discard();
        }
        t.start();
    }

    /** Whether {@code ex} measures its program's speed-up (its runs then need the machine to themselves). */
    private static boolean measured(Exercise ex) {
        return ex.behaviour().stream().anyMatch(b -> b.kind() == BehaviourRule.Kind.SPEEDUP);
    }

    /** True while a check begun by {@link #checkAhead} waits to be taken (for tests). */
    boolean checkingAhead() {
        return ahead.get() != null;
    }

    private CheckResult check(Exercise ex, Path source, String sourceText) throws CheckerException {
        checksStarted.incrementAndGet();
        long t0 = System.nanoTime();
        SourceCompiler.Compiled compiled = compiler().compile(source, sourceText);
        Duration compileTime = compiled.took();
        if (!compiled.ok()) {
            return new CheckResult(Outcome.COMPILE_ERROR, compiled.errors(),
                    Explanations.forCompileErrors(compiled.errors(), compiled.errorCodes(), sourceText), null,
                    "", "", ex.expectedOutput(), List.of(), null,
                    Timings.compileOnly(compileTime, since(t0), false));
        }
        if (!Files.isRegularFile(compiled.classesDir().resolve(ex.className() + ".class"))) {
            CompileError missing = new CompileError(source, 0, 0, Explanations.missingClass(ex.className(), sourceText));
            return new CheckResult(Outcome.COMPILE_ERROR, List.of(missing), "", null, "", "", ex.expectedOutput(),
                    List.of(), null, Timings.compileOnly(compileTime, since(t0), compiled.cached()));
        }

        Judged judged = run(ex, source, sourceText, compiled, t0, null);
        // A speed-up just short of the one asked is measured again before it is held against the program: on a
        // shared machine one run in twenty of a correct solution falls short by a few hundredths.
        CheckResult r = judged.result();
        if (judged.nearMiss() != null) {
            Duration firstRun = since(t0).minus(compileTime); // its judging included
            judged = run(ex, source, sourceText, compiled, t0, judged.nearMiss());
            CheckResult again = judged.result();
            r = again.withTimings(again.timings().afterFirstRun(firstRun));
        }
        if (r.passed() && ex.canary() != null) {
            long canaryNanos = System.nanoTime();
            String canary = canaryVerdict(ex, compiled, r.timings().run());
            r = refusedIfTold(r, canary, r.timings().withCanary(since(canaryNanos), since(t0)));
        }
        // A second run holds a process back for longer than the timeouts the program gave the calls that wait for it: a
        // consumer whose get(2 s) timing out ends it passed a run whose producer stalled 1 s (a prober's program, 13).
        Map<String, Long> timeouts = judged.timeouts();
        for (Slowing slowing : Slowing.of(ex, timeouts)) {
            if (r.passed()) {
                long slowedNanos = System.nanoTime();
                SlowedVerdict slowed = slowedVerdict(ex, compiled, source.getFileName().toString(), sourceText, slowing);
                Timings timings = r.timings().withSlowed(r.timings().slowed().plus(since(slowedNanos)), since(t0));
                r = slowed == null ? r.withTimings(timings)
                        : refused(r, slowed.told(), timings, slowed.timeline(), SECOND_RUN_TIMELINE + slowing.which() + ".");
            }
        }
        if (ex.heldLocks() != null && (r.passed() || judged.refusedForLockOrder())) {
            Hold holdBack = Hold.of(timeouts, SlowedRun.HELD_LOCKS_OUTWAIT);
            long heldNanos = System.nanoTime();
            Judged heldRun = run(ex, source, sourceText, compiled, t0, null,
                    Map.of(HeldLocksRun.PROPERTY, Integer.toString(holdBack.millis())));
            CheckResult held = heldRun.result();
            Timings timings = r.timings().withHeldLocks(since(heldNanos), since(t0));
            r = r.passed() && held.passed() ? r.withTimings(timings)
                    : held.passed() ? passedWhenHeld(r, timings, held, holdBack)
                    : r.passed() ? refusedByHeldRun(r, heldLocksTold(ex, held, holdBack), timings, held)
                    : refusedByHeldRun(r, r.missingBehaviour() + "\n" + (heldRun.deadlock() != null
                            ? deadlockWhenHeld(held, heldRun.deadlock(), holdBack) : heldLocksTold(ex, held, holdBack)), timings, held);
        }
        return r;
    }

    /**
     * How long a second run holds a process back ({@link SlowedRun#holdBackMillis}), and, when that is longer than
     * {@link SlowedRun#HOLD_BACK_MILLIS}, the call whose timeout made it so ({@code call}, given {@code timeoutMillis}).
     */
    record Hold(int millis, String call, long timeoutMillis) {
        /** The hold of a second run that outwaits {@code calls}, the program's timeouts being {@code timeouts}. */
        static Hold of(Map<String, Long> timeouts, java.util.Set<String> calls) {
            String call = null;
            long longest = 0;
            for (var t : timeouts.entrySet()) {
                if (calls.contains(t.getKey()) && t.getValue() > longest) {
                    call = t.getKey();
                    longest = t.getValue();
                }
            }
            int millis = SlowedRun.holdBackMillis(longest);
            return millis > SlowedRun.HOLD_BACK_MILLIS ? new Hold(millis, call, longest) : new Hold(millis, null, 0);
        }

        /**
         * What the learner is told of this hold when it was longer than a second, for the program's timeouts: why (""
         * otherwise). A program refused only by a hold longer than a second learns why it was that long.
         */
        String note() {
            return call == null ? "" : " " + millis + " ms is " + Explanations.human(Duration.ofMillis(SlowedRun.HOLD_BACK_MARGIN_MILLIS))
                    + " longer than the longest timeout of " + Explanations.human(Duration.ofMillis(SlowedRun.OUTWAITS_MILLIS))
                    + " or less the program gave `" + call + "` ("
                    + Explanations.human(Duration.ofMillis(timeoutMillis)) + "), so that this run shows what the program does"
                    + " when that timeout runs out.";
        }
    }

    /** The longest timeout the program gave each call of the library ({@code Queue.get}) in the run {@code events} record, in ms. */
    static Map<String, Long> timeoutsGiven(List<Map<String, Object>> events) {
        Map<String, Long> longest = new java.util.HashMap<>();
        for (Map<String, Object> e : events) {
            if (RecordEvent.TIMEOUT_GIVEN.wireName().equals(e.get("ev")) && e.get("call") instanceof String call
                    && e.get("ms") instanceof Number ms) {
                longest.merge(call, ms.longValue(), Math::max);
            }
        }
        return longest;
    }

    /** How the timeline of a verdict told by a slowed run is said to be that run's ({@link Slowing#which()} follows). */
    static final String SECOND_RUN_TIMELINE = "The timeline is of the second run, ";

    /** Which run the timeline of a verdict told by the run with held locks is: that run's (the learner sees the meeting). */
    static final String HELD_LOCKS_TIMELINE = "The timeline is of the second run, the one with held locks.";

    /** {@code r}, whose output was right, refused with {@code told} after the run with held locks {@code held} was refused. */
    private static CheckResult refusedByHeldRun(CheckResult r, String told, Timings timings, CheckResult held) {
        return refused(r, told, timings, held.timeline(), HELD_LOCKS_TIMELINE);
    }

    /** How a learner's refusal by the run with held locks begins ({@link CheckResult#refusedByHeldLocksRun}). */
    public static final String HELD_LOCKS_TOLD = "In a second run, in which each process, the first time it went for a lock while"
            + " holding another, waited ";

    /**
     * What the learner is told of a run with held locks ({@link HeldLocksRun}) that was refused ({@code held}): how it
     * went, what that run's verdict says (where each process waited, the rule it broke), the exercise's message, then the
     * first lines of what it printed or threw.
     */
    private static String heldLocksTold(Exercise ex, CheckResult held, Hold hold) {
        StringBuilder told = new StringBuilder(heldLocksHow(held, hold));
        if (held.missingBehaviour() != null && !held.missingBehaviour().isBlank()) {
            told.append("\n").append(held.missingBehaviour())
                    .append(held.outcome() == Outcome.MISSING_BEHAVIOUR ? hold.note() : "");
        }
        if (!held.explanation().isBlank()) told.append("\n").append(held.explanation());
        told.append("\n").append(ex.heldLocks());
        quoteSecondRun(told, held.outcome() == Outcome.OUTPUT_MISMATCH, held.stdout(), held.outcome() == Outcome.CRASHED,
                held.stderr());
        return told.toString();
    }

    /**
     * How a run with held locks ({@code held}), whose processes waited as {@code hold} says first, went, in a sentence
     * that begins with {@link #HELD_LOCKS_TOLD}.
     */
    private static String heldLocksHow(CheckResult held, Hold hold) {
        String how = switch (held.outcome()) {
            case STUCK -> "got stuck: every process still running waited, and nothing happened";
            case TIMED_OUT -> "did not end within its time limit";
            case CRASHED -> "ended with exit code " + held.exitCode();
            case OUTPUT_MISMATCH -> "printed something else";
            case MISSING_BEHAVIOUR -> "printed the expected output, but its record showed this";
            case OUTPUT_TOO_LARGE -> "printed more than the output's limit";
            default -> "could not be judged";
        };
        return HELD_LOCKS_TOLD + hold.millis() + " ms first (as when the machine pauses a process there, so"
                + " that two processes meet at their locks), the program " + how + "."
                // after "its record showed this." comes what it showed: the note then follows the rule's message
                + (held.outcome() == Outcome.MISSING_BEHAVIOUR ? "" : hold.note());
    }

    /**
     * What the learner is told of a run with held locks ({@code held}) that showed the deadlock a first run's refusal for
     * locks taken in two orders warned of ({@code deadlock}, the {@link EndedDeadlock} sentence): how it went and the
     * deadlock, then the first lines of what it printed or threw. The failures and rules that followed from the
     * deadlock (a {@code LockTimeoutException}, a mover's exit code), and the exercise's advice, which the first
     * refusal said already, are left out: five paragraphs said one thing.
     */
    private static String deadlockWhenHeld(CheckResult held, String deadlock, Hold hold) {
        StringBuilder told = new StringBuilder(heldLocksHow(held, hold) + "\n" + deadlock);
        quoteSecondRun(told, held.outcome() == Outcome.OUTPUT_MISMATCH, held.stdout(), held.outcome() == Outcome.CRASHED,
                held.stderr());
        return told.toString();
    }

    /**
     * The run {@code r}, refused only for taking locks in two orders where no take timed out, passing after a run with
     * held locks passed: there the processes met at their locks and did not deadlock (a timed take backs off when it
     * times out, which a run whose takes never timed out cannot show). Its timeline is the run with held locks' ({@code
     * held}), where the movers met.
     */
    private static CheckResult passedWhenHeld(CheckResult r, Timings timings, CheckResult held, Hold hold) {
        String note = "The locks were taken in two orders, and no take timed out in the run, so it could not show whether a"
                + " mover backs off. A second run, in which each process, the first time it went for a lock while holding another,"
                + " waited " + hold.millis() + " ms first, so that the movers met at their locks, passed: they did not"
                + " deadlock." + hold.note() + " (Taking the locks in one fixed order is simpler, and never has to back off.)";
        return new CheckResult(Outcome.PASSED, List.of(), note, r.exitCode(), r.stdout(), r.stderr(), r.expected(), List.of(),
                null, timings, held.timeline(), HELD_LOCKS_TIMELINE);
    }

    /**
     * The passing result {@code r} after a second run (the canary run, the slowed run) with {@code timings}: refused as a
     * missing behaviour with {@code told}, what the second run showed, or, when {@code told} is null, passing still.
     */
    private static CheckResult refusedIfTold(CheckResult r, String told, Timings timings) {
        return told == null ? r.withTimings(timings) : refused(r, told, timings, r.timeline(), "");
    }

    /**
     * The result {@code r}, whose output was right, refused as a missing behaviour with {@code told}, what a second run
     * showed, and the {@code timeline} of the run {@code timelineRun} names ("": {@code r}'s own).
     */
    private static CheckResult refused(CheckResult r, String told, Timings timings, Timeline timeline, String timelineRun) {
        return new CheckResult(Outcome.MISSING_BEHAVIOUR, List.of(), "", r.exitCode(), r.stdout(), r.stderr(), r.expected(),
                List.of(), told, timings, timeline, timelineRun);
    }

    /** The time limit of a run of {@code ex}: the exercise's, unless the options override it. */
    private Duration limitOf(Exercise ex) {
        return options.timeLimitOverride() != null ? options.timeLimitOverride() : ex.timeLimit();
    }

    /** How a learner's refusal by the slowed run of queue puts begins. */
    public static final String SLOWED_PUTS_TOLD = "In a second run, with each put on a queue made ";
    /** How a learner's refusal by the run with slowed receives begins ({@link CheckResult#refusedBySlowedReceives}). */
    public static final String SLOWED_RECEIVES_TOLD = "In a second run, with each receive on a pipe made ";
    /** How a learner's refusal by the run with a late arrival at a barrier begins ({@link CheckResult#refusedByLateArrival}). */
    public static final String LATE_ARRIVAL_TOLD = "In a second run, in which the last process to arrive at a barrier where"
            + " another waited with a timeout arrived ";
    /** How a learner's refusal by the run with late starts begins ({@link CheckResult#refusedByLateStarts}). */
    public static final String LATE_STARTS_TOLD = "In a second run, in which each start of a process after the first "
            + SlowedRun.STARTS_AFTER + " waited ";

    /**
     * A second run that slows one thing down ({@link SlowedRun}): its system property, and how the learner is told of
     * it (the sentence begins; "the program ..." follows) and what to do ({@code message}, the exercise's); whether
     * a run with the expected output is judged by the exercise's rules too ({@code judgesRules}): not one whose
     * delays alone break a rule (late starts: a wait with a timeout times out, for a process the checker held back).
     */
    private record Slowing(Map<String, String> properties, String told, String note, String message, String which,
            boolean judgesRules) {
        Slowing(Map<String, String> properties, String told, String note, String message, String which) {
            this(properties, told, note, message, which, true);
        }

        /**
         * The slowed runs of {@code ex}: queue puts ({@code slow-puts}), receives on pipes ({@code slow-receives}), a
         * barrier's last arrival ({@code late-arrival}), the starts of processes after the first two ({@code late-starts}).
         * A process held back (a put's stall, a late arrival, a late start) is held longer than the timeouts the
         * program gave ({@code timeouts}) the calls that wait for it ({@link Hold}), and the {@code note} says why when
         * that is more than a second.
         */
        static List<Slowing> of(Exercise ex, Map<String, Long> timeouts) {
            List<Slowing> all = new ArrayList<>();
            if (ex.slowPuts() != null) {
                Hold holdBack = Hold.of(timeouts, SlowedRun.PUTS_OUTWAIT);
                all.add(new Slowing(Map.of(SlowedRun.PROPERTY, Integer.toString(Exercise.SLOW_PUTS_MILLIS),
                        SlowedRun.PAUSE_PROPERTY, Integer.toString(holdBack.millis())), SLOWED_PUTS_TOLD + Exercise.SLOW_PUTS_MILLIS
                        + " ms later and the fifth put of each process " + holdBack.millis()
                        + " ms later still (a slow producer, as on a busy machine), the program ", holdBack.note(), ex.slowPuts(),
                        "the one with slower puts"));
            }
            if (ex.slowReceives() != null) {
                all.add(new Slowing(Map.of(SlowedRun.RECEIVES_PROPERTY, Integer.toString(Exercise.SLOW_RECEIVES_MILLIS)),
                        SLOWED_RECEIVES_TOLD
                        + Exercise.SLOW_RECEIVES_MILLIS + " ms later (a slow reader, as on a busy machine: the messages pile up"
                        + " in the pipes, and a sender may end before its last ones are read), the program ", "", ex.slowReceives(),
                        "the one with slower receives"));
            }
            if (ex.lateArrival() != null) {
                Hold holdBack = Hold.of(timeouts, SlowedRun.LATE_ARRIVAL_OUTWAITS);
                all.add(new Slowing(Map.of(SlowedRun.ARRIVAL_PROPERTY, Integer.toString(holdBack.millis())), LATE_ARRIVAL_TOLD
                        + holdBack.millis() + " ms later (as when the machine pauses a process: the others wait"
                        + " for it that much longer), the program ", holdBack.note(), ex.lateArrival(), "the one with a late arrival"));
            }
            if (ex.lateStarts() != null) {
                Hold holdBack = Hold.of(timeouts, SlowedRun.LATE_STARTS_OUTWAIT);
                all.add(new Slowing(Map.of(SlowedRun.STARTS_PROPERTY, Integer.toString(holdBack.millis())), LATE_STARTS_TOLD
                        + holdBack.millis() + " ms first (as on a busy machine, slow to start a JVM: the processes"
                        + " started first ran alone for a while), the program ", holdBack.note(), ex.lateStarts(),
                        "the one with late starts", false));
            }
            return all;
        }
    }

    /** What a slowed run that refused a program told, and that run's timeline. */
    private record SlowedVerdict(String told, Timeline timeline) {
    }

    /**
     * Runs the compiled program again slowed down as {@code slowing} says: every put on a queue, in every process, made
     * {@link Exercise#SLOW_PUTS_MILLIS} later, and each process's fifth a second later still, or every receive on a pipe
     * made {@link Exercise#SLOW_RECEIVES_MILLIS} later ({@link SlowedRun}), and returns what the learner is told
     * when that run does not give the expected output (its output depended on how fast its processes ran: consumers
     * that stop as soon as the queue is empty for a moment, say): the exercise's message, then what the run printed,
     * or how it ended. Null when it passed.
     * It has the exercise's whole time limit (a slowed run of a correct program takes longer, by its puts), and a
     * program stuck in it is stopped as any other, and told where each of its processes was, as a first run is. A
     * refusal comes with that run's timeline, where it went otherwise.
     */
    private SlowedVerdict slowedVerdict(Exercise ex, SourceCompiler.Compiled compiled, String fileName, String sourceText,
            Slowing slowing) throws CheckerException {
        Path runDir = createRunDir();
        try {
            copyTree(compiled.classesDir(), runDir.resolve(CLASSES));
            JvmRun run = newRun(ex.className(), runDir, JvmFlags.Work.SHORT, slowing.properties());
            Duration limit = limitOf(ex);
            StuckWatch watch = new StuckWatch(runDir.resolve("record.jsonl"), learnerClasses(compiled.classesDir()), limit);
            JvmRun.Result s = run.run(limit, options.outputCapBytes(), watch);
            boolean matches = new OutputMatcher(ex.match(), ex.expectedOutput()).matches(s.stdout());
            String slowed = slowing.told();
            RunRecord slowedRecord = RunRecord.read(runDir.resolve("record.jsonl"));
            Timeline timeline = TimelineBuilder.build(slowedRecord.events(), s.pid(), s.timedOut() || s.stuck() ? epochMicros() : 0);
            BehaviourJudge slowedJudge = new BehaviourJudge(slowedRecord.events(), s.pid(), s.treePids());
            if (s.exitCode() != null && s.exitCode() == 0 && !s.timedOut() && !s.stuck() && !s.outputTooLarge() && matches) {
                if (!slowing.judgesRules()) {
                    return null;
                }
                // The right output, and the rules hold too: a put that comes after what waits for it (a result put
                // after its item was marked done) shows in the order of the record, once the put is late.
                return unmetVerdict(ex, slowedRecord, slowedJudge, true)
                        .map(unmet -> new SlowedVerdict(slowed + "printed the expected output, but its record showed this: "
                                + (unmet.message().isEmpty() ? ProcessFailures.in(slowedJudge).told() : unmet.message())
                                + slowing.note(), timeline))
                        .orElse(null);
            }
            String how = s.stuck() ? "got stuck: every process still running waited, and nothing happened"
                    : s.timedOut() ? "did not end within its time limit of " + Explanations.human(limit)
                    : s.outputTooLarge() ? "printed more than the output's limit"
                    : s.exitCode() == null || s.exitCode() != 0 ? "ended with exit code " + s.exitCode()
                    : "printed something else";
            StringBuilder told = new StringBuilder(slowed + how + "." + slowing.note() + " " + slowing.message());
            if (s.stuck() || s.timedOut()) {
                List<String> where = watch.diagnosis(s.pid(), fileName, sourceText.lines().toList()).lines();
                if (!where.isEmpty()) {
                    told.append("\nWhen it was stopped:\n").append(String.join("\n", where));
                }
            } else {
                // which processes failed where, as a first run's verdict says it (a stuck run's account says it above)
                String failed = ProcessFailures.in(slowedJudge).told();
                if (!failed.isEmpty()) {
                    told.append("\n").append(failed);
                }
            }
            quoteSecondRun(told, !matches, s.stdout(), s.exitCode() == null || s.exitCode() != 0, s.stderr());
            return new SlowedVerdict(told.toString(), timeline);
        } finally {
            SourceCompiler.deleteTree(runDir);
        }
    }

    /** The most lines of a slowed run's output shown. */
    private static final int SLOWED_LINES_SHOWN = 8;

    /**
     * Appends to what the learner is told of a second run (the slowed run, the run with held locks) the first lines of what
     * it printed, when that was wrong ({@code printedWrong}), and of what it wrote on its standard error, when it failed.
     */
    private static void quoteSecondRun(StringBuilder told, boolean printedWrong, String stdout, boolean failed, String stderr) {
        if (printedWrong && !stdout.isBlank()) {
            quoted(told, "What it printed then:", stdout);
        }
        if (failed && !stderr.isBlank()) {
            quoted(told, "What it wrote on its standard error then:", stderr);
        }
    }

    /** {@code title} on a line of its own, then the first {@link #SLOWED_LINES_SHOWN} lines of {@code text}, each after "| ". */
    private static void quoted(StringBuilder told, String title, String text) {
        told.append('\n').append(title);
        List<String> lines = text.lines().toList();
        for (String line : lines.subList(0, Math.min(lines.size(), SLOWED_LINES_SHOWN))) {
            told.append("\n| ").append(line);
        }
        if (lines.size() > SLOWED_LINES_SHOWN) {
            told.append("\n| ... (").append(lines.size() - SLOWED_LINES_SHOWN).append(" more lines)");
        }
    }

    /**
     * Runs the compiled program again with the library altering every value its main process receives from another
     * process or reads from shared memory ({@link Canary}), and returns what the learner is told when it received
     * such values and printed the expected output all the same (then what it printed did not come from its
     * processes), or, for an exercise whose every printed number must come from its processes, printed any of those
     * numbers unchanged; else null. A run that fails in any way (the altered values may well make it) says nothing.
     * It is given twice the first run's time and half a second: a program that does not use what it receives runs
     * as long as before, and one that does may wait for ever for a sentinel the change hid.
     */
    private String canaryVerdict(Exercise ex, SourceCompiler.Compiled compiled, Duration firstRun)
            throws CheckerException {
        Path runDir = createRunDir();
        try {
            copyTree(compiled.classesDir(), runDir.resolve(CLASSES));
            Map<String, String> canaryProperties = new java.util.HashMap<>(Map.of(Canary.PROPERTY, runDir.resolve("canary-count").toString()));
            if (ex.canary().marksFailures()) {
                canaryProperties.put(Canary.FAILURES_PROPERTY, "true");
            }
            if (ex.canary().sparesTheFirst()) {
                canaryProperties.put(Canary.SPARE_FIRST_PROPERTY, "true");
            }
            JvmRun run = newRun(ex.className(), runDir, JvmFlags.Work.SHORT, canaryProperties);
            Duration limit = limitOf(ex);
            Duration enough = firstRun.multipliedBy(2).plusMillis(CANARY_MARGIN_MILLIS);
            enough = enough.compareTo(CANARY_FLOOR) < 0 ? CANARY_FLOOR : enough;
            limit = enough.compareTo(limit) < 0 ? enough : limit;
            JvmRun.Result c = run.run(limit, options.outputCapBytes(),
                    new StuckWatch(runDir.resolve("record.jsonl"), learnerClasses(compiled.classesDir()), limit));
            CanaryCount count = CanaryCount.of(runDir).orElse(null);
            // A run that altered all it received judges what it printed; so does one that received nothing at all from
            // its processes (its main printed values it worked out or wrote out: exercise 5's literals passed).
            boolean allAltered = count != null && count.altered() > 0 && count.leftAsIs() == 0;
            boolean receivedNothing = count != null && count.altered() == 0 && count.leftAsIs() == 0;
            if (c.exitCode() == null || c.exitCode() != 0 || c.timedOut() || c.stuck() || c.outputTooLarge()
                    || !(allAltered || receivedNothing)) {
                return null;
            }
            String nothing = receivedNothing ? " " + CANARY_RECEIVED_NOTHING : "";
            CanaryRun canary = ex.canary();
            List<String> expected = numbers(ex.expectedOutput());
            if (canary.message() != null && new OutputMatcher(ex.match(), ex.expectedOutput()).matches(c.stdout())) {
                return canary.told(expected.size(), expected.size()) + nothing;
            }
            int kept = canary.everyNumber() ? unchangedNumbers(expected, numbers(c.stdout())) : 0;
            if (kept > 0) {
                return canary.told(kept, expected.size()) + nothing;
            }
            Optional<String> unchanged = unchangedLine(canary, ex.expectedOutput(), c.stdout()).map(CanaryRun.Line::message);
            if (unchanged.isPresent()) {
                return unchanged.get();
            }
            if (canary.sameLines() != null && !sameLinesButNumbers(ex.expectedOutput(), c.stdout())) {
                StringBuilder told = new StringBuilder(canary.sameLines());
                if (c.stdout().isBlank()) {
                    told.append("\nIt printed nothing then.");
                }
                quoteSecondRun(told, true, c.stdout(), false, "");
                return told.toString();
            }
            return null;
        } finally {
            SourceCompiler.deleteTree(runDir);
        }
    }

    /**
     * A run's verdict and, when it was refused for a speed-up that fell short by little, what it measured
     * (see {@link BehaviourJudge#REMEASURE_FROM}), else null; the rule it did not meet, if that refused it; and the
     * sentence of a deadlock that a timeout ended in it ({@link EndedDeadlock}), if its verdict told one.
     */
    private record Judged(CheckResult result, String nearMiss, BehaviourRule unmet, String deadlock, Map<String, Long> timeouts) {
        Judged(CheckResult result, String nearMiss, BehaviourRule unmet, String deadlock) {
            this(result, nearMiss, unmet, deadlock, Map.of());
        }

        Judged(CheckResult result) {
            this(result, null, null, null);
        }

        Judged(CheckResult result, String deadlock) {
            this(result, null, null, deadlock);
        }

        Judged(CheckResult result, String nearMiss, BehaviourRule unmet) {
            this(result, nearMiss, unmet, null);
        }

        /** This, with the longest timeout its run's program gave each call of the library ({@code timeout-given}). */
        Judged withTimeouts(Map<String, Long> given) {
            return new Judged(result, nearMiss, unmet, deadlock, given);
        }

        /** True when a rule that locks be taken in one order refused the run. */
        boolean refusedForLockOrder() {
            return unmet != null && unmet.kind() == BehaviourRule.Kind.ONE_ORDER;
        }
    }

    /**
     * Runs the compiled program once and judges the run. {@code firstNearMiss} is what a first run of the same
     * check measured when this run measures it again (null on a first run), for the learner to read beside this
     * run's figures; a run that measures again is never itself a near miss.
     */
    private Judged run(Exercise ex, Path source, String sourceText, SourceCompiler.Compiled compiled, long t0,
            String firstNearMiss) throws CheckerException {
        return run(ex, source, sourceText, compiled, t0, firstNearMiss, Map.of());
    }

    /** {@link #run}, with the system properties {@code extra} given to the program's JVM (and its children) besides. */
    private Judged run(Exercise ex, Path source, String sourceText, SourceCompiler.Compiled compiled, long t0,
            String firstNearMiss, Map<String, String> extra) throws CheckerException {
        Duration compileTime = compiled.took();
        Duration limit = limitOf(ex);
        // A program whose speed-up is measured runs with the optimizing compiler, as the pool workers
        // it is compared with do: a serial version held back by a lesser compiler would flatter them. A
        // JVM started ahead of time has the quick compiler only, so it waits for the next check.
        boolean measured = measured(ex);
        Prepared prepared = measured || !extra.isEmpty() ? null : takePrepared();   // a JVM started ahead has no extra
        Path runDir = prepared != null ? prepared.runDir() : createRunDir();
        try {
            Path record = runDir.resolve("record.jsonl");
            Path classes = runDir.resolve(CLASSES);
            copyTree(compiled.classesDir(), classes);
            JvmRun run = newRun(ex.className(), runDir, measured ? JvmFlags.Work.LONG : JvmFlags.Work.SHORT, extra);
            StuckWatch watch = new StuckWatch(record, learnerClasses(compiled.classesDir()), limit);
            long runStartedMicros = epochMicros();
            JvmRun.Result r = run.run(limit, options.outputCapBytes(), watch, prepared != null ? prepared.jvm() : null);
            long judgeNanos = System.nanoTime();
            lastRun = r;
            String stderr = new StderrTrimmer(learnerClasses(compiled.classesDir())).trim(r.stderr());
            // One read of the record, under its size caps, serves the timeline and the behaviour rules.
            RunRecord rec = RunRecord.read(record);
            Map<String, Long> timeouts = timeoutsGiven(rec.events());
            Timeline timeline = TimelineBuilder.build(rec.events(), r.pid(), r.timedOut() || r.stuck() ? epochMicros() : 0);
            Duration start = mainCalledMicros(runDir).map(at -> Duration.ofNanos(Math.max(0, at - runStartedMicros) * 1000))
                    .orElse(Duration.ZERO);
            // Judging is what follows the run: the record, the timeline, the comparison and the rules (below).
            java.util.function.Supplier<Timings> timings = () -> Timings.oneRun(compileTime, start, r.elapsed(), since(judgeNanos),
                    since(t0), compiled.cached());

            if (r.outputTooLarge()) {
                return new Judged(result(Outcome.OUTPUT_TOO_LARGE, Explanations.outputTooLarge(options.outputCapBytes()), r,
                        stderr, ex, List.of(), null, timings.get(), timeline)).withTimeouts(timeouts);
            }
            // Processes whose task threw (a child's, or main): told before what followed from them (a stuck run's Diagnosis tells them).
            // One judge of the record, the run's own processes told from the rest, serves every question asked of it below.
            BehaviourJudge judge = new BehaviourJudge(rec.events(), r.pid(), r.treePids());
            ProcessFailures failed = ProcessFailures.in(judge);
            if (r.stuck() || r.timedOut()) {
                Diagnosis diagnosis = watch.diagnosis(r.pid(), source.getFileName().toString(), sourceText.lines().toList());
                List<String> where = diagnosis.lines();
                return new Judged(r.stuck()
                        ? result(Outcome.STUCK, Explanations.stuck(r.elapsed(), watch.quiet(), where, diagnosis.waitsOfTheJdk()), r, stderr, ex,
                                List.of(), null, timings.get(), timeline)
                        : result(Outcome.TIMED_OUT, Explanations.timedOut(limit, where), r, stderr, ex, List.of(), null,
                                timings.get(), timeline)).withTimeouts(timeouts);
            }
            if (r.exitCode() == null || r.exitCode() != 0) {
                String deadlock = EndedDeadlock.in(rec.events()).orElse(null);
                String why = withDeadlock(lines(r.exitCode() == null ? "The program did not end by itself." : Explanations.crashed(r.exitCode()),
                        failed.told(), noProcessBeforeTheCrash(ex, rec, judge, r)), deadlock);
                return new Judged(result(Outcome.CRASHED, why, r, stderr, ex, List.of(), null, timings.get(), timeline), deadlock)
                        .withTimeouts(timeouts);
            }
            OutputMatcher matcher = new OutputMatcher(ex.match(), ex.expectedOutput());
            if (!matcher.matches(r.stdout())) {
                // What failed first, then what the rules miss (often a consequence: a refused signalAll is no signal).
                String deadlock = EndedDeadlock.in(rec.events()).orElse(null);
                return new Judged(result(Outcome.OUTPUT_MISMATCH, withDeadlock(lines(failed.told(), alsoUnmet(ex, rec, judge, sourceText)), deadlock), r, stderr, ex,
                        matcher.diff(r.stdout()), null, timings.get(), timeline), deadlock).withTimeouts(timeouts);
            }
            // A busy wait, in any exercise: the output may be right, but a processor was kept busy waiting.
            Optional<String> busy = rec.problem() != null ? Optional.empty() : busyWait(judge);
            if (busy.isPresent()) {
                return new Judged(result(Outcome.MISSING_BEHAVIOUR, "", r, stderr, ex, List.of(), lines(failed.told(), busy.get()),
                        timings.get(), timeline)).withTimeouts(timeouts);
            }
            if (!ex.behaviour().isEmpty()) {
                if (rec.problem() != null) {
                    return new Judged(result(Outcome.RECORD_UNUSABLE, rec.problem(), r, stderr, ex, List.of(), null,
                            timings.get(), timeline)).withTimeouts(timeouts);
                }
                int cpus = Runtime.getRuntime().availableProcessors();
                Optional<BehaviourJudge.Verdict> unmet = judge.verdict(ex.behaviour(), cpus);
                if (unmet.isPresent()) {
                    // What failed first (a child's task that threw, or returned with its threads still running).
                    String message = lines(failed.told(), unmet.get().message(), beside(ex, rec, judge, unmet.get().rule(), sourceText));
                    if (firstNearMiss != null) {
                        message += " " + Explanations.measuredAgain(firstNearMiss);
                    }
                    return new Judged(result(Outcome.MISSING_BEHAVIOUR, "", r, stderr, ex, List.of(), message,
                            timings.get(), timeline), firstNearMiss == null ? unmet.get().nearMiss() : null, unmet.get().rule())
                            .withTimeouts(timeouts);
                }
                // What a passing run measured (a speed-up), for the learner to see.
                String notes = String.join("\n", judge.notes(ex.behaviour(), cpus));
                if (firstNearMiss != null) {
                    notes += (notes.isEmpty() ? "" : " ") + Explanations.measuredAgain(firstNearMiss);
                }
                if (!notes.isEmpty()) {
                    return new Judged(result(Outcome.PASSED, notes, r, stderr, ex, List.of(), null, timings.get(),
                            timeline)).withTimeouts(timeouts);
                }
            }
            return new Judged(result(Outcome.PASSED, "", r, stderr, ex, List.of(), null, timings.get(), timeline))
                    .withTimeouts(timeouts);
        } finally {
            SourceCompiler.deleteTree(runDir);
        }
    }

    /**
     * For a run whose output is wrong, what its record shows missing as well (the first behaviour rule not met, a
     * speed-up aside: it is measured on right programs), often the cause: a lock each worker made for itself, say.
     * "" when every rule is met, or the exercise has none, or the record cannot be judged.
     */
    private static String alsoUnmet(Exercise ex, RunRecord rec, BehaviourJudge judge, String sourceText) {
        return unmetVerdict(ex, rec, judge, false).filter(v -> !v.message().isEmpty()) // a failure's, told already
                .map(v -> lines("The run also shows: " + v.message(), beside(ex, rec, judge, v.rule(), sourceText))).orElse("");
    }

    /** What is told beside the unmet rule {@code rule}: why {@code synchronized} kept no process out, that no process ran. */
    private static String beside(Exercise ex, RunRecord rec, BehaviourJudge judge, BehaviourRule rule, String sourceText) {
        return lines(aboutLocks(rule, sourceText), noProcessStarted(ex, rec, judge, rule));
    }

    /**
     * {@link Explanations#NO_PROCESS_STARTED} for a run of an exercise that asks for processes when it started none, told
     * beside {@code unmet}; else "". Not beside a rule of starts or of a pool's making, which says as much itself ("No child
     * process was started: call `p.start()`", a starter's first refusal).
     */
    private static String noProcessStarted(Exercise ex, RunRecord rec, BehaviourJudge judge, BehaviourRule unmet) {
        boolean ofStarts = unmet != null && (unmet.event().equals(RecordEvent.PROCESS_START.wireName())
                || unmet.event().equals(RecordEvent.POOL_CREATE.wireName()));
        boolean none = !ofStarts && rec.problem() == null && BehaviourJudge.askForProcesses(ex.behaviour()) && !judge.anyProcessStarted();
        return none ? Explanations.NO_PROCESS_STARTED : "";
    }

    /**
     * Said beside an unmet rule of locks (a lock taken, an increment made holding one) when the program uses
     * {@code synchronized}: why that kept no other process out ({@link Explanations#synchronizedNote}); else "".
     */
    private static String aboutLocks(BehaviourRule rule, String sourceText) {
        boolean ofLocks = rule != null && (rule.event().equals(RecordEvent.LOCK_ACQUIRE.wireName()) || rule.where().containsKey("holding"));
        return ofLocks ? Explanations.synchronizedNote(sourceText) : "";
    }

    /**
     * The first behaviour rule that {@code r}'s record does not meet, and its message, a speed-up aside (it is measured
     * on right programs, in a first run); empty when every rule is met, or the exercise has none, or the record cannot
     * be judged. {@code outputRight} says whether the run printed the expected output.
     */
    private static Optional<BehaviourJudge.Verdict> unmetVerdict(Exercise ex, RunRecord rec, BehaviourJudge judge, boolean outputRight) {
        if (ex.behaviour().isEmpty() || rec.problem() != null) {
            return Optional.empty();
        }
        List<BehaviourRule> rules = ex.behaviour().stream().filter(b -> b.kind() != BehaviourRule.Kind.SPEEDUP).toList();
        return judge.verdict(rules, Runtime.getRuntime().availableProcessors(), outputRight);
    }

    /**
     * For a crashed run of an exercise that asks for processes, when the record shows that it started none: that
     * everything it ran, ran in the main process, naming the threads of its own whose exceptions standard error shows
     * (a learner who used threads reads "closed in this process" and does not know that the filters were not
     * processes). "" otherwise.
     */
    private static String noProcessBeforeTheCrash(Exercise ex, RunRecord rec, BehaviourJudge judge, JvmRun.Result r) {
        if (rec.problem() != null || !BehaviourJudge.askForProcesses(ex.behaviour()) || judge.anyProcessStarted()) {
            return "";
        }
        return Explanations.noProcessBeforeTheCrash(threadsThatThrew(r.stderr()));
    }

    private static final java.util.regex.Pattern THREAD_THREW = java.util.regex.Pattern.compile("^Exception in thread \"([^\"]+)\"",
            java.util.regex.Pattern.MULTILINE);

    /** The threads, but main, whose uncaught exception {@code stderr} shows (the JDK's "Exception in thread "name""), in order. */
    static List<String> threadsThatThrew(String stderr) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher m = THREAD_THREW.matcher(stderr);
        while (m.find()) {
            if (!m.group(1).equals("main")) names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    /** What the learner is told of the first busy wait the record shows ({@code busy-wait}), if any. */
    private static Optional<String> busyWait(BehaviourJudge judge) {
        return judge.ownEvents(RecordEvent.BUSY_WAIT).stream().findFirst()
                .map(e -> Explanations.busyWait(e.get("proc") instanceof String p ? p : "a process",
                        e.get("call") instanceof String c ? c : "a probe", e.get("at") instanceof String a ? a : null,
                        e.get("times") instanceof Number n ? n.intValue() : 0,
                        e.get("betweenNs") instanceof Number b ? b.longValue() : 0));
    }

    /** The non-empty ones of {@code parts}, a line each. */
    private static String lines(String... parts) {
        return java.util.Arrays.stream(parts).filter(p -> !p.isEmpty()).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** {@code explanation}, after {@code deadlock}, the sentence of a deadlock that a timeout ended ({@link EndedDeadlock}), if any. */
    private static String withDeadlock(String explanation, String deadlock) {
        return deadlock == null ? explanation : explanation.isEmpty() ? deadlock : deadlock + "\n" + explanation;
    }

    /** Said after a canary's message when the canary run received no value from another process at all. */
    static final String CANARY_RECEIVED_NOTHING = "(The main process received no value from another process then, nor read"
            + " one from shared memory: nothing it printed came from its processes.)";

    /** How many values the canary run received from other processes and altered, and how many it left as they were. */
    private record CanaryCount(long altered, long leftAsIs) {
        /** The count the canary run in {@code runDir} wrote at its exit ("altered left-as-is"); empty when it wrote none. */
        static Optional<CanaryCount> of(Path runDir) {
            try {
                String[] counts = Files.readString(runDir.resolve("canary-count")).trim().split(" ");
                return Optional.of(new CanaryCount(Long.parseLong(counts[0]), Long.parseLong(counts[1])));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

    /** The numbers in {@code text}, in order, as written. */
    static List<String> numbers(String text) {
        List<String> found = new ArrayList<>();
        java.util.regex.Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /**
     * How many of the {@code expected} numbers the canary run printed unchanged, each in its place; 0 when it printed
     * another count of numbers (its output is laid out otherwise: nothing to compare number by number).
     */
    static int unchangedNumbers(List<String> expected, List<String> printed) {
        if (expected.size() != printed.size()) {
            return 0;
        }
        int kept = 0;
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).equals(printed.get(i))) {
                kept++;
            }
        }
        return kept;
    }

    /**
     * The first of the canary run's {@code lines} that {@code printed} holds unchanged, where it holds as many lines as
     * {@code expected} (else its lines are laid out otherwise: nothing to compare line by line); empty when none is.
     */
    static Optional<CanaryRun.Line> unchangedLine(CanaryRun canary, String expected, String printed) {
        List<String> want = expected.lines().map(String::strip).toList();
        List<String> got = printed.lines().map(String::strip).toList();
        if (want.size() != got.size()) {
            return Optional.empty();
        }
        return canary.lines().stream().filter(l -> l.line() <= want.size() && want.get(l.line() - 1).equals(got.get(l.line() - 1)))
                .findFirst();
    }

    /** A number as {@link #sameLinesButNumbers} reads it: a sign, digits, a fraction. */
    private static final java.util.regex.Pattern ANY_NUMBER = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?");

    /**
     * True when {@code printed} has the lines of {@code expected} but for their numbers: as many lines, each the same
     * once every number in both is taken out (white space at the ends of a line aside). The canary run's check of an
     * exercise whose altered values only change numbers the program prints ({@link CanaryRun#sameLines()}).
     */
    static boolean sameLinesButNumbers(String expected, String printed) {
        List<String> want = expected.lines().map(l -> ANY_NUMBER.matcher(l.strip()).replaceAll("#")).toList();
        List<String> got = printed.lines().map(l -> ANY_NUMBER.matcher(l.strip()).replaceAll("#")).toList();
        return want.equals(got);
    }

    /** What the canary run is given beyond twice the first run's time. */
    static final long CANARY_MARGIN_MILLIS = 500;
    /**
     * The least time a canary run is given (within the exercise's limit): a run cut short says nothing, and on a loaded
     * machine twice a short first run was too little for a second run of the same program, so that one that printed
     * values it worked out itself passed. A canary run ends as soon as the program does: a program that ends costs nothing
     * more; one whose altered values keep it going costs this.
     */
    static final Duration CANARY_FLOOR = Duration.ofSeconds(5);

    /** The folder, in a run's folder, where the learner's classes are copied to run. */
    private static final String CLASSES = "classes";

    /** A run's folder and a JVM started ahead for it (see {@link #prepare}). */
    private record Prepared(Path runDir, JvmRun.Standby jvm) {
    }

    private final java.util.concurrent.atomic.AtomicReference<Prepared> prepared = new java.util.concurrent.atomic.AtomicReference<>();

    private JvmRun newRun(String mainClass, Path runDir, JvmFlags.Work work) {
        return newRun(mainClass, runDir, work, Map.of());
    }

    /** A run of {@code mainClass} in {@code runDir}, recorded, with {@code extra} system properties besides. */
    private JvmRun newRun(String mainClass, Path runDir, JvmFlags.Work work, Map<String, String> extra) {
        Map<String, String> properties = new java.util.HashMap<>(extra);
        properties.put(RECORD_PROPERTY, runDir.resolve("record.jsonl").toString());
        properties.put(RunMain.MAIN_AT_PROPERTY, runDir.resolve("main-at").toString());
        return new JvmRun(runClassPath(runDir.resolve(CLASSES)), mainClass, runDir, properties, work);
    }

    /**
     * Starts the JVM of the next check ahead of it, when none is ready: the next {@link #check}
     * then runs the program at once in it instead of waiting for a JVM to start (and a check's
     * compile and the JVM's start overlap). Call {@link #discardPrepared} when no check follows.
     *
     * @throws CheckerException if the library cannot be found or the JVM cannot be started
     */
    public void prepare() throws CheckerException {
        Prepared p = prepared.get();
        if (p != null && p.jvm().alive() || ahead.get() != null) {
            return; // one is ready, or a check begun ahead has taken it (a second JVM would slow its run)
        }
        compiler();
        Path runDir = createRunDir();
        try {
            Files.createDirectories(runDir.resolve(CLASSES));
            Prepared fresh = new Prepared(runDir, newRun(RunMain.STANDBY, runDir, JvmFlags.Work.SHORT).standby());
            Prepared old = prepared.getAndSet(fresh);
            if (old != null) {
                discard(old);
            }
        } catch (IOException e) {
            SourceCompiler.deleteTree(runDir);
            throw new CheckerException("Cannot create a folder for the run in " + runDir + ": " + e.getMessage(), e);
        } catch (CheckerException e) {
            SourceCompiler.deleteTree(runDir);
            throw e;
        }
    }

    private final java.util.concurrent.atomic.AtomicLong checksStarted = new java.util.concurrent.atomic.AtomicLong();

    /** Compiles made by {@link #warmUpCompiler}: after the first one of a JVM, javac's JIT is warm in two more. */
    static final int WARM_UP_COMPILES = 3;

    /**
     * Readies this JVM's compiler for the next check while nothing else is asked of it: compiles the
     * current text of {@code source} a few times, on a background thread, into folders it deletes (the
     * compile cache is not touched, the verdicts do not change). The first compiles of a JVM run cold
     * code (0.5 s, then 0.15-0.25 s); after a few a small file takes ~50 ms. It stops as soon as a
     * check starts, and a check never waits for it. For {@code watch}, between saves.
     */
    public void warmUpCompiler(Path source) {
        long started = checksStarted.get();
        Thread t = new Thread(() -> {
            try {
                String text = Files.readString(source);
                compiler().warmUp(source, text, WARM_UP_COMPILES, () -> checksStarted.get() != started);
            } catch (IOException | CheckerException | RuntimeException e) {
                // warming is a convenience: the next check compiles all the same
            }
        }, "mp-check-warm-javac");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Ends what this checker started ahead of being asked and no check took: a check begun by
     * {@link #checkAhead} (its run with it; this waits until it has ended) and the JVM started by {@link #prepare}.
     */
    public void discardPrepared() {
        Ahead a = ahead.getAndSet(null);
        if (a != null) {
            a.discard();
        }
        Prepared p = prepared.getAndSet(null);
        if (p != null) {
            discard(p);
        }
    }

    private static void discard(Prepared p) {
        p.jvm().close();
        SourceCompiler.deleteTree(p.runDir());
    }

    private Prepared takePrepared() {
        Prepared p = prepared.getAndSet(null);
        if (p != null && !p.jvm().alive()) {
            discard(p);
            return null;
        }
        return p;
    }

    private static void copyTree(Path from, Path to) throws CheckerException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new CheckerException("Cannot copy the compiled classes to " + to + ": " + e.getMessage(), e);
        }
    }

    /** When the program's main was called, as {@link RunMain} wrote it, in epoch microseconds. */
    private static Optional<Long> mainCalledMicros(Path runDir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(runDir.resolve("main-at")).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static CheckResult result(Outcome outcome, String explanation, JvmRun.Result r, String stderr,
            Exercise ex, List<DiffLine> diff, String missing, Timings timings, Timeline timeline) {
        return new CheckResult(outcome, List.of(), explanation, r.exitCode(), r.stdout(), stderr,
                ex.expectedOutput(), diff, missing, timings, timeline);
    }

    private SourceCompiler compiler() throws CheckerException {
        SourceCompiler c = compiler;
        if (c == null) {
            synchronized (this) {
                if (compiler == null) {
                    library = LibraryLocator.locate();
                    compiler = new SourceCompiler(library, options.cacheDir());
                }
                c = compiler;
            }
        }
        return c;
    }

    /** The library, the launcher ({@link RunMain}) when it lives elsewhere, and the learner's classes. */
    List<String> runClassPath(Path classesDir) {
        Path launcher = LibraryLocator.codeSourceOf(RunMain.class);
        if (launcher == null || launcher.equals(library)) {
            return List.of(library.toString(), classesDir.toString());
        }
        return List.of(library.toString(), launcher.toString(), classesDir.toString());
    }

    /** The jar or directory of the mp library that learner programs use. */
    public Path libraryPath() throws CheckerException {
        compiler();
        return library;
    }

    private static String readSource(Path source) throws CheckerException {
        try {
            return Files.readString(source);
        } catch (NoSuchFileException e) {
            throw new CheckerException("There is no file " + source + " to check", e);
        } catch (CharacterCodingException e) {
            throw new CheckerException(source + " is not UTF-8 text: save it as UTF-8 and check again", e);
        } catch (IOException e) {
            throw new CheckerException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new folder for a run (its record, its copy of the classes), under the cache's {@code runs}:
     * beside the compiled classes, and named on the run's command line as they used to be.
     */
    private Path createRunDir() throws CheckerException {
        Path runs = options.cacheDir().resolve("runs");
        try {
            Files.createDirectories(runs);
            return UniqueNames.newFolder(runs, "run-");
        } catch (IOException e) {
            throw new CheckerException("Cannot create a folder for the run in " + runs + ": " + e.getMessage(), e);
        }
    }

    /** Top-level class names compiled from the learner's file: {@code Foo.class}, {@code Foo$1.class} give Foo. */
    private static Set<String> learnerClasses(Path classesDir) {
        try (Stream<Path> s = Files.list(classesDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .map(n -> n.contains("$") ? n.substring(0, n.indexOf('$')) : n)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
