package dev.mppractice.checker;

import dev.mppractice.mp.ProcessException;
import dev.mppractice.mp.internal.ClassDataArchive;
import dev.mppractice.mp.internal.JvmFlags;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a main class in a forked JVM (through {@link RunMain}) with standard input closed, under a
 * time limit and an output cap, and ends every process of the run before returning, whatever happened.
 */
final class JvmRun {
    /** Output in UTF-8 whatever the locale, and no window ever. */
    private static final List<String> PROPERTIES = List.of(
            "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
            "-Djava.awt.headless=true");
    /** Replaces the start-up flags (space-separated), for measuring other flags with CheckTimings. */
    static final String FLAGS_PROPERTY = "mp.checker.jvm-flags";

    /**
     * The start-up flags of the program's JVM: those of the library's short-lived children (the
     * programs are short, and C1 alone starts fastest; measured: CheckTimings), unless
     * {@value #FLAGS_PROPERTY} says otherwise.
     */
    static List<String> jvmFlags() {
        String custom = System.getProperty(FLAGS_PROPERTY);
        return custom == null ? JvmFlags.startUp(JvmFlags.Work.SHORT) : JvmFlags.split(custom);
    }

    /** Variables that would change how the forked JVM behaves or what it prints. */
    private static final List<String> DROPPED_ENV = List.of(
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH");
    private static final long POLL_MILLIS = 100;
    private static final long GRACE_MILLIS = 500;
    private static final long KILL_DEADLINE_MILLIS = 10_000;
    private static final long READER_WAIT_MILLIS = 2_000;

    /** Runs going on in this JVM: if it is stopped (Ctrl-C, SIGTERM), their trees are ended too. */
    private static final Set<ProcessTree> ACTIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    /**
     * Watches a run while it goes, from the checker's side (the run record, the processes' CPU
     * time): it may stop the run as stuck, and it looks at the processes once more when the time
     * limit is hit, before they are ended.
     */
    interface Watcher {
        /** Called about every {@value #POLL_MILLIS} ms with the live processes of the run; true stops it as stuck. */
        boolean stuck(long rootPid, List<ProcessHandle> live);

        /** Called when the time limit is hit, before the tree is ended. */
        void timeLimitHit(long rootPid, List<ProcessHandle> live);

        Watcher NONE = new Watcher() {
            @Override
            public boolean stuck(long rootPid, List<ProcessHandle> live) {
                return false;
            }

            @Override
            public void timeLimitHit(long rootPid, List<ProcessHandle> live) {
            }
        };
    }

    /** What the run did. */
    record Result(long pid, Integer exitCode, boolean timedOut, boolean stuck, boolean outputTooLarge,
            String stdout, String stderr, Duration elapsed, String marker, List<ProcessHandle> survivors,
            Duration cleanup, Set<Long> treePids) {
    }

    private final List<String> classPath;
    private final String mainClass;
    private final Path workDir;
    private final Map<String, String> systemProperties;
    /** The compilers the program's JVM starts with: short-lived work unless the exercise measures speed. */
    private final JvmFlags.Work work;

    JvmRun(List<String> classPath, String mainClass, Path workDir, Map<String, String> systemProperties) {
        this(classPath, mainClass, workDir, systemProperties, JvmFlags.Work.SHORT);
    }

    /**
     * @param work {@link JvmFlags.Work#LONG} for a program whose speed is measured: its serial work then
     *     runs with the same optimizing compiler as the pool workers it is compared with
     */
    JvmRun(List<String> classPath, String mainClass, Path workDir, Map<String, String> systemProperties,
            JvmFlags.Work work) {
        this.classPath = classPath;
        this.mainClass = mainClass;
        this.workDir = workDir;
        this.systemProperties = systemProperties;
        this.work = work;
    }

    /**
     * The command line of the run.
     *
     * @throws CheckerException if the heap limit set by {@value JvmFlags#MAX_HEAP_PROPERTY} is not a size
     */
    List<String> command() throws CheckerException {
        return command(mainClass);
    }

    /** The command line, ending with {@code RunMain}'s argument: the main class, or {@link RunMain#STANDBY}. */
    private List<String> command(String runMainArgument) throws CheckerException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmFlags.java());
        List<String> flags = work == JvmFlags.Work.LONG && System.getProperty(FLAGS_PROPERTY) == null
                ? JvmFlags.startUp(JvmFlags.Work.LONG) : jvmFlags();
        cmd.addAll(flags);
        // The library's class-data archive, when the jar lies first on the class path with a fresh one beside it.
        cmd.addAll(ClassDataArchive.flags(String.join(File.pathSeparator, classPath)));
        // A bounded heap, as the library's children have: a runaway program ends with OutOfMemoryError.
        try {
            cmd.addAll(JvmFlags.heap(flags));
        } catch (ProcessException e) {
            throw new CheckerException(e.getMessage(), e);
        }
        cmd.addAll(PROPERTIES);
        if (Platform.fallbacksForced()) {
            cmd.add("-D" + Platform.FORCE_FALLBACKS + "=true"); // the program's library takes its fallbacks too
        }
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(RunMain.class.getName());
        cmd.add(runMainArgument);
        return cmd;
    }

    Result run(Duration timeLimit, long outputCapBytes) throws CheckerException {
        return run(timeLimit, outputCapBytes, Watcher.NONE);
    }

    Result run(Duration timeLimit, long outputCapBytes, Watcher watcher) throws CheckerException {
        return run(timeLimit, outputCapBytes, watcher, null);
    }

    /**
     * A JVM started ahead of its run, for this class path, folder and properties: it has booted
     * and waits in {@link RunMain} to be told which main class to run ({@link #run} with it), so
     * that a check does not wait for a JVM to start. Closing it ends it, unless it was used.
     */
    static final class Standby implements AutoCloseable {
        private final Process process;
        private final ProcessTree tree;
        private final String marker;
        private final List<String> command;
        private final Path workDir;
        private boolean used;

        private Standby(Process process, ProcessTree tree, String marker, List<String> command, Path workDir) {
            this.process = process;
            this.tree = tree;
            this.marker = marker;
            this.command = command;
            this.workDir = workDir;
        }

        /** True if it can still run a program made for {@code run}: alive, unused, started as {@code run} would start it. */
        boolean fits(JvmRun run) throws CheckerException {
            return !used && process.isAlive() && command.equals(run.command(RunMain.STANDBY)) && workDir.equals(run.workDir);
        }

        /** True while it waits to be used. */
        boolean alive() {
            return !used && process.isAlive();
        }

        @Override
        public void close() {
            if (!used) {
                used = true;
                tree.kill(0, KILL_DEADLINE_MILLIS);
                ACTIVE.remove(tree);
                try {
                    // reaped, not only signalled: gone from the process table when this returns
                    process.onExit().get(KILL_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // ProcessTree.kill has done what can be done
                }
            }
        }
    }

    /** Starts the JVM of this run ahead of it, without its main class (see {@link Standby}). */
    Standby standby() throws CheckerException {
        String marker = UniqueNames.next();
        List<String> command = command(RunMain.STANDBY);
        Process process = start(command, marker);
        ProcessTree tree = new ProcessTree(process.toHandle(), marker);
        track(tree);
        return new Standby(process, tree, marker, command, workDir);
    }

    private Process start(List<String> command, String marker) throws CheckerException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        DROPPED_ENV.forEach(env::remove);
        env.put(ProcessTree.MARKER_VARIABLE, marker);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new CheckerException("Cannot start " + pb.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the program, in {@code standby} when it {@linkplain Standby#fits fits} this run (its
     * time limit then counts from now, not from its start), else in a JVM started now.
     */
    Result run(Duration timeLimit, long outputCapBytes, Watcher watcher, Standby standby) throws CheckerException {
        String marker;
        Process process;
        ProcessTree tree;
        long t0 = System.nanoTime();
        boolean warm = standby != null && standby.fits(this);
        if (warm) {
            standby.used = true;
            marker = standby.marker;
            process = standby.process;
            tree = standby.tree;
        } else {
            if (standby != null) {
                standby.close();
            }
            marker = UniqueNames.next();
            process = start(command(), marker);
            tree = new ProcessTree(process.toHandle(), marker);
            track(tree);
        }
        CompletableFuture<Void> overflow = new CompletableFuture<>();
        try (var stdin = process.getOutputStream()) {
            if (warm) {
                stdin.write((mainClass + "\n").getBytes(StandardCharsets.UTF_8));
            }
            // then standard input is closed: the program reads end-of-file
        } catch (IOException ignored) {
            // already gone
        }
        Capture out = new Capture(process.getInputStream(), outputCapBytes, overflow, "stdout");
        Capture err = new Capture(process.getErrorStream(), outputCapBytes, overflow, "stderr");
        out.start();
        err.start();

        boolean timedOut = false;
        boolean stuck = false;
        boolean interrupted = false;
        Integer exitCode = null;
        List<ProcessHandle> survivors;
        long killStarted = 0;
        try {
            CompletableFuture<Object> ended = CompletableFuture.anyOf(process.onExit(), overflow);
            long deadline = t0 + timeLimit.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    watcher.timeLimitHit(process.pid(), tree.live());
                    break;
                }
                try {
                    ended.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
                    break;
                } catch (TimeoutException e) {
                    tree.poll();
                    if (watcher.stuck(process.pid(), tree.live())) {
                        stuck = true;
                        break;
                    }
                } catch (ExecutionException e) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true; // the caller gave up on this check: end the run all the same
        } finally {
            killStarted = System.nanoTime();
            if (process.isAlive()) {
                // The program is ended first, and at once: were its children ended before it, or with it by a
                // signal it handles, a main waiting for them would go on and print what it never got to print.
                process.destroyForcibly();
            }
            survivors = tree.kill(GRACE_MILLIS, KILL_DEADLINE_MILLIS);
            ACTIVE.remove(tree);
            boolean endedByItself = !timedOut && !stuck && !overflow.isDone() && !interrupted;
            try {
                // Reap the root; it has been killed if it had not ended.
                if (process.waitFor(KILL_DEADLINE_MILLIS, TimeUnit.MILLISECONDS) && endedByItself) {
                    exitCode = process.exitValue();
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        long end = System.nanoTime();
        Duration elapsed = Duration.ofNanos(end - t0);
        out.await(READER_WAIT_MILLIS);
        err.await(READER_WAIT_MILLIS);
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new CheckerException("The check was interrupted; its run has been ended");
        }
        // A program that wrote past the cap and ended at once is caught by the readers only now.
        boolean tooLarge = overflow.isDone();
        if (tooLarge) {
            timedOut = false;
            stuck = false;
        }
        return new Result(process.pid(), exitCode, timedOut, stuck, tooLarge, out.text(), err.text(), elapsed, marker,
                survivors, Duration.ofNanos(end - killStarted), tree.pids());
    }

    private static void track(ProcessTree tree) {
        ACTIVE.add(tree);
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    for (ProcessTree t : ACTIVE) t.kill(100, 2_000);
                }, "mp-check-end-runs"));
            } catch (IllegalStateException shuttingDown) {
                tree.kill(100, 2_000);
            }
        }
    }

    /** Drains one stream into memory up to the cap; past it, signals the overflow and keeps draining. */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final long cap;
        private final CompletableFuture<Void> overflow;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Capture(InputStream in, long cap, CompletableFuture<Void> overflow, String name) {
            super("mp-check-" + name);
            setDaemon(true);
            this.in = in;
            this.cap = cap;
            this.overflow = overflow;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (bytes) {
                        long room = cap - bytes.size();
                        if (room > 0) bytes.write(buf, 0, (int) Math.min(room, n));
                        if (n > room) overflow.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the stream was closed under us: keep what was read
            }
        }

        void await(long millis) {
            try {
                join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
