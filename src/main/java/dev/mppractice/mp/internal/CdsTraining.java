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
 * Records a class-data archive for child JVMs: {@code java -cp mp-practice.jar
 * dev.mppractice.mp.internal.CdsTraining [ARCHIVE]}. It starts one child that records what it
 * loads; that child does what children do (receives a task, uses a queue, a pipe, shared memory,
 * a manager and a pool of its own) and, as it exits, writes the archive. Later children map it
 * instead of loading their classes, which takes a good part off a child's start-up.
 *
 * <p>Without ARCHIVE it records the archive {@link ClassDataArchive} looks for with this JDK, next
 * to the jar first on the class path: a dynamic CDS archive on JDK 17 to 24
 * ({@code -XX:ArchiveClassesAtExit}), an ahead-of-time cache on JDK 25 and later
 * ({@code -XX:AOTCacheOutput}). An ARCHIVE ending in {@code .aot} asks for an ahead-of-time cache
 * (JDK 25 or later), any other name for a dynamic CDS archive. The archive is written beside its
 * final name and moved there once complete, so that no child maps half a file. Exits with 1, saying
 * why on standard error, when the training run failed.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1) {
            System.err.println("usage: java -cp mp-practice.jar " + CdsTraining.class.getName() + " [ARCHIVE.jsa|ARCHIVE.aot]");
            System.exit(2);
        }
        Path archive;
        if (args.length == 1) {
            archive = Path.of(args[0]).toAbsolutePath();
        } else {
            String first = System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)[0];
            if (!first.endsWith(".jar")) {
                System.err.println("mp: the class path does not start with a jar; name the archive to write");
                System.exit(2);
            }
            archive = ClassDataArchive.archive(Path.of(first));
        }
        boolean aot = archive.getFileName().toString().endsWith(".aot");
        if (aot && !ClassDataArchive.aotCache()) {
            System.err.println("mp: an ahead-of-time cache (.aot) needs JDK " + ClassDataArchive.AOT_CACHE_JDK
                    + " or later; this is " + Runtime.version());
            System.exit(2);
        }
        Path partial = archive.resolveSibling(archive.getFileName() + ".tmp");
        Files.deleteIfExists(partial);
        System.setProperty("mp.childJvmArgs", aot
                ? "-XX:AOTCacheOutput=" + partial + " -Xlog:aot=off -Xlog:cds=off"
                : "-XX:ArchiveClassesAtExit=" + partial + " -Xlog:cds=off -Xlog:cds+dynamic=off");
        System.setProperty("mp.childCds", "off");
        // The child is given this JVM's class path, and the archive holds it as the child had it: written relative
        // (java -cp mp-practice.jar), it is an archive no child of a program naming the jar in full maps. Each entry in
        // full: the JVM also maps it for a relative class path that names the same files.
        System.setProperty("java.class.path", java.util.Arrays.stream(System.getProperty("java.class.path", "")
                .split(java.io.File.pathSeparator)).filter(e -> !e.isEmpty()).map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        System.setProperty("mp.spares", "off"); // one JVM, and one only, writes the archive
        // Recorded, as every check's run is: the recorder's classes are then in the archive too (a recorded
        // child loaded about fifteen of its classes from the jar).
        Path record = Files.createTempFile("mp-cds-training", ".jsonl");
        System.setProperty("mp.record", record.toString());
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
        Files.deleteIfExists(record);
        if (p.exitCode() != 0 || got != 42 || echoed == null || value.get() != 1 || !Files.exists(partial)) {
            System.err.println("mp: the class-data training run failed (exit code " + p.exitCode() + ", archive "
                    + (Files.exists(partial) ? "written" : "not written") + ")");
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
