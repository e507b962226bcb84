package dev.mppractice.checker;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The main class of the JVM the checker forks: it runs the learner's {@code main} and ends the JVM
 * when the checker is gone.
 *
 * <p>Standard input is the checker's end of a pipe that it never writes to; end-of-file on it means
 * the checker has ended (even by SIGKILL, when its shutdown hook cannot run), and then this JVM
 * exits, so its shutdown hooks end the processes it started. The program itself sees an empty
 * standard input, as if it were closed.
 */
public final class RunMain {
    /** The exit code when the checker went away. */
    static final int ORPHANED = 143;

    private RunMain() {
    }

    public static void main(String[] args) throws Throwable {
        InputStream checker = System.in;
        System.setIn(InputStream.nullInputStream());
        Thread watchdog = new Thread(() -> watch(checker), "mp-check-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        String className = args[0];
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
        try {
            main.invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            // Thrown on as the program's own: the JVM prints it as for any main ("Exception in thread "main" ...").
            throw e.getCause();
        }
    }

    private static void watch(InputStream checker) {
        try {
            while (checker.read() >= 0) {
                // the checker never writes; anything read is ignored
            }
        } catch (IOException ignored) {
            // the same as end-of-file: the checker is gone
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
