package dev.mppractice.checker;

import dev.mppractice.mp.internal.SleepWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a process of the run is in the learner's code, from a thread dump taken with the JDK's
 * {@code jcmd <pid> Thread.print} (the JDK that runs the checker; about 0.3-0.8 s on 2 cores).
 * Used when a run hits its time limit, for the processes that are not waiting in the library, and before a run is
 * called stuck, to see that no thread of the learner's goes on by itself ({@link StuckWatch}).
 */
final class ThreadDump {
    /**
     * A thread of the learner's: its state, its topmost frame, the topmost frame in the learner's code, and whether a
     * frame of the library lies above that one ({@code inLibrary}: the thread is in a call of the library, whose waits
     * the run record shows). {@code called}: the JDK's method the learner's code called, when the thread is in one
     * outside the library ({@code CountDownLatch.await}: the last frame of the JDK's above the learner's first), or null.
     */
    record Spot(String thread, long id, String state, String top, String learnerAt, double cpuMillis, boolean inLibrary,
            boolean daemon, boolean timer, boolean idlePool, String called) {
        boolean running() {
            return "RUNNABLE".equals(state) && !top.startsWith("java.lang.Thread.sleep");
        }

        boolean sleeping() {
            return top.startsWith("java.lang.Thread.sleep");
        }

        /**
         * True when the thread is doing something of its own that will end by itself: running outside the library, or
         * sleeping or waiting with a timeout in the learner's code (a wait with a timeout in the library is in the
         * record, with its limit). A process with such a thread is not stuck, whatever its other threads wait for.
         */
        boolean goesOnByItself() {
            if (learnerAt == null) {
                // No frame of the learner's yet: a thread the program started through the JDK (a scheduled executor's,
                // a Timer's), waiting with a timeout for the time to run the learner's code. The JVM's own threads
                // that wait so are daemons; these are not, unless the program made them so, or they are a scheduler's
                // with a task due (CompletableFuture's delayed executor is a daemon; an idle scheduler waits for no time).
                // An executor's idle thread waits with a timeout too (a cached pool's, 60 s), to end, not to run anything;
                // a scheduler's waits in its queue for the next task that is due.
                return (!daemon || timer) && !inLibrary && (timer || !idlePool) && "TIMED_WAITING".equals(state);
            }
            return !inLibrary && ("RUNNABLE".equals(state) || "TIMED_WAITING".equals(state));
        }

        /**
         * True when the thread is in a call of the library that the record does not show as a lasting wait of it (no open
         * wait of this thread among {@code lastingWaits}, the thread ids of its process's open waits): a library call
         * that blocks for 10 ms or more is in the record, so this one is a short one (a poll of an Event every 5 ms) or
         * work, and the thread goes on from it.
         */
        boolean passesThroughTheLibrary(Set<Long> lastingWaits) {
            return learnerAt != null && inLibrary && id >= 0 && !lastingWaits.contains(id);
        }
    }

    private static final Pattern THREAD = Pattern.compile("^\"(.*)\" (?:#(\\d+) )?(?:.*?cpu=([0-9.]+)ms)?.*$");
    private static final Pattern STATE = Pattern.compile("^\\s+java\\.lang\\.Thread\\.State: (\\w+)");
    /** The package of the library the learner's program calls (and of its internals). */
    private static final String LIBRARY = "dev.mppractice.mp.";
    /** The frames a scheduler's thread waits in until its next task is due (with a timeout only when one is). */
    /** The frame an executor's thread waits in for its next task (a scheduler's too, in its queue's take). */
    private static final String POOL_IDLE = "java.util.concurrent.ThreadPoolExecutor.getTask";
    private static final Set<String> TIMER_WAITS = Set.of("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
            "java.util.TimerThread.mainLoop");
    private static final Pattern FRAME = Pattern.compile("^\\s+at ([\\w$.]+)\\.([\\w$<>]+)\\((?:[\\w.]+/)?([^)]*)\\)");

    private ThreadDump() {
    }

    /**
     * True when {@code h} runs a {@code java} launcher: jcmd asks a process for its dump with SIGQUIT, which ends one that
     * is no JVM (a program's {@code sleep}), and leaves its attach file in that process's folder.
     */
    static boolean isJvm(ProcessHandle h) {
        return isJvm(h.info());
    }

    private static boolean isJvm(ProcessHandle.Info info) {
        return info.command().map(c -> {
            String name = Path.of(c).getFileName().toString();
            return name.equals("java") || name.equals("java.exe");
        }).orElse(false);
    }

