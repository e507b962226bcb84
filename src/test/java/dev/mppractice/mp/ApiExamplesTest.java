package dev.mppractice.mp;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of the contract ({@code docs/api.md}) written out as programs, compiled against the
 * library's classes alone (nothing else of the project, no other library) and run in JVMs of
 * their own, whose children therefore run on the library alone too.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApiExamplesTest {

    /**
     * The learner's program of API.md's "Shape of the code a learner writes", as printed there;
     * the elided body of {@code computePrimes} and the imports it needs are filled in below.
     */
    static final String PRIMES_AS_IN_API_MD = """
            import dev.mppractice.mp.Pool;
            import dev.mppractice.mp.Process;   // single-type import: it shadows java.lang.Process
            import dev.mppractice.mp.Queue;

            public class PrimesOverQueue {
                static void computePrimes(int limit, Queue<List<Integer>> out) { ... out.put(primes); }

                public static void main(String[] args) {
                    Queue<List<Integer>> q = new Queue<>();
                    Process p = new Process(() -> computePrimes(50, q));
                    p.start();
                    System.out.println(q.get());
                    p.join();
                }
            }
            """;

    static String primesProgram() {
        String filled = PRIMES_AS_IN_API_MD
                .replace("import dev.mppractice.mp.Queue;\n", "import dev.mppractice.mp.Queue;\nimport java.util.ArrayList;\nimport java.util.List;\n")
                .replace("{ ... out.put(primes); }", """
                        {
                                List<Integer> primes = new ArrayList<>();
                                for (int n = 2; n < limit; n++) {
                                    boolean prime = true;
                                    for (int d = 2; d * d <= n; d++) {
                                        prime &= n % d != 0;
                                    }
                                    if (prime) {
                                        primes.add(n);
                                    }
                                }
                                out.put(primes);
                            }""");
        assertTrue(filled.contains("for (int n = 2") && filled.contains("import java.util.List;"), "the example could not be filled in");
        return filled;
    }

    static final String PROCESS_TOUR = """
            import dev.mppractice.mp.Multiprocessing;
            import dev.mppractice.mp.Process;
            import dev.mppractice.mp.ProcessException;
            import dev.mppractice.mp.Queue;
            import java.time.Duration;

            public class ProcessTour {
                public static void main(String[] args) throws Exception {
                    System.out.println(Multiprocessing.currentProcessName());
                    Queue<String> names = new Queue<>();
                    Process p = new Process(() -> names.put(Multiprocessing.currentProcessName()));
                    System.out.println(p.exitCode() + " " + p.isAlive() + " " + p.pid());
                    p.start();
                    System.out.println(names.get());
                    p.join();
                    System.out.println(p.exitCode() + " " + (p.pid() != Multiprocessing.currentPid()));

                    Process exits = new Process(() -> System.exit(3), "Exits");
                    exits.start();
                    exits.join();
                    System.out.println(exits.getName() + " " + exits.exitCode());

                    Process throwing = new Process(() -> { throw new IllegalStateException("on purpose"); });
                    throwing.start();
                    throwing.join();
                    System.out.println(throwing.exitCode());

                    Process sleeper = new Process(() -> Thread.sleep(60_000));
                    sleeper.setDaemon(true);
                    sleeper.start();
                    sleeper.join(Duration.ofMillis(200));
                    System.out.println(sleeper.isAlive() + " " + sleeper.exitCode());
                    sleeper.terminate();
                    sleeper.join();
                    System.out.println(sleeper.exitCode());

                    Process killed = new Process(() -> Thread.sleep(60_000));
                    killed.start();
                    killed.kill();
                    killed.join();
                    System.out.println(killed.exitCode());

                    Object notSerializable = new Object();
                    Process cannot = new Process(() -> System.out.println(notSerializable));
                    try {
                        cannot.start();
                    } catch (ProcessException e) {
                        System.out.println("cannot start: " + e.getMessage().contains("java.lang.Object"));
                    }
                    System.out.println(Multiprocessing.cpuCount() == Runtime.getRuntime().availableProcessors());
                }
            }
            """;

    static final String PROCESS_TOUR_OUTPUT = """
            MainProcess
            null false null
            Process-1
            0 true
            Exits 3
            1
            true null
            -15
            -9
            cannot start: true
            true
            """;

    static final String POOL_TOUR = """
            import dev.mppractice.mp.Args;
            import dev.mppractice.mp.AsyncResult;
            import dev.mppractice.mp.Multiprocessing;
            import dev.mppractice.mp.Pool;
            import java.time.Duration;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.TreeSet;

            public class PoolTour {
                static int square(int x) {
                    return x * x;
                }

                static int multiply(int a, int b) {
                    return a * b;
                }

                public static void main(String[] args) throws Exception {
                    try (Pool pool = new Pool(2)) {
                        System.out.println(pool.map(PoolTour::square, List.of(1, 2, 3, 4)));
                        System.out.println(pool.map(PoolTour::square, List.of(1, 2, 3, 4, 5), 2));
                        System.out.println(pool.starmap(PoolTour::multiply, List.of(Args.of(2, 3), Args.of(4, 5))));
                        System.out.println(pool.starmap((String s, Integer n, Character c) -> s.repeat(n) + c,
                                List.of(Args.of("ab", 2, '!'))));

                        AsyncResult<Integer> r = pool.applyAsync(() -> square(7));
                        System.out.println(r.get(Duration.ofSeconds(30)) + " " + r.ready() + " " + r.successful());
                        System.out.println(pool.applyAsync(PoolTour::square, 8).get());

                        List<Integer> ordered = new ArrayList<>();
                        for (int x : pool.imap(PoolTour::square, List.of(1, 2, 3))) {
                            ordered.add(x);
                        }
                        System.out.println(ordered);
                        TreeSet<Integer> unordered = new TreeSet<>();
                        for (int x : pool.imapUnordered(PoolTour::square, List.of(1, 2, 3, 4), 2)) {
                            unordered.add(x);
                        }
                        System.out.println(unordered);

                        AsyncResult<Integer> slow = pool.applyAsync(() -> {
                            Thread.sleep(1500);
                            return 1;
                        });
                        try {
                            slow.get(Duration.ofMillis(100));
                        } catch (RuntimeException e) {
                            System.out.println("timeout: " + e.getClass().getSimpleName().contains("Timeout"));
                        }
                        System.out.println(slow.get());

                        try {
                            pool.map(x -> {
                                if (x == 2) {
                                    throw new IllegalArgumentException("bad " + x);
                                }
                                return x;
                            }, List.of(1, 2, 3));
                        } catch (IllegalArgumentException e) {
                            System.out.println("caught " + e.getMessage());
                        }
                        TreeSet<String> names = new TreeSet<>(pool.map(x -> Multiprocessing.currentProcessName().replaceAll("\\\\d+", "N"),
                                List.of(1, 2, 3, 4)));
                        System.out.println(names);
                    }
                    Pool all = new Pool();
                    System.out.println(all.size() == Multiprocessing.cpuCount());
                    all.terminate();
                }
            }
            """;

    static final String POOL_TOUR_OUTPUT = """
            [1, 4, 9, 16]
            [1, 4, 9, 16, 25]
            [6, 20]
            [abab!]
            49 true true
            64
            [1, 4, 9]
            [1, 4, 9, 16]
            timeout: true
            1
            caught bad 2
            [PoolWorker-N]
            true
            """;

    static final String SHARED_MEMORY_TOUR = """
            import dev.mppractice.mp.Array;
            import dev.mppractice.mp.DoubleValue;
            import dev.mppractice.mp.IntArray;
            import dev.mppractice.mp.IntValue;
            import dev.mppractice.mp.Lock;
            import dev.mppractice.mp.LongArray;
            import dev.mppractice.mp.Process;
            import dev.mppractice.mp.Value;
            import java.time.Duration;
            import java.util.ArrayList;
            import java.util.Arrays;
            import java.util.List;

            public class SharedMemoryTour {
                public static void main(String[] args) throws Exception {
                    IntValue counter = Value.ofInt(0);
                    List<Process> ps = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        ps.add(new Process(() -> {
                            for (int n = 0; n < 1000; n++) {
                                try (var held = counter.getLock().acquire()) {
                                    counter.set(counter.get() + 1);
                                }
                            }
                        }));
                    }
                    ps.forEach(Process::start);
                    ps.forEach(Process::join);
                    System.out.println(counter.get());

                    IntArray squares = Array.ofInts(5);
                    Process p = new Process(() -> { for (int i = 0; i < 5; i++) squares.set(i, i * i); });
                    p.start();
                    p.join();
                    System.out.println(squares.toList() + " " + squares.length());

                    DoubleValue half = Value.ofDouble(0.5);
                    LongArray longs = Array.ofLongs(1L, 2L);
                    Process q = new Process(() -> { half.set(half.get() * 3); longs.set(1, longs.get(0) + 40); });
                    q.start();
                    q.join();
                    System.out.println(half.get() + " " + Arrays.toString(longs.toArray()));

                    Lock lock = new Lock();
                    try (Lock.Held held = lock.acquire(Duration.ofSeconds(1))) {
                        System.out.println("held: " + !lock.tryAcquire(Duration.ofMillis(50)));
                    }
                    System.out.println("free: " + lock.tryAcquire(Duration.ofMillis(50)));
                    lock.release();
                }
            }
            """;

    static final String SHARED_MEMORY_TOUR_OUTPUT = """
            4000
            [0, 1, 4, 9, 16] 5
            1.5 [1, 41]
            held: true
            free: true
            """;

    static final String PIPE_MANAGER_QUEUE_TOUR = """
            import dev.mppractice.mp.Connection;
            import dev.mppractice.mp.Manager;
            import dev.mppractice.mp.Pipe;
            import dev.mppractice.mp.Pool;
            import dev.mppractice.mp.Process;
            import dev.mppractice.mp.Queue;
            import java.time.Duration;
            import java.util.List;
            import java.util.Map;
            import java.util.TreeMap;

            public class PipeManagerQueueTour {
                public static void main(String[] args) throws Exception {
                    Pipe pipe = Pipe.open();
                    Connection parentEnd = pipe.left(), childEnd = pipe.right();
                    Process p = new Process(() -> childEnd.send(childEnd.<Integer>recv() * 2));
                    p.start();
                    parentEnd.send(21);
                    System.out.println(parentEnd.<Integer>recv());
                    p.join();

                    Pipe oneWay = Pipe.open(false);
                    Connection sender = oneWay.right();
                    Process s = new Process(() -> { sender.send("one way"); sender.close(); });
                    s.start();
                    System.out.println(oneWay.left().<String>recv());
                    try {
                        oneWay.left().recv();
                    } catch (RuntimeException e) {
                        System.out.println("EOF: " + e.getClass().getSimpleName().contains("EOF"));
                    }
                    s.join();
                    System.out.println(oneWay.left().poll());

                    Queue<Integer> q = new Queue<>(1);
                    q.put(1);
                    try {
                        q.put(2, Duration.ofMillis(100));
                    } catch (RuntimeException e) {
                        System.out.println("Full: " + e.getClass().getSimpleName().contains("Full"));
                    }
                    System.out.println(q.qsize() + " " + q.get() + " " + q.isEmpty());
                    try {
                        q.get(Duration.ofMillis(100));
                    } catch (RuntimeException e) {
                        System.out.println("Empty: " + e.getClass().getSimpleName().contains("Empty"));
                    }
                    try {
                        q.getNowait();
                    } catch (RuntimeException e) {
                        System.out.println("Empty: " + e.getClass().getSimpleName().contains("Empty"));
                    }

                    try (Manager manager = Manager.start()) {
                        Map<Integer, String> results = manager.dict();
                        List<String> log = manager.list();
                        try (Pool pool = new Pool(2)) {
                            pool.map(i -> results.put(i, "done"), List.of(1, 2, 3));
                        }
                        Process child = new Process(() -> log.add("from a child"));
                        child.start();
                        child.join();
                        System.out.println(new TreeMap<>(results) + " " + log);
                    }
                }
            }
            """;

    static final String PIPE_MANAGER_QUEUE_TOUR_OUTPUT = """
            42
            one way
            EOF: true
            true
            Full: true
            1 1 true
            Empty: true
            Empty: true
            {1=done, 2=done, 3=done} [from a child]
            """;

    private static Path libraryOnly;
    private static Path compiled;

    /** The library's classes, and nothing else, in a directory of their own. */
    private static Path copyTheLibraryAlone(Path into) throws IOException, URISyntaxException {
        URI location = Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        Path root = Path.of(location);
        Path from = root.resolve("dev/mppractice/mp");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.collect(Collectors.toList())) {
                Path to = into.resolve(root.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        assertTrue(Files.exists(into.resolve("dev/mppractice/mp/internal/ChildMain.class")));
        return into;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    @BeforeAll
    static void compileTheExamples(@TempDir Path tmp) throws Exception {
        libraryOnly = copyTheLibraryAlone(Files.createDirectories(tmp.resolve("library")));
        compiled = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> sources = List.of(
                new Source("PrimesOverQueue", primesProgram()),
                new Source("ProcessTour", PROCESS_TOUR),
                new Source("PoolTour", POOL_TOUR),
                new Source("SharedMemoryTour", SHARED_MEMORY_TOUR),
                new Source("PipeManagerQueueTour", PIPE_MANAGER_QUEUE_TOUR));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-proc:none", "-classpath", libraryOnly.toString(), "-d", compiled.toString()),
                    null, sources).call();
            String report = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
                    .collect(Collectors.joining("\n"));
            assertTrue(ok, "the examples do not compile against the library alone:\n" + report);
        }
    }

    /** Runs an example on the library alone and returns its standard output. */
    private static String run(String mainClass) throws Exception {
        String classPath = libraryOnly + java.io.File.pathSeparator + compiled;
        try (Jvm jvm = Jvm.start(classPath, mainClass)) {
            int exit = jvm.waitFor(secs(120));
            assertEquals(0, exit, () -> mainClass + " failed:\n" + jvm.stderr());
            return jvm.stdout() + "\n";
        }
    }

    @Test
    void theLearnersProgramInApiMdIsTheOneCompiledHere() throws IOException {
        Path apiMd = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")))
                .resolve("docs/api.md");
        Matcher block = Pattern.compile("(?s)```java\n(.*?)```").matcher(Files.readString(apiMd));
        assertTrue(block.find(), "no java block in " + apiMd);
        assertEquals(PRIMES_AS_IN_API_MD, block.group(1));
    }

    @Test
    void theLearnersProgramOfApiMdRunsOnTheLibraryAlone() throws Exception {
        assertEquals("[2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]\n", run("PrimesOverQueue"));
    }

    @Test
    void processExamplesRunOnTheLibraryAlone() throws Exception {
        assertEquals(PROCESS_TOUR_OUTPUT, run("ProcessTour"));
    }

    @Test
    void poolExamplesRunOnTheLibraryAlone() throws Exception {
        assertEquals(POOL_TOUR_OUTPUT, run("PoolTour"));
    }

    @Test
    void sharedMemoryExamplesRunOnTheLibraryAlone() throws Exception {
        assertEquals(SHARED_MEMORY_TOUR_OUTPUT, run("SharedMemoryTour"));
    }

    @Test
    void pipeManagerAndQueueExamplesRunOnTheLibraryAlone() throws Exception {
        assertEquals(PIPE_MANAGER_QUEUE_TOUR_OUTPUT, run("PipeManagerQueueTour"));
    }
}
