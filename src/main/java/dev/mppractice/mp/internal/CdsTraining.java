package dev.mppractice.mp.internal;

import dev.mppractice.mp.Connection;
import dev.mppractice.mp.Event;
import dev.mppractice.mp.IntArray;
import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Manager;
import dev.mppractice.mp.Pipe;
import dev.mppractice.mp.Pool;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import dev.mppractice.mp.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Records a class-data sharing archive for child JVMs: {@code java -cp mp-practice.jar
 * dev.mppractice.mp.internal.CdsTraining ARCHIVE}. It starts one child with
 * {@code -XX:ArchiveClassesAtExit=ARCHIVE}; that child does what children do (receives a task,
 * uses a queue, a pipe, shared memory, a manager and a pool of its own) and, as it exits, writes
 * the classes it loaded to the archive. Later children map them instead of loading them, which
 * takes a good part off a child's start-up. {@link ChildProcess} uses the archive when it lies
 * next to the jar that is first on the class path, named {@code <jar>-child.jsa}, and is newer
 * than the jar.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp mp-practice.jar " + CdsTraining.class.getName() + " ARCHIVE.jsa");
            System.exit(2);
        }
        Path archive = Path.of(args[0]).toAbsolutePath();
        Path partial = archive.resolveSibling(archive.getFileName() + ".tmp");
        Files.deleteIfExists(partial);
        System.setProperty("mp.childJvmArgs", "-XX:ArchiveClassesAtExit=" + partial + " -Xlog:cds=off -Xlog:cds+dynamic=off");
        System.setProperty("mp.childCds", "off");
        System.setProperty("mp.spares", "off"); // one JVM, and one only, writes the archive
        Queue<Integer> q = new Queue<>();
        Pipe pipe = Pipe.open();
        Connection left = pipe.left();
        Connection right = pipe.right();
        IntValue value = Value.ofInt(0);
        IntArray array = dev.mppractice.mp.Array.ofInts(4);
        Event go = new Event();
        Process p = new Process(() -> exercise(q, right, value, array, go));
        p.start();
        go.set();
        left.send(List.of("ping", 1));
        Object echoed = left.recv();
        int got = q.get();
        p.join();
        if (p.exitCode() != 0 || got != 42 || echoed == null || value.get() != 1 || !Files.exists(partial)) {
            System.err.println("mp: the class-data sharing training run failed (exit code " + p.exitCode() + ")");
            System.exit(1);
        }
        Files.move(partial, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void exercise(Queue<Integer> q, Connection conn, IntValue value, IntArray array, Event go)
            throws Exception {
        go.await();
        conn.send(conn.recv());
        try (var held = value.getLock().acquire()) {
            value.set(value.get() + 1);
        }
        array.set(1, 2);
        try (Pool pool = new Pool(1)) {
            pool.map(x -> x + 1, List.of(1, 2));
            pool.applyAsync(() -> "x").get();
        }
        try (Manager m = Manager.start()) {
            Map<String, Integer> d = m.dict();
            d.put("a", 1);
            d.get("a");
        }
        q.put(42);
    }
}
