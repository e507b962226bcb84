package dev.mppractice.mp.internal;

import java.io.IOException;
import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * What one Java-serialized stream from another process may create, and how much: an allow-list
 * of classes, and limits that real programs never reach but that stop a stream of 50 bytes from
 * allocating gigabytes. One filter per stream: the limits depend on the stream's length.
 *
 * <p><b>Classes.</b> A class is allowed when it is one of:
 * <ul>
 * <li>the JDK's value types and common collections, by name ({@link #JDK_CLASSES}): boxed
 *     primitives, strings, big numbers, {@code java.time}, the collections of {@code java.util}
 *     and {@code java.util.concurrent} (and the classes their serial forms use and resolve to:
 *     {@code CollSer} and {@code ImmutableCollections} for {@code List.of}, the locks inside
 *     blocking queues), {@code SerializedLambda} and the lambda it resolves to (a hidden class,
 *     which no stream can name);
 * <li>any class of a {@code java.*} package that is an enum, a record, an interface (only ever
 *     the type of an array or a {@code Class} object: a stream cannot instantiate one; the
 *     capturing class of {@code Comparator.comparing} is {@code java.util.Comparator}), a
 *     {@code Throwable} (a program may send an exception as a value), or in {@code java.time};
 * <li>the library's own classes ({@code dev.mppractice.mp} and its {@code internal} package:
 *     handles, exceptions, tasks) and the benchmark shipped with it, found where the library
 *     itself was loaded from;
 * <li>the program's own classes: loaded by the application class loader (or a child of it)
 *     from a class path entry that is a directory (learners' exercises are compiled into one;
 *     so are tests), or a jar that is not a published library.
 * </ul>
 * Everything else is refused, notably {@code java.net} ({@code URL} is the URLDNS gadget: its
 * {@code hashCode} resolves its host), {@code java.io.File} and the rest of {@code java.io}
 * (but its exceptions), reflection, proxies, the JDK's non-{@code java.*} packages (the
 * {@code javax.management} and {@code com.sun} gadgets), the mp-practice tool's own packages,
 * and libraries on the class path or bundled in the tool's jar (picocli, JLine, Jackson...).
 *
 * <p>How a program's jar is told from a library's: the jar the program's main class came from
 * (or the jar run with {@code java -jar}) is the program's, whatever it carries ({@link
 * #PROGRAM_JAR_PROPERTY}: the top process finds it, its children are told it); any other jar is
 * a published library when it carries a Maven descriptor ({@code META-INF/maven/.../pom.properties})
 * or an OSGi {@code Bundle-SymbolicName} in its manifest (every jar this project depends on does);
 * a jar made with {@code jar} from a program's classes has neither. A second jar of the program
 * packaged by Maven (a module of its own) looks like a library and its classes are refused, with
 * a message that says so.
 *
 * <p><b>Limits.</b> An array may not claim more elements than the bytes still to come can
 * hold: a primitive array's elements are written raw, so {@code length * size} must fit in
 * what is left of the stream; an element of a reference array takes at least one byte, and
 * the JDK's hash tables size their table at up to a few slots per entry, so a reference array
 * may have up to {@value #SLOTS_PER_BYTE} elements per byte left. The count of bytes left is
 * generous by {@value #READ_AHEAD} bytes, what {@link java.io.ObjectInputStream} reads ahead in
 * block-data mode. A 16 MiB message or a 200 MB {@code byte[]} fits its stream; a
 * {@code long[0x7ffffff0]} announced in 50 bytes does not, and is refused before it is
 * allocated. Objects may nest {@value #MAX_DEPTH} deep (a thread's stack gives out around a few
 * thousand) and a stream may hold {@value #MAX_REFERENCES} objects.
 *
 * <p>Everything the library listens on is already reachable only by the process tree; this filter
 * is the second wall, so that a stream cannot instantiate gadget classes even if the first fell.
 */
final class ClassFilter implements ObjectInputFilter {
    static final long MAX_DEPTH = 1_000;
    static final long MAX_REFERENCES = 10_000_000;
    static final long SLOTS_PER_BYTE = 4;
    static final long READ_AHEAD = 2_048;

    /** The JDK's classes a stream may create (in {@code java.*} packages besides the kinds allowed wholesale). */
    private static final Set<String> JDK_CLASSES = Set.of(
            // java.lang
            "java.lang.Object", "java.lang.Number", "java.lang.Enum", "java.lang.String",
            "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.StringBuilder", "java.lang.StringBuffer", "java.lang.StackTraceElement",
            "java.lang.String$CaseInsensitiveComparator", "java.lang.invoke.SerializedLambda",
            // java.math, java.util.regex
            "java.math.BigInteger", "java.math.BigDecimal", "java.math.MathContext", "java.util.regex.Pattern",
            // java.util values
            "java.util.UUID", "java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.BitSet",
            "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
            // java.util collections
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.PriorityQueue",
            "java.util.Vector", "java.util.Stack", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.IdentityHashMap", "java.util.Hashtable", "java.util.EnumMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumSet",
            "java.util.RegularEnumSet", "java.util.JumboEnumSet", "java.util.EnumSet$SerializationProxy",
            "java.util.CollSer", "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
            "java.util.Arrays$ArrayList", "java.util.Comparators$NullComparator",
            "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
            "java.util.Collections$UnmodifiableSortedSet", "java.util.Collections$UnmodifiableNavigableSet",
            "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
            "java.util.Collections$UnmodifiableNavigableMap", "java.util.Collections$SynchronizedCollection",
            "java.util.Collections$SynchronizedList", "java.util.Collections$SynchronizedRandomAccessList",
            "java.util.Collections$SynchronizedSet", "java.util.Collections$SynchronizedSortedSet",
            "java.util.Collections$SynchronizedNavigableSet", "java.util.Collections$SynchronizedMap",
            "java.util.Collections$SynchronizedSortedMap", "java.util.Collections$SynchronizedNavigableMap",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap", "java.util.Collections$CopiesList",
            "java.util.Collections$SetFromMap", "java.util.Collections$ReverseComparator",
            "java.util.Collections$ReverseComparator2",
            // java.util.concurrent collections, and the locks some of them carry
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Segment",
            "java.util.concurrent.ConcurrentHashMap$KeySetView", "java.util.concurrent.ConcurrentHashMap$CollectionView",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ConcurrentLinkedDeque",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
            "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingDeque",
            "java.util.concurrent.ArrayBlockingQueue", "java.util.concurrent.PriorityBlockingQueue",
            "java.util.concurrent.locks.ReentrantLock", "java.util.concurrent.locks.ReentrantLock$Sync",
            "java.util.concurrent.locks.ReentrantLock$NonfairSync", "java.util.concurrent.locks.ReentrantLock$FairSync",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
            "java.util.concurrent.locks.AbstractOwnableSynchronizer",
            // java.util.concurrent.atomic
            "java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicReference",
            "java.util.concurrent.atomic.AtomicIntegerArray", "java.util.concurrent.atomic.AtomicLongArray",
            "java.util.concurrent.atomic.AtomicReferenceArray", "java.util.concurrent.atomic.LongAdder",
            "java.util.concurrent.atomic.LongAdder$SerializationProxy", "java.util.concurrent.atomic.DoubleAdder",
            "java.util.concurrent.atomic.DoubleAdder$SerializationProxy", "java.util.concurrent.atomic.LongAccumulator",
            "java.util.concurrent.atomic.LongAccumulator$SerializationProxy",
            "java.util.concurrent.atomic.DoubleAccumulator",
            "java.util.concurrent.atomic.DoubleAccumulator$SerializationProxy");

    /** The library's packages, and the programs shipped beside it in its jar. */
    private static final Set<String> LIBRARY_PACKAGES = Set.of(
            "dev.mppractice.mp", "dev.mppractice.mp.internal", "dev.mppractice.bench");

    /** Where the library was loaded from: the tool's jar, or a classes directory. */
    private static final Path LIBRARY = ClassLocation.of(ClassFilter.class);

    /**
     * The system property that names the jar of the program's main class in a child JVM (its parent
     * passes it on: a child's own main class is the library's).
     */
    static final String PROGRAM_JAR_PROPERTY = "mp.programJar";

    /** Whether each jar of the class path is a published library (true) or the program's. */
    private static final Map<Path, Boolean> PUBLISHED = new ConcurrentHashMap<>();

    /** Why each class is refused, or {@code ""} when it is allowed: decided once per class. */
    private static final ClassValue<String> REFUSALS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            String why = decide(type);
            return why == null ? "" : why;
        }
    };

    private final long streamLength;
    private volatile String refusal;

    /** A filter for a stream of {@code streamLength} bytes. */
    ClassFilter(long streamLength) {
        this.streamLength = streamLength;
    }

    /** What this filter refused, and why; null if it refused nothing. */
    String refusal() {
        return refusal;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH) {
            return refuse("objects nested " + info.depth() + " deep (at most " + MAX_DEPTH + ")");
        }
        if (info.references() > MAX_REFERENCES) {
            return refuse("more than " + MAX_REFERENCES + " objects in one message");
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;
        }
        if (info.arrayLength() >= 0 && type.isArray()) {
            String tooLong = arrayTooLong(type.getComponentType(), info.arrayLength(), info.streamBytes());
            if (tooLong != null) {
                return refuse(tooLong);
            }
        }
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive()) {
            return Status.ALLOWED;
        }
        String why = refusalOf(element);
        return why == null ? Status.ALLOWED : refuse("refused to create " + element.getName() + ": " + why);
    }

    private Status refuse(String why) {
        if (refusal == null) {
            refusal = why;
        }
        return Status.REJECTED;
    }

    /** Why an array of {@code length} {@code component}s cannot come from what is left of the stream; null if it can. */
    private String arrayTooLong(Class<?> component, long length, long consumed) {
        long left = Math.max(0, streamLength - consumed) + READ_AHEAD;
        int size = component.isPrimitive() ? primitiveSize(component) : 0;
        boolean fits = size > 0 ? length <= left / size : length <= left * SLOTS_PER_BYTE;
        if (fits) {
            return null;
        }
        return "an array of " + length + " " + component.getName() + " elements is announced, but only "
                + Math.max(0, streamLength - consumed) + " bytes of the message are left to hold them";
    }

    private static int primitiveSize(Class<?> p) {
        if (p == long.class || p == double.class) {
            return 8;
        }
        if (p == int.class || p == float.class) {
            return 4;
        }
        if (p == char.class || p == short.class) {
            return 2;
        }
        return 1;
    }

    /** Why a stream may not create {@code type} (nor an array of it); null when it may. */
    static String refusalOf(Class<?> type) {
        String why = REFUSALS.get(type);
        return why.isEmpty() ? null : why;
    }

    private static String decide(Class<?> type) {
        if (Proxy.isProxyClass(type)) {
            return "a dynamic proxy";
        }
        if (type.isHidden()) {
            // A lambda, as its SerializedLambda resolved to (the filter sees what readResolve
            // returns): no stream can name a hidden class, so this one was made by the
            // $deserializeLambda$ of a class the filter has already allowed.
            return null;
        }
        ClassLoader loader = type.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return jdkRefusal(type);
        }
        Path from = ClassLocation.of(type);
        if (from == null) {
            return "it was not loaded from the class path (no code source)";
        }
        if (from.equals(LIBRARY)) {
            return LIBRARY_PACKAGES.contains(type.getPackageName()) ? null
                    : "it is part of the mp-practice tool or a library bundled with it (" + from + "), not of the program";
        }
        if (Files.isDirectory(from) || from.equals(ProgramJar.PATH)) {
            return null;
        }
        if (published(from)) {
            return "it comes from the library " + from.getFileName() + " on the class path, not from the program"
                    + " (a jar other than the main class's, with a Maven descriptor or an OSGi bundle name, is"
                    + " taken for a library: put the program's classes in its main jar or run it from its classes"
                    + " directories)";
        }
        return null;
    }

    private static String jdkRefusal(Class<?> type) {
        if (JDK_CLASSES.contains(type.getName())) {
            return null;
        }
        String pkg = type.getPackageName();
        if (pkg.startsWith("java.")) {
            if (type.isEnum() || type.isRecord() || type.isInterface() || Throwable.class.isAssignableFrom(type)
                    || pkg.equals("java.time") || pkg.startsWith("java.time.")) {
                return null;
            }
        }
        return "not one of the JDK's value types and collections that the mp library lets a message create";
    }

    /** The jar of the program's main class, or null (a directory, or not found); see {@link #PROGRAM_JAR_PROPERTY}. */
    static Path programJar() {
        return ProgramJar.PATH;
    }

    /** Found once, when a class from a jar is first judged or a child is first started. */
    private static final class ProgramJar {
        static final Path PATH = find();

        private static Path find() {
            String passed = System.getProperty(PROGRAM_JAR_PROPERTY);
            if (passed != null) {
                return passed.isEmpty() ? null : Path.of(passed).toAbsolutePath().normalize();
            }
            // "app.jar args..." after java -jar (then the class path is that jar), "pkg.Main args..." otherwise.
            String command = System.getProperty("sun.java.command", "");
            String classPath = System.getProperty("java.class.path", "");
            if (!classPath.isEmpty() && !classPath.contains(java.io.File.pathSeparator)
                    && (command.equals(classPath) || command.startsWith(classPath + " "))) {
                Path jar = Path.of(classPath).toAbsolutePath().normalize();
                return Files.isRegularFile(jar) ? jar : null;
            }
            int space = command.indexOf(' ');
            String main = space < 0 ? command : command.substring(0, space);
            main = main.substring(main.indexOf('/') + 1); // --module m/pkg.Main
            if (main.isEmpty()) {
                return null;
            }
            try {
                Path from = ClassLocation.of(Class.forName(main, false, ClassLoader.getSystemClassLoader()));
                return from != null && Files.isRegularFile(from) ? from : null;
            } catch (ClassNotFoundException | LinkageError e) {
                return null; // a source-file program, or a main class the system class loader does not see
            }
        }
    }

    /** True for a jar published as a library: a Maven descriptor, or an OSGi bundle name. */
    private static boolean published(Path jar) {
        return PUBLISHED.computeIfAbsent(jar, j -> {
            try (JarFile f = new JarFile(j.toFile())) {
                java.util.jar.Manifest m = f.getManifest();
                if (m != null && m.getMainAttributes().containsKey(new Attributes.Name("Bundle-SymbolicName"))) {
                    return true;
                }
                return f.stream().anyMatch(e -> e.getName().startsWith("META-INF/maven/")
                        && e.getName().endsWith("/pom.properties"));
            } catch (IOException e) {
                return true; // a jar that cannot be read is not taken for the program's
            }
        });
    }
}
