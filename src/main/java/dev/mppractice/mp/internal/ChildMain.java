package dev.mppractice.mp.internal;

import dev.mppractice.mp.Task;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

/**
 * The main class of every child JVM. It reads its configuration and its task from standard
 * input (the parent's private channel, in the {@link ChildBoot} protocol), reports to the
 * parent's hub, runs the task, and ends with Python's exit codes: 0, 1 when the task threw (or
 * did not fit in the heap), n for {@code System.exit(n)}. A child that cannot read what its
 * parent sent says why on its standard error and ends with 2.
 *
 * <p>It keeps reading standard input afterwards: end-of-file means the parent is gone, however
 * it ended (SIGKILL included), and the child ends at once, so that no child outlives its parent.
 */
public final class ChildMain {
    private static volatile Wire control;
    private static FileChannel stdin;
    private static volatile boolean exiting;

    private ChildMain() {
    }

    public static void main(String[] args) {
        Trace.at("child main");
        // A channel, not a stream: closing it wakes the watcher thread, which must not be left
        // blocked in a native read when the JVM exits (see Wire.closeAll).
        stdin = new FileInputStream(FileDescriptor.in).getChannel();
        ChildBoot.Input in = new ChildBoot.Input(stdin);
        ChildBoot.Setup setup;
        try {
            setup = ChildBoot.Setup.readFrom(in);
        } catch (ChildBoot.NotFromTheLibrary e) {
            cannotBoot(e.getMessage(), 2);
            return;
        } catch (ChildBoot.BootException e) {
            cannotBoot(whoAmI() + " cannot read its setup from its parent: " + e.getMessage(), 2);
            return;
        }
        Trace.at("child setup read");
        Context ctx = Context.initChild(setup.key(), setup.dir(), setup.parentPid(), setup.recordPath(),
                setup.clockOffsetMicros());
        Trace.at("child configured");
        // Before any class of the program is loaded: a class that keeps System.out in a static field takes it
        // when it is set up, as the task is decoded, and its lines must be recorded too.
        PrintedLines.install();
        // While the parent has no work for us yet (a spare started ahead of need), get ready:
        // connect and authenticate to the parent, and load what running a task needs.
        Wire[] preconnected = new Wire[1];
        Thread warmUp = new Thread(() -> {
            preconnected[0] = ctx.peers().connect(ctx.parentPid());
            Trace.at("warm-up: connected");
            Codec.decode(Codec.encode(new java.util.ArrayList<>(java.util.List.of(1, "x")), "warm-up"));
            Trace.at("warm-up: codec");
            // The first lambda a JVM deserializes sets up the lambda machinery: do it now, not on the clock.
            Codec.decode(setup.warmUp());
            Trace.at("warm-up: lambda");
            // Milliseconds more that need no task: a spare reports a signal as a child does (it has
            // no connection to report on yet, so it just ends with 128 + the signal's number).
            installSignalReporting();
            Trace.at("warm-up: signal handlers");
            // A recorded child's two threads of the record (its flusher, the watch of its task's sleeps), which
            // would otherwise start as its task begins.
            if (Recorder.on()) {
                Recorder.startEarly();
                SleepWatch.started();
                Trace.at("warm-up: record's threads");
            }
        }, "mp-warm-up");
        warmUp.start();
        ChildBoot.Assignment assignment;
        try {
            assignment = ChildBoot.Assignment.readFrom(in);
        } catch (EOFException e) {
            // A spare whose parent ended without giving it work: nothing went wrong, nothing to say.
            Runtime.getRuntime().halt(2);
            return;
        } catch (ChildBoot.TaskTooLarge e) {
            cannotBoot(whoAmI() + " cannot receive its task: " + e.getMessage() + "; " + moreHeap(), 1);
            return;
        } catch (ChildBoot.BootException e) {
            cannotBoot(whoAmI() + " cannot read its task from its parent: " + e.getMessage(), 2);
            return;
        }
        ctx.assignName(assignment.name());
        long childId = assignment.childId();
        byte[] task = assignment.task();
        assignment = null; // the task's bytes are dropped as soon as it is decoded
        Trace.at("child assigned");
        System.setIn(new ByteArrayInputStream(new byte[0]));
        watchParent(in.rest());
        try {
            warmUp.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            control = preconnected[0];
            control.send(Msg.of(Proto.HELLO_CHILD).i64(childId).bytes());
        } catch (IOException | RuntimeException e) {
            System.err.println("mp: " + ctx.name() + " cannot reach its parent: " + e);
            Runtime.getRuntime().halt(2);
        }
        Trace.at("child connected");

        int code;
        try {
            Trace.at("child decoding task");
            Object t = Codec.decode(task);
            task = null;
            if (t instanceof ManagerServer m) {
                m.install(ctx); // serving before the parent is told it is ready
            }
            report(Msg.of(Proto.C_READY).bytes());
            Trace.at("child ready");
            if (t instanceof WorkerLoop w) {
                Recorder.event(RecordEvent.PROCESS_RUN, "name", ctx.name(), "pool", w.poolId());
                w.run(ctx.peers(), RemoteFailure.where(ctx.name(), ctx.pid()));
            } else {
                SleepWatch.Watched watched;
                if (t instanceof ManagerServer) {
                    Recorder.event(RecordEvent.PROCESS_RUN, "name", ctx.name(), "manager", true);
                    // A manager runs no code of the program's: nothing to watch (a look at its waiting thread
                    // walks its stack, every 10 ms, while the manager serves calls).
                    watched = SleepWatch.Watched.NONE;
                } else {
                    Recorder.event(RecordEvent.PROCESS_RUN, "name", ctx.name());
                    // The task's sleeps and waits in the JDK, which no library call records (SleepWatch).
                    watched = SleepWatch.watch(Thread.currentThread());
                }
                try {
                    ((Task) t).run();
                } finally {
                    watched.end();
                }
                Recorder.threadsLeft(ctx.name());
            }
            code = 0;
        } catch (Throwable t) {
            System.out.flush();
            Recorder.failure(ctx.name(), t);
            reportFailure(System.err, ctx.name(), ctx.pid(), t);
            code = 1;
        }
        exit(ctx, code);
    }

