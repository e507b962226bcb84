package dev.mppractice.checker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;

/**
 * The main class of the JVM the checker forks: it runs the learner's {@code main} and ends the JVM
 * when the checker is gone (even by SIGKILL, when the checker's shutdown hook cannot run); this
 * JVM's shutdown hooks then end the processes it started.
 *
 * <p>The checker is watched by polling its pid (with its start time, so a recycled pid does not
 * count) from a sleeping daemon thread. Not by reading a pipe: a daemon thread blocked in a native
 * read delays the JVM's exit by about 350 ms (measured: 47 ms without, 399 ms with).
 */
public final class RunMain {
    /** The exit code when the checker went away. */
    static final int ORPHANED = 143;

    private RunMain() {
    }

    /**
     * The argument that makes this JVM a standby: booted, it reads the main class's name from
     * standard input (one line), then runs it; on end-of-file instead (the checker did not need
     * it) it ends.
     */
    static final String STANDBY = "--standby";
    /** The system property naming a file where the instant the program's main is called is written. */
    static final String MAIN_AT_PROPERTY = "mp.checker.mainAt";

    /** How often the checker is looked for. */
    static final long WATCH_MILLIS = 200;

    public static void main(String[] args) throws Throwable {
        ProcessHandle.current().parent().ifPresent(checker -> {
            Thread watchdog = new Thread(() -> watch(checker), "mp-check-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        });

        String className = args[0];
        if (className.equals(STANDBY)) {
            className = readLine(System.in);
            if (className == null) {
                System.exit(0);
                return;
            }
        }
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        Method main;
        try {
            Class<?> cls = Class.forName(className, false, ClassLoader.getSystemClassLoader());
            main = cls.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
                throw new NoSuchMethodException();
            }
        } catch (ClassNotFoundException e) {
            System.err.println("Error: Could not find or load main class " + className);
            System.exit(1);
            return;
        } catch (NoSuchMethodException e) {
            System.err.println("Error: Main method not found in class " + className
                    + ", please define the main method as:\n   public static void main(String[] args)");
            System.exit(1);
            return;
        }
        String mainAt = System.getProperty(MAIN_AT_PROPERTY);
        if (mainAt != null) {
            java.time.Instant now = java.time.Instant.now();
            try (var out = new java.io.FileOutputStream(mainAt)) {
                out.write(Long.toString(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the split of the check's time is not shown; nothing else depends on it
            }
        }
        // A canary run's count is written at exit, even a count of nothing received (a plain run loads no class for it:
        // the property's name is a constant).
        if (System.getProperty(dev.mppractice.mp.internal.Canary.PROPERTY) != null) {
            dev.mppractice.mp.internal.Canary.count();
        }
        // Main's lines are recorded as a child's are: a rule may order them among the run's events.
        dev.mppractice.mp.internal.Recorder.recordMainsPrints();
        // And its sleeps, which no library call records: its timeline drew a main that slept as running.
        var watched = dev.mppractice.mp.internal.SleepWatch.watch(Thread.currentThread());
        try {
            main.invoke(null, (Object) rest);
            watched.end();
        } catch (InvocationTargetException e) {
            watched.end();
            // Recorded as a child's failure is (where, with what, whether the library refused the call), then thrown on
            // as the program's own: the JVM prints it as for any main ("Exception in thread "main" ...").
            dev.mppractice.mp.internal.Recorder.failure("MainProcess", e.getCause());
            throw e.getCause();
        }
    }

    /** One line of {@code in}, read a byte at a time (nothing past it is taken from the program); null at end-of-file. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8).strip();
    }

    private static void watch(ProcessHandle checker) {
        try {
            while (checker.isAlive()) {
                Thread.sleep(WATCH_MILLIS);
            }
        } catch (InterruptedException e) {
            return;
        }
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "mp-check-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(ORPHANED);
    }
}
