package dev.mppractice.mp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM of its own for a test: {@code java} from {@code java.home}, the given class path (the
 * test's by default), a main class; its standard output and error are collected line by line.
 * Its children inherit those streams, so their output is collected too.
 */
public final class Jvm implements AutoCloseable {
    private final java.lang.Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private Jvm(java.lang.Process process) {
        this.process = process;
        outReader = reader(process.getInputStream(), out, "out");
        errReader = reader(process.getErrorStream(), err, "err");
    }

    public static Jvm start(Class<?> main, String... args) throws IOException {
        return start(System.getProperty("java.class.path"), main.getName(), args);
    }

    public static Jvm start(String classPath, String mainClass, String... args) throws IOException {
        return start(List.of(), classPath, mainClass, args);
    }

    /** With options for the JVM ({@code -Dname=value}, ...) before the main class. */
    public static Jvm start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        return start(jvmOptions, System.getProperty("java.class.path"), main.getName(), args);
    }

    private static Jvm start(List<String> jvmOptions, String classPath, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        return new Jvm(pb.start());
    }

    private Thread reader(InputStream in, List<String> lines, String which) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the JVM is gone
            }
        }, "jvm-" + which + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    public java.lang.Process process() {
        return process;
    }

    /** Waits for a line of standard output that matches; fails with what the JVM printed at the deadline. */
    public synchronized String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : out) {
                if (matching.test(line)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no such line within " + timeout.toMillis() + " ms; stdout: " + out + "; stderr: " + err);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** Waits for the JVM to end and returns its exit value; fails (and kills it) at the deadline. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            fail("the JVM did not end within " + timeout.toMillis() + " ms; stdout: " + stdout() + "; stderr: " + stderr());
        }
        // what it printed last is read once its streams end (children may hold them a moment longer)
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    public synchronized String stdout() {
        return String.join("\n", out);
    }

    public synchronized String stderr() {
        return String.join("\n", err);
    }

    /** Kills the JVM and everything it started. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}
