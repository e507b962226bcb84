package dev.mppractice.mp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Everything the library knows about the process it runs in: its name, its place in the
 * process tree, the tree's secret key and private directory, the objects it serves to other
 * processes, its connections to them, and its children.
 *
 * <p>The first process of a tree (the "main process") makes a new key and a new private
 * directory (mode 0700) lazily, the first time the library needs them; a child receives both
 * from its parent over its control channel, never on the command line or in the environment.
 */
public final class Context {
    private static volatile Context current;

    private final long pid = ProcessHandle.current().pid();
    private volatile String name;
    private final byte[] key;
    private final Path dir;
    private final boolean child;
    private final long parentPid;
    private final Recorder recorder;
    private final String recordPath;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger processNumbers = new AtomicInteger();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final AtomicInteger managerNumbers = new AtomicInteger();
    private final Map<String, Object> served = new ConcurrentHashMap<>();
    private final Set<ChildProcess> children = ConcurrentHashMap.newKeySet();
    private final Peers peers;
    private volatile Hub hub;
    /** {@code -Dmp.trace=FILE} in the main process, else null. */
    private TraceFile trace;

    private Context(String name, byte[] key, Path dir, boolean child, long parentPid, String recordPath) {
        this.name = name;
        this.key = key;
        this.dir = dir;
        this.child = child;
        this.parentPid = parentPid;
        this.recordPath = recordPath == null ? "" : recordPath;
        this.recorder = Recorder.open(recordPath, pid, this);
        this.peers = new Peers(this);
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "mp-shutdown"));
    }

    /** The context of this JVM, created as a main process on first use. */
    public static Context get() {
        Context c = current;
        if (c == null) {
            synchronized (Context.class) {
                c = current;
                if (c == null) {
                    byte[] key = HmacSha256.random(32);
                    Path dir = makePrivateDir();
                    TraceFile trace = TraceFile.fromProperties(dir);
                    c = new Context("MainProcess", key, dir, false, -1,
                            trace != null ? trace.recordPath() : System.getProperty("mp.record"));
                    c.trace = trace;
                    current = c;
                }
            }
        }
        return c;
    }

    /** Installs the context of a child, before anything else of the library runs there. */
    static synchronized Context initChild(byte[] key, Path dir, long parentPid, String recordPath) {
        if (current != null) {
            throw new IllegalStateException("the library was used before the child was set up");
        }
        current = new Context("SpareProcess", key, dir, true, parentPid, recordPath);
        return current;
    }

    /** A child's name, given with its task (a spare JVM is started before it is known). */
    void assignName(String name) {
        this.name = name;
    }

    public long pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    public boolean isChild() {
        return child;
    }

    public long parentPid() {
        return parentPid;
    }

    byte[] key() {
        return key;
    }

    Path dir() {
        return dir;
    }

    String recordPath() {
        return recordPath;
    }

    Recorder recorder() {
        return recorder;
    }

    public Peers peers() {
        return peers;
    }

    /** A new id, unique in the tree: {@code "<pid>:<n>"}. */
    public String newId() {
        return pid + ":" + ids.incrementAndGet();
    }

    /** The name for a new child of kind {@code Process}, {@code PoolWorker} or {@code Manager}. */
    String childName(String kind) {
        AtomicInteger counter = switch (kind) {
            case "PoolWorker" -> workerNumbers;
            case "Manager" -> managerNumbers;
            default -> processNumbers;
        };
        int n = counter.incrementAndGet();
        if (!child || !"Process".equals(kind)) {
            return kind + "-" + n;
        }
        return name + ":" + n;
    }

    /** The socket path of the hub of process {@code pid} of this tree. */
    public Path socketOf(long ownerPid) {
        return dir.resolve("h" + ownerPid + ".sock");
    }

    /** This process's hub, started on first use. */
    public Hub hub() {
        Hub h = hub;
        if (h == null) {
            synchronized (this) {
                h = hub;
                if (h == null) {
                    try {
                        h = new Hub(this, socketOf(pid));
                    } catch (IOException e) {
                        throw new dev.mppractice.mp.ProcessException("cannot listen on " + socketOf(pid)
                                + ": " + e.getMessage(), e);
                    }
                    hub = h;
                }
            }
        }
        return h;
    }

    /** Makes {@code object} reachable by other processes of the tree under {@code id}. */
    public void serve(String id, Object object) {
        served.put(id, object);
        hub();
    }

    public Object served(String id) {
        return served.get(id);
    }

    public void unserve(String id) {
        served.remove(id);
    }

    void adopt(ChildProcess c) {
        children.add(c);
    }

    void forget(ChildProcess c) {
        children.remove(c);
    }

    /** At the end of a child: daemon children are terminated, the others waited for (as Python). */
    void finishChildren() {
        ChildProcess.discardSpares();
        for (ChildProcess c : children) {
            if (c.daemon()) {
                c.signal(false);
            }
        }
        for (ChildProcess c : children) {
            if (!c.daemon()) {
                c.await(null);
            }
        }
    }

    private void shutdown() {
        if (child) {
            ChildMain.reportShutdown();
        }
        ChildProcess.discardSpares();
        peers.flushAll();
        // As Python at exit: children still running are terminated (-15) and waited for, briefly,
        // so that their end is known and recorded.
        for (ChildProcess c : children) {
            c.signal(false);
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (ChildProcess c : children) {
            c.await(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        quiesce(child ? ChildMain.control() : null);
        if (!child) {
            if (trace != null) {
                trace.write(pid);
            }
            deleteTree(dir);
        }
    }

    /**
     * Stops listening and closes every connection but {@code keep}, so that no thread of the
     * library is left waiting in native code when the JVM exits (see {@link Wire#closeAll}).
     */
    void quiesce(Wire keep) {
        Hub h = hub;
        if (h != null) {
            h.close();
        }
        Wire.closeAll(keep);
    }

    private static Path makePrivateDir() {
        Path base = Path.of("/dev/shm");
        if (!Files.isDirectory(base) || !Files.isWritable(base)) {
            base = Path.of(System.getProperty("java.io.tmpdir"));
        }
        sweepStale(base);
        long pid = ProcessHandle.current().pid();
        byte[] r = HmacSha256.random(6);
        Path dir = base.resolve("mp-" + pid + "-" + HexFormat.of().formatHex(r));
        try {
            return Files.createDirectory(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new dev.mppractice.mp.ProcessException("cannot create the private directory " + dir + ": " + e, e);
        }
    }

    /** Removes the directories of trees whose main process is gone (killed before it could clean up). */
    private static void sweepStale(Path base) {
        try (Stream<Path> entries = Files.list(base)) {
            entries.filter(p -> p.getFileName().toString().matches("mp-\\d+-[0-9a-f]{12}"))
                    .filter(p -> {
                        long owner = Long.parseLong(p.getFileName().toString().split("-")[1]);
                        return ProcessHandle.of(owner).isEmpty() && Files.isWritable(p);
                    })
                    .forEach(Context::deleteTree);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