    /**
     * True when {@code h} is a JVM the library started for a process of its own (a spare among them): its main class is
     * the library's child main. A JVM the program ran by itself (a {@code java} command through a
     * {@code ProcessBuilder}) is not one. When its arguments cannot be read, it is taken to be one.
     */
    static boolean isLibraryJvm(ProcessHandle h) {
        ProcessHandle.Info info = h.info();   // one read of the process's /proc entries
        return isJvm(info) && info.arguments().map(a -> java.util.Arrays.asList(a).contains(CHILD_MAIN)).orElse(true);
    }

    private static final String CHILD_MAIN = dev.mppractice.mp.internal.ChildMain.class.getName();

    /** The JDK's jcmd beside the running JVM, if there is one. */
    static Optional<Path> jcmd() {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        for (String name : List.of("jcmd", "jcmd.exe")) {
            if (Files.isExecutable(bin.resolve(name))) return Optional.of(bin.resolve(name));
        }
        return Optional.empty();
    }

    /**
     * The learner's thread of {@code pid} that is most worth naming: a running one (the most CPU
     * first), else the first with a frame in the learner's classes. Empty when there is no jcmd,
     * the dump failed or took longer than {@code timeout}, or no thread is in the learner's code.
     */
    static Optional<Spot> of(long pid, Set<String> learnerClasses, Duration timeout) {
        return threads(pid, learnerClasses, timeout).flatMap(all -> pick(all.stream().filter(t -> t.learnerAt() != null).toList()));
    }

    /**
     * Every thread of {@code pid} with a frame (its {@link Spot#learnerAt} null when none is the learner's); empty when
     * there is no jcmd, or the dump failed or took longer than {@code timeout}.
     */
    static Optional<List<Spot>> threads(long pid, Set<String> learnerClasses, Duration timeout) {
        Optional<Path> jcmd = jcmd();
        if (jcmd.isEmpty()) return Optional.empty();
        String dump;
        try {
            Process p = new ProcessBuilder(jcmd.get().toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                    Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(p.getInputStream(), out), "mp-check-jcmd");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            reader.join(1_000);
            synchronized (out) {
                dump = out.toString(StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(parse(dump, learnerClasses));
    }

    static List<Spot> parse(String dump, Set<String> learnerClasses) {
        List<Spot> spots = new ArrayList<>();
        String thread = null;
        long id = -1;
        String state = null;
        String top = null;
        String learnerAt = null;
        String called = null;
        boolean inLibrary = false;
        boolean daemon = false;
        boolean timer = false;
        boolean idlePool = false;
        double cpu = 0;
        for (String line : (dump + "\n\n").split("\n", -1)) { // -1: the blank line that ends the last thread is kept
            Matcher t = THREAD.matcher(line);
            if (line.startsWith("\"") && t.matches()) {
                thread = t.group(1);
                id = t.group(2) == null ? -1 : Long.parseLong(t.group(2));
                cpu = t.group(3) == null ? 0 : Double.parseDouble(t.group(3));
                state = null;
                top = null;
                learnerAt = null;
                called = null;
                inLibrary = false;
                timer = false;
                idlePool = false;
                daemon = line.contains(" daemon ");
                continue;
            }
            if (thread == null) continue;
            Matcher s = STATE.matcher(line);
            if (s.find()) {
                state = s.group(1);
                continue;
            }
            Matcher f = FRAME.matcher(line);
            if (f.find()) {
                String cls = f.group(1);
                if (top == null) top = cls + "." + f.group(2);
                String outer = cls.contains("$") ? cls.substring(0, cls.indexOf('$')) : cls;
                if (learnerAt == null && learnerClasses.contains(outer)) learnerAt = f.group(3);
                if (learnerAt == null && cls.startsWith(LIBRARY)) inLibrary = true;
                if (learnerAt == null && !inLibrary) called = SleepWatch.callName(cls, f.group(2));
                if (TIMER_WAITS.contains(cls + "." + f.group(2))) timer = true;
                if (learnerAt == null && POOL_IDLE.equals(cls + "." + f.group(2))) idlePool = true;
                continue;
            }
            if (line.isBlank()) {
                if (top != null && state != null) spots.add(new Spot(thread, id, state, top, learnerAt, cpu, inLibrary, daemon, timer,
                        idlePool, learnerAt == null || inLibrary ? null : called));
                thread = null;
            }
        }
        return spots;
    }

    private static Optional<Spot> pick(List<Spot> spots) {
        return spots.stream().filter(Spot::running).max((a, b) -> Double.compare(a.cpuMillis(), b.cpuMillis()))
                .or(() -> spots.stream().findFirst());
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // jcmd ended
        }
    }
}
