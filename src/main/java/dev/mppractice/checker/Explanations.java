package dev.mppractice.checker;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** The plain-text explanations a learner gets besides the raw facts. */
final class Explanations {
    private static final Pattern SINGLE_IMPORT = Pattern.compile(
            "(?m)^\\s*import\\s+dev\\.mppractice\\.mp\\.Process\\s*;");

    private Explanations() {
    }

    static final String PROCESS_AMBIGUOUS =
            "`Process` names two classes here: java.lang.Process (the JDK's class for running other programs,"
            + " imported into every file) and dev.mppractice.mp.Process (from the wildcard import"
            + " dev.mppractice.mp.*), so Java refuses to guess. Add this line beside your other imports:\n"
            + "    import dev.mppractice.mp.Process;\n"
            + "A single-class import wins over both wildcards.";

    static final String PROCESS_IS_JAVA_LANG =
            "`Process` here means java.lang.Process, the JDK's class for running other programs, because"
            + " nothing imports the library's Process. Add this line at the top of the file:\n"
            + "    import dev.mppractice.mp.Process;";

    /** An explanation for compile errors that have a well-known cause, or "". */
    static String forCompileErrors(List<CompileError> errors, List<String> codes, String source) {
        for (int i = 0; i < errors.size(); i++) {
            String code = i < codes.size() ? codes.get(i) : "";
            String msg = errors.get(i).message();
            if ("compiler.err.ref.ambiguous".equals(code) && msg.contains("dev.mppractice.mp.Process")
                    && msg.contains("java.lang.Process")) {
                return PROCESS_AMBIGUOUS;
            }
        }
        if (!SINGLE_IMPORT.matcher(source).find()) {
            for (CompileError e : errors) {
                String msg = e.message();
                if (msg.contains("java.lang.Process") || msg.startsWith("Process is abstract")
                        || (msg.contains("class Process") && msg.contains("cannot be applied"))) {
                    return PROCESS_IS_JAVA_LANG;
                }
            }
        }
        return "";
    }

    private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;");

    static String missingClass(String className, String source) {
        if (PACKAGE_LINE.matcher(source).find()) {
            return "Remove the `package` line: the exercise runs " + className + " from the default package.";
        }
        return "The file must declare `public class " + className + "` with a main method: the exercise runs "
                + className + ".";
    }

    static String timedOut(Duration limit) {
        return timedOut(limit, List.of());
    }

    /** The time limit was hit; {@code where} says where each process was then (from the run record and thread dumps). */
    static String timedOut(Duration limit, List<String> where) {
        String stopped = "The run was stopped after " + human(limit) + ", its time limit, with every process it started.";
        if (!where.isEmpty()) {
            return stopped + " When it was stopped:\n" + String.join("\n", where);
        }
        return stopped
                + " The usual causes of a hang in process code: a get() on a Queue that nothing puts on (or that"
                + " gets more items than were put), a recv() on a Pipe that nobody sends on, a join() on a"
                + " process that never ends, or a loop that waits for a condition no process changes.";
    }

    /**
     * Every process waited in the library (or, {@code inTheJdk}, some in a wait of the JDK's without a timeout), with
     * nothing happening, for {@code quiet}: {@code where} says where.
     */
    static String stuck(Duration elapsed, Duration quiet, List<String> where, boolean inTheJdk) {
        return "The run was stopped after " + String.format(java.util.Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0)
                + ": for " + String.format(java.util.Locale.ROOT, "%.1f s", quiet.toMillis() / 1000.0)
                + " every one of its processes still running had been waiting in a call of the library"
                + (inTheJdk ? " or in a wait of the JDK's without a timeout" : "") + ", and nothing happened.\n"
                + String.join("\n", where);
    }

    static String outputTooLarge(long capBytes) {
        return "The run printed more than " + human(capBytes) + ", so it was stopped and its output cut there."
                + " Look for a print inside a loop that does not end.";
    }

    static String crashed(int exitCode) {
        if (exitCode == 137) {
            return "The program was killed (exit code 137: SIGKILL), often because it ran out of memory.";
        }
        if (exitCode == 143) return "The program was stopped by SIGTERM (exit code 143).";
        return "The program ended with exit code " + exitCode + " instead of 0.";
    }

    /**
     * Said of a crashed run that started no process, in an exercise that asks for processes; {@code threads} are the
     * program's threads whose exceptions its standard error shows (none: the sentence is about processes alone).
     */
    static String noProcessBeforeTheCrash(List<String> threads) {
        String said = "The program started no process before it ended: everything it ran, ran in the main process.";
        if (threads.isEmpty()) return said;
        String which = BehaviourJudge.and(threads) + (threads.size() == 1 ? ", whose exception is" : ", whose exceptions are");
        return said + " " + which + " below, " + (threads.size() == 1 ? "is a thread" : "are threads") + " of the main"
                + " process, and share" + (threads.size() == 1 ? "s" : "") + " its memory and every object in it with its"
                + " other threads. Start the work in processes, with `new Process(...)` or a pool, as the exercise asks:"
                + " each has objects of its own.";
    }