    /**
     * Writes how the process failed to {@code err} in one piece: a header naming it, the stack trace, and for an
     * {@link OutOfMemoryError} what to do. Processes that fail at the same moment share one standard error; each
     * report written at once (not line by line, as {@link Throwable#printStackTrace()} writes) is not interleaved
     * with the others'.
     */
    static void reportFailure(java.io.PrintStream err, String name, long pid, Throwable t) {
        java.io.StringWriter text = new java.io.StringWriter();
        java.io.PrintWriter out = new java.io.PrintWriter(text);
        out.println("Process " + name + " (pid " + pid + ") failed:");
        t.printStackTrace(out);
        if (t instanceof OutOfMemoryError) {
            out.println("mp: " + name + " ran out of memory; " + moreHeap());
        }
        out.flush();
        // bytes, in one call: print(String) hands a long text on in pieces of the encoder's buffer
        byte[] bytes = text.toString().getBytes(java.nio.charset.Charset.defaultCharset());
        err.write(bytes, 0, bytes.length);
        err.flush();
    }

    /**
     * A task that does nothing, encoded: the parent encodes it once and sends it to every child in
     * its {@link ChildBoot.Setup}, and the child decodes it while it waits for its work, so that its
     * first lambda deserialization (which sets up the lambda machinery) is not on the clock. Encoded
     * by the parent rather than by each child: a child that encoded it itself would also make the
     * lambda's class at its creation and compute the stream's class fingerprints, processor time
     * that each child paid and none needs (about 5 ms a child, measured with {@code -Dmp.bootTrace}).
     */
    static byte[] warmUpTask() {
        return Codec.encode((Task) ChildMain::idle, "the warm-up task");
    }

    private static void idle() {
        // the warm-up task: decoded, never run
    }

    /** Says on standard error why this JVM cannot start its task, and ends it. */
    private static void cannotBoot(String why, int code) {
        System.err.println("mp: " + why);
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    private static String whoAmI() {
        return "a child JVM (pid " + ProcessHandle.current().pid() + ")";
    }

    /** How to give children more memory, and how much this one had. */
    private static String moreHeap() {
        return "a child's heap holds at most " + (Runtime.getRuntime().maxMemory() >> 20) + " MB here; give children more with -D"
                + JvmFlags.MAX_HEAP_PROPERTY + "=SIZE (4g, say) on the java command line of the program that starts them";
    }

    /** Ends this child ({@code ctx}): waits for its own non-daemon children, flushes, says goodbye, halts. */
    static void exit(Context ctx, int code) {
        Trace.at("child exit begin");
        if (code == 0) {
            ctx.runCleanExitActions();
        }
        ctx.finishChildren();
        ctx.peers().flushAll();
        System.out.flush();
        System.err.flush();
        // before the parent hears of the end, so that the child's events precede its process-exit
        Recorder.flush();
        exiting = true;
        report(Msg.of(Proto.C_EXIT).i32(code).bytes());
        ctx.quiesce(null);
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
        Recorder.flush();
        if (Buffers.Owned.any) {
            Buffers.writerEnds(); // a halt runs no shutdown hook: its free transfer segments go now
        }
        Trace.at("child halting");
        Runtime.getRuntime().halt(code);
    }

    /**
     * Called first by the JVM's shutdown (the library's one hook): a child leaving through
     * {@code System.exit} or a signal the JVM turns into a shutdown tells its parent so, before
     * any connection is closed, so that {@code System.exit(137)} is not mistaken for SIGKILL.
     */
    static void reportShutdown() {
        if (!exiting) {
            report(Msg.of(Proto.C_SHUTDOWN).bytes());
        }
    }

    /** The connection to the parent, kept open to the very end. */
    static Wire control() {
        return control;
    }

    private static void report(byte[] message) {
        Wire w = control;
        if (w != null) {
            try {
                w.send(message);
            } catch (IOException e) {
                // the parent is gone; the stdin watcher ends us
            }
        }
    }

    private static void watchParent(InputStream in) {
        Thread t = new Thread(() -> {
            try {
                byte[] sink = new byte[256];
                while (in.read(sink) >= 0) {
                    // nothing else is sent on this channel
                }
            } catch (IOException e) {
                // same as end-of-file, or closed by exit() below
            }
            if (!exiting) {
                Recorder.flush();
                Runtime.getRuntime().halt(137);
            }
        }, "mp-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** SIGTERM, SIGHUP and SIGINT end a child at once, as in Python, after telling the parent which. */
    @SuppressWarnings("restriction")
    private static void installSignalReporting() {
        String[] names = {"TERM", "HUP", "INT"};
        int[] numbers = {15, 1, 2};
        for (int i = 0; i < names.length; i++) {
            int number = numbers[i];
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(names[i]), s -> {
                    exiting = true;
                    System.out.flush();
                    System.err.flush();
                    Recorder.flush();
                    report(Msg.of(Proto.C_SIGNALLED).i32(number).bytes());
                    Runtime.getRuntime().halt(128 + number);
                });
            } catch (RuntimeException | LinkageError e) {
                // without the handler the exit code still reads as a signal
            }
        }
    }
}
