package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The flags of the JVMs this project forks, in one place: the library's child JVMs
 * ({@link ChildProcess}) and the program the checker runs. Both kinds start often and mostly
 * live briefly, so both are tuned for start-up, and both get a bounded heap.
 *
 * <h2>The heap of a forked JVM</h2>
 *
 * A JVM left to itself may grow its heap to a quarter of the machine's memory (6 GB on a 24 GB
 * machine) before it throws {@link OutOfMemoryError}: a runaway child takes that much from every
 * other program first, and a pool of them takes it once per worker. A forked JVM therefore gets
 * the JVM's own default (a quarter of the memory, or of the container's limit) but
 * {@linkplain #DEFAULT_MAX_HEAP_CAP never more than 2 GB}: {@code -XX:ErgoHeapSizeLimit=2g}, so
 * that the forked JVM itself takes the smaller of the two. A heap limit is a ceiling, not a
 * reservation: a child that needs little uses little.
 *
 * <p>Why 2 GB. Measured on this project's machine (2 cores, 24 GB, shared): a child that allocates
 * without bound now ends with {@code OutOfMemoryError} after 1.98 GB, in about 6 s, instead of
 * growing to 5.9 GB. A task that captures N bytes needs about 2N in a child while it is received
 * and decoded, about 3N in a pool worker (frame, copy, decoded objects), and the serial collector
 * puts arrays that large in its old generation, two thirds of the heap: 2 GB keeps captures of
 * a few hundred megabytes working (tested with 200 MB, tried with 500 MB), which 1 GB would not
 * for a pool. A fixed cap, rather than a share of the memory per processor, keeps what a program
 * may capture the same on every machine with 8 GB or more.
 *
 * <p>The system property {@value #MAX_HEAP_PROPERTY} of the starting JVM changes the limit: a size
 * as {@code -Xmx} takes it ({@code 512m}, {@code 4g}), or {@code jvm} for the JVM's own default.
 * A heap flag among the extra flags of {@code mp.childJvmArgs} ({@code -Xmx},
 * {@code -XX:MaxHeapSize}, {@code -XX:MaxRAMPercentage}, {@code -XX:MaxRAM}) wins over both.
 */
public final class JvmFlags {
    /** Sets the maximum heap of the JVMs this one forks (see the class comment). */
    public static final String MAX_HEAP_PROPERTY = "mp.childMaxHeap";
    /** The most heap a forked JVM gets by default: 2 GB. */
    public static final long DEFAULT_MAX_HEAP_CAP = 2L << 30;
    private static final String DEFAULT_MAX_HEAP = "-XX:ErgoHeapSizeLimit=" + (DEFAULT_MAX_HEAP_CAP >> 20) + "m";

    /** How long the forked JVM's work is: it decides which compilers are worth starting. */
    public enum Work {
        /** Short-lived: the C1 compiler alone, which starts fastest. */
        SHORT,
        /** Long CPU-bound work (pool workers): the full, optimizing compiler as well. */
        LONG
    }

    /**
     * Serial collector (starts fastest), no performance-data file in /tmp, and flags of another
     * JDK ignored rather than fatal. Class-data sharing is left at the JVM's default (on when
     * usable): JDK 25 refuses {@code -Xshare} beside its ahead-of-time cache ({@link ClassDataArchive}).
     *
     * <p>Tried and not kept: mapping the class-data archive where it was written
     * ({@code -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0}; JDK 17.0.15 maps it at a random
     * address and rewrites its pointers first, 28 ms of an empty JVM's start by {@code -Xlog:cds}). An empty
     * program took 0.78x the wall time with it, but a library child's start and join 1.06x (mp-bench's row d,
     * 6 runs each way in turn, every one slower), a loop of 10 starts 1.05x, and exercise 1's program with its
     * child 0.98x the wall time and 1.00x the processor time (farm-bench, 15 pairs): nothing gained where it counts.
     */
    private static final List<String> START_UP = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-XX:+IgnoreUnrecognizedVMOptions");
    /** C1 alone: starts fastest, runs long CPU-bound work slower. {@code -Dmp.fullJit=true} keeps C2. */
    private static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1");
    private static final Pattern HEAP_SIZE = Pattern.compile("\\d+[kKmMgGtT]?");
    private static final Pattern HEAP_FLAG = Pattern.compile("-Xmx.*|-XX:(MaxHeapSize|MaxRAMPercentage|MaxRAMFraction|MaxRAM)=.*");

    /** The {@code java} launcher of the JDK this JVM runs on. */
    public static String java() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    /**
     * A short-lived JVM (a child of the library, the checker's program) compiles a method after
     * twice the calls (and a loop after twice the turns) the JVM's default asks for. A child that starts, runs a small task and ends
     * spends about a quarter of its processor time in the compiler thread, compiling some 270
     * methods of its own boot that it never runs again; with this, about 135. Measured in paired
     * runs: 0.91x the processor time of a loop of 20 starts and joins, and 1.01x (the same, within
     * the noise) for a child that computes for 0.6 s of processor time: its hot methods are
     * compiled a few hundred calls later, a loop a few ten thousand turns later. The checker's
     * program JVM too (farm-bench, paired, the reference solution run as the checker starts it):
     * exercise 1, 0.93x the processor time and 0.98x the wall time (15 pairs); exercise 14, whose
     * main counts the words, 0.98x and 0.99x (10 pairs).
     */
    private static final List<String> FEWER_COMPILES = List.of("-XX:CompileThresholdScaling=2");

    /** Where Linux says whether a program may ask for transparent huge pages. */
    private static final Path TRANSPARENT_HUGE_PAGES = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    /** {@link #hugePages(String)} of this machine, read once. */
    private static volatile List<String> hugePages;

    private JvmFlags() {
    }

    /**
     * The flag that asks for the heap in transparent huge pages (2 MB), when the system gives them on
     * request only ({@code [madvise]} in {@code /sys/kernel/mm/transparent_hugepage/enabled}, given here
     * as {@code setting}, or null where there is no such file): with {@code [always]} the heap gets them
     * without asking, and with {@code [never]} the flag would print a warning on the program's standard
     * error. Why: a JVM's heap is touched for the first time as the program allocates, one page fault
     * per 4 KB page, and on a virtual machine a page fault is slow (15 us on this project's machine): a
     * new 800 KB array took 3 ms, 200 of them (160 MB, the serial collector's young generation filled
     * once) 370-410 ms, and 16-20 ms with huge pages. Measured with it, against without (paired runs):
     * a JVM's start 0.93x the wall time (15 pairs), row i's warm-pool map of 8 images of 200,000 pixels
     * 98 ms against 127 (medians of 7 runs), a start and join of a child the same (146 against 153 ms);
     * the cost, 8 to 17 MB more resident memory in a pool worker (its heap rounded up to 2 MB pages).
     */
    static List<String> hugePages(String setting) {
        return setting != null && setting.contains("[madvise]") ? List.of("-XX:+UseTransparentHugePages") : List.of();
    }

    private static List<String> hugePages() {
        List<String> flags = hugePages;
        if (flags == null) {
            String setting = null;
            try {
                setting = java.nio.file.Files.readString(TRANSPARENT_HUGE_PAGES);
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux, or not readable: no flag
            }
            hugePages = flags = hugePages(setting);
        }
        return flags;
    }

    /** The start-up flags for a JVM doing {@code work}: for short work, the quick compiler alone, compiling less. */
    public static List<String> startUp(Work work) {
        List<String> flags = new ArrayList<>(START_UP);
        flags.addAll(hugePages());
        if (c1Only(work)) {
            flags.addAll(C1_ONLY);
            flags.addAll(FEWER_COMPILES);
        }
        return flags;
    }

    private static boolean c1Only(Work work) {
        return work == Work.SHORT && !Boolean.getBoolean("mp.fullJit");
    }

    /**
     * The heap flags for a forked JVM that is also given {@code userFlags}, as the class comment
     * says: its limit (none when {@code userFlags} set the heap themselves or
     * {@value #MAX_HEAP_PROPERTY} is {@code jvm}), and {@value #MAX_HEAP_PROPERTY} as this JVM has
     * it, so that the JVMs that one forks in turn get the same limit.
     *
     * @throws ProcessException if {@value #MAX_HEAP_PROPERTY} is neither a heap size nor {@code jvm}
     */
    public static List<String> heap(List<String> userFlags) {
        String size = System.getProperty(MAX_HEAP_PROPERTY);
        if (size != null) {
            size = size.trim();
            if (!size.equals("jvm") && !HEAP_SIZE.matcher(size).matches()) {
                throw new ProcessException("-D" + MAX_HEAP_PROPERTY + "=" + size + " is not a heap size: give it as -Xmx"
                        + " takes it (512m, 4g), or as 'jvm' for the JVM's own default");
            }
        }
        List<String> flags = new ArrayList<>();
        if (userFlags.stream().noneMatch(f -> HEAP_FLAG.matcher(f).matches()) && !"jvm".equals(size)) {
            flags.add(size != null ? "-Xmx" + size : DEFAULT_MAX_HEAP);
        }
        if (size != null) {
            flags.add("-D" + MAX_HEAP_PROPERTY + "=" + size);
        }
        return flags;
    }

    /** Flags given as one string (a system property), split at white space. */
    public static List<String> split(String flags) {
        return flags == null || flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }
}