    /**
     * Said beside an unmet rule when a program of an exercise that asks for processes started none (exercise 7 done with
     * the JDK's ExecutorService was told only that fewer than five tasks were submitted with applyAsync).
     */
    static final String NO_PROCESS_STARTED = "The program started no process: everything it ran, ran in the main process."
            + " Threads, the JDK's executors and parallel streams all run inside one process; the exercise asks for processes"
            + " of the library (`new Process(...)`, a `Pool`).";

    /** Said beside a rule of locks that a program using {@code synchronized} did not meet ({@link #synchronizedNote}). */
    static final String SYNCHRONIZED_NOTE = "The program uses `synchronized`, which locks within one JVM only: each process"
            + " is a JVM of its own, with its own copy of every object, so a `synchronized` method or block keeps no other"
            + " process out.";

    /** Code, its comments and string literals taken out: {@code //...}, block comments, {@code "..."}, {@code '...'}. */
    private static final java.util.regex.Pattern NOT_CODE = java.util.regex.Pattern.compile(
            "//[^\n]*|/\\*(?s:.*?)\\*/|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'");
    private static final java.util.regex.Pattern SYNCHRONIZED = java.util.regex.Pattern.compile("\\bsynchronized\\b");

    /** {@link #SYNCHRONIZED_NOTE} when {@code source}'s code (not its comments or strings) says {@code synchronized}; else "". */
    static String synchronizedNote(String source) {
        String code = NOT_CODE.matcher(source).replaceAll(" ");
        return SYNCHRONIZED.matcher(code).find() ? SYNCHRONIZED_NOTE : "";
    }

    /** What every refusal for a busy wait says ({@link CheckResult#refusedForBusyWait}). */
    static final String BUSY_WAIT_TOLD = " on average): a busy wait, which keeps a processor busy";

    /**
     * Said of a busy wait ({@code busy-wait}): {@code who} asked {@code call} ({@code Queue.isEmpty}) {@code times} times in
     * a row at {@code at} (null: not known), finding nothing ready each time, and spent {@code betweenNs} nanoseconds on
     * average between two questions.
     */
    static String busyWait(String who, String call, String at, int times, long betweenNs) {
        String method = call.substring(call.indexOf('.') + 1);
        String instead = switch (call) {
            case "Queue.isEmpty", "Queue.getNowait" -> "Call `get()`, which waits for the next item without using a processor"
                    + " (or `get(timeout)`, to wait at most that long).";
            case "Connection.poll" -> "Call `recv()`, which waits for the next message without using a processor (or"
                    + " `poll(timeout)`, to wait at most that long; `Multiprocessing.waitFor` waits for whichever of several is"
                    + " ready).";
            case "AsyncResult.ready" -> "Call `get()`, which waits for the result without using a processor (or"
                    + " `waitFor(timeout)`, to wait at most that long).";
            case "Process.isAlive" -> "Call `join()`, which waits for the process to end without using a processor (or"
                    + " `join(timeout)`, to wait at most that long).";
            case "Event.isSet" -> "Call `await()`, which waits for the event without using a processor (or `await(timeout)`,"
                    + " to wait at most that long).";
            default -> "Call the method that waits, which uses no processor while it waits.";
        };
        return who + " called `" + method + "()` " + String.format(java.util.Locale.ROOT, "%,d", times) + " times in a row"
                + (at == null ? "" : " at " + at) + ", and each time " + switch (call) {
                    case "Queue.isEmpty", "Queue.getNowait" -> "the queue was empty";
                    case "Connection.poll" -> "nothing had come";
                    case "AsyncResult.ready" -> "the result was not ready";
                    case "Process.isAlive" -> "the process was still running";
                    case "Event.isSet" -> "the event was not set";
                    default -> "nothing was ready";
                } + ", doing next to nothing in between (" + betweenNs + " ns" + BUSY_WAIT_TOLD + " asking while other processes"
                + " need it for their work. " + instead;
    }

    /** Said beside the figures of a second run, made because the first measured a speed-up just short of the one asked. */
    static String measuredAgain(String firstRun) {
        return "(A first run measured " + firstRun + ", close to the speed-up asked, so the program was run again: the"
                + " figures above are the second run's.)";
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) return (ms / 60_000) + (ms == 60_000 ? " minute" : " minutes");
        if (ms % 1000 == 0) return (ms / 1000) + (ms == 1000 ? " second" : " seconds");
        if (ms < 1000) return ms + " ms";   // a timeout of 20 ms was told as "0.0 seconds"
        return String.format("%.1f seconds", ms / 1000.0);
    }

    static String human(long bytes) {
        if (bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes % 1024 == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }
}
