package dev.mppractice.mp.internal;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checker's canary run: with {@value #PROPERTY}{@code =FILE} (given to the program's own JVM only, never
 * passed on to its children), every value the process receives from another process (a pool's results and
 * futures, a queue's items, a pipe's messages, a manager's replies) and every number it reads from shared memory
 * is altered, so that any use of it shows in what the program prints; so is a child's exit code other than 0. When the JVM exits, FILE holds how many
 * values were altered and how many could not be, wholly ("12 0"). A program that received values, all of them
 * altered, and whose output is still the expected one did not print what its processes sent back: it computed it
 * again, or wrote it out. A run with a value left as it was (a class of the program's own that is not a record,
 * say), or with none received, says nothing either way.
 *
 * <p>Numbers are moved by an amount no coincidence restores, strings marked (and a task's failure's message, with
 * {@link #FAILURES_PROPERTY}), booleans flipped, and lists, sets,
 * deques, maps (their values), map entries, arrays and records altered element by element.
 */
public final class Canary {
    /** The system property that turns the canary run on: the file where the count of altered values is written. */
    public static final String PROPERTY = "mp.canary";
    private static final String COUNT_FILE = System.getProperty(PROPERTY);
    /** True in a canary run. */
    static final boolean ON = COUNT_FILE != null && !COUNT_FILE.isEmpty();
    /**
     * The system property that has a canary run mark a task's failure's message too (an exercise that prints the
     * message of a failure, among results whose output changes anyway: exercise 24). Not by default: an exercise whose
     * output is the failure's message among values main computed (exercise 7's canary) would print another output then.
     */
    public static final String FAILURES_PROPERTY = "mp.canaryFailures";
    private static final boolean FAILURES = Boolean.getBoolean(FAILURES_PROPERTY);
    /**
     * The system property that has a canary run leave the result of a map's first task as it came (exercise 14, whose
     * program reduces every partial count: one that printed the first partial count alone, each worker having counted
     * the whole text, printed the expected output when every result was altered, the first included). That result is
     * counted neither as altered nor as left as is.
     */
    public static final String SPARE_FIRST_PROPERTY = "mp.canarySpareFirst";
    private static final boolean SPARE_FIRST = Boolean.getBoolean(SPARE_FIRST_PROPERTY);
    /** How deep nested values are altered. */
    private static final int DEPTH = 6;
    /** What whole numbers are moved by: no coincidence restores it. */
    private static final int SHIFT = 7919;
    private static final AtomicLong ALTERED = new AtomicLong();
    /** Values received whole or in part as they were: a class of the program's own, say, that cannot be altered. */
    private static final AtomicLong LEFT_AS_IS = new AtomicLong();

    static {
        if (ON) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.writeString(Path.of(COUNT_FILE), ALTERED.get() + " " + LEFT_AS_IS.get());
                } catch (IOException | RuntimeException e) {
                    // no count: the checker takes the run as saying nothing
                }
            }, "mp-canary-count"));
        }
    }

    private Canary() {
    }

    /**
     * Makes a canary run write its count at exit even when the program receives nothing through the library (this
     * class is loaded by its first value otherwise, and a program that printed values it wrote out itself left no
     * count, which the checker took to say nothing). Called before the program's {@code main}; nothing else.
     */
    public static void count() {
        // loading the class registers the hook that writes the count (see the static block)
    }

    /** {@code value} as received from another process: altered in a canary run, else itself. */
    public static Object received(Object value) {
        if (!ON) {
            return value;
        }
        boolean[] leftAsIs = {false};
        Object altered = alter(value, 0, leftAsIs);
        (leftAsIs[0] ? LEFT_AS_IS : ALTERED).incrementAndGet();
        return altered;
    }

    /**
     * A child's exit code as the program asks for it ({@code Process.exitCode()}), as {@link #received}: the child's
     * end reported to the parent. One other than 0 (a child that failed or was killed) is altered; 0 and null (still
     * running) are told as they are, so that a program's test for success goes on as it would.
     */
    public static Integer exitCode(Integer code) {
        return !ON || code == null || code == 0 ? code : (Integer) received(code);
    }

    /**
     * A task's failure that a whole chunk sent back, as {@link #received} when the run marks failures
     * ({@link #FAILURES_PROPERTY}); else as it came, and not counted: a failure is no value.
     */
    public static RemoteFailure failure(RemoteFailure f) {
        return ON && FAILURES ? (RemoteFailure) received(f) : f;
    }

    /** A number read from shared memory, as {@link #received}: other processes may have written it. */
    public static int read(int v) {
        return ON ? (int) received(v) : v;
    }

    /** As {@link #read(int)}. */
    public static long read(long v) {
        return ON ? (long) received(v) : v;
    }

    /** As {@link #read(int)}. */
    public static double read(double v) {
        return ON ? (double) received(v) : v;
    }

    /**
     * Each of {@code values} as {@link #received}; the list itself when the run is no canary run. With
     * {@code firstOfAMap} (the results of a chunk that holds a map's first task), the first is left as it came when the
     * run spares it ({@link #SPARE_FIRST_PROPERTY}).
     */
    public static List<Object> receivedAll(List<Object> values, boolean firstOfAMap) {
        if (!ON || values == null) {
            return values;
        }
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(SPARE_FIRST && firstOfAMap && out.isEmpty() ? v : received(v));
        }
        return out;
    }

    /** True when the canary run can alter the whole of {@code v} (for tests). */
    static boolean alterable(Object v) {
        boolean[] leftAsIs = {false};
        alter(v, 0, leftAsIs);
        return !leftAsIs[0];
    }

    /** {@code v} altered (see the class comment), for tests; what could not be altered is left as it is. */
    static Object alter(Object v, int depth) {
        return alter(v, depth, new boolean[1]);
    }

    /**
     * {@code v} altered; sets {@code leftAsIs[0]} when some part of it could not be altered (a class of its own that
     * is not a record, a record whose constructor refuses the altered values, ...): a program that prints such a
     * value unchanged says nothing about where its output came from.
     */
    private static Object alter(Object v, int depth, boolean[] leftAsIs) {
        if (v instanceof RemoteFailure f) {
            // thrown where the result would be used; no value, so it leaves nothing as it was, marked or not
            return FAILURES ? f.marked() : f;
        }
        if (v == null || v instanceof Throwable) {
            return v;
        }
        if (depth > DEPTH) {
            leftAsIs[0] = true; // nested deeper than the run alters
            return v;
        }
        if (v instanceof Integer i) return i + SHIFT;
        if (v instanceof Long l) return l + SHIFT;
        if (v instanceof Double d) return d + 0.5;
        if (v instanceof Float f) return f + 0.5f;
        if (v instanceof Short s) return (short) (s + 79);
        if (v instanceof Byte b) return (byte) (b + 7);
        if (v instanceof Character c) return (char) (c + 1);
        if (v instanceof Boolean b) return !b;
        if (v instanceof String s) return s + "~";
        if (v instanceof java.math.BigInteger b) return b.add(java.math.BigInteger.valueOf(SHIFT));
        if (v instanceof java.math.BigDecimal b) return b.add(java.math.BigDecimal.valueOf(SHIFT));
        if (v instanceof java.util.concurrent.atomic.AtomicInteger a) return new java.util.concurrent.atomic.AtomicInteger(a.get() + SHIFT);
        if (v instanceof AtomicLong a) return new AtomicLong(a.get() + SHIFT);
        if (v.getClass().isArray() && v.getClass().getComponentType().isPrimitive()) {
            int n = java.lang.reflect.Array.getLength(v);
            Object c = java.lang.reflect.Array.newInstance(v.getClass().getComponentType(), n);
            for (int i = 0; i < n; i++) {
                java.lang.reflect.Array.set(c, i, alter(java.lang.reflect.Array.get(v, i), depth, leftAsIs));
            }
            return c;
        }
        if (v instanceof Object[] a) {
            Object[] c = a.clone();
            for (int i = 0; i < c.length; i++) c[i] = alter(c[i], depth + 1, leftAsIs);
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            for (Object e : l) c.add(alter(e, depth + 1, leftAsIs));
            return c;
        }
        if (v instanceof Set<?> s) {
            Set<Object> c = new LinkedHashSet<>();
            for (Object e : s) c.add(alter(e, depth + 1, leftAsIs));
            return c;
        }
        if (v instanceof java.util.Deque<?> d) {
            java.util.Deque<Object> c = new java.util.ArrayDeque<>();
            for (Object e : d) c.add(alter(e, depth + 1, leftAsIs));
            return c;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) c.put(e.getKey(), alter(e.getValue(), depth + 1, leftAsIs));
            return c;
        }
        if (v instanceof Map.Entry<?, ?> e) {
            return new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), alter(e.getValue(), depth + 1, leftAsIs));
        }
        if (v.getClass().isRecord()) {
            Object r = alterRecord(v, depth, leftAsIs);
            if (r == v) leftAsIs[0] = true;
            return r;
        }
        leftAsIs[0] = true;
        return v;
    }

    /** A record rebuilt with each component altered; the record itself when that cannot be done. */
    private static Object alterRecord(Object r, int depth, boolean[] leftAsIs) {
        try {
            RecordComponent[] parts = r.getClass().getRecordComponents();
            Class<?>[] types = new Class<?>[parts.length];
            Object[] values = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                parts[i].getAccessor().setAccessible(true);
                Object altered = alter(parts[i].getAccessor().invoke(r), depth + 1, leftAsIs);
                values[i] = altered != null && types[i].isPrimitive() || altered == null || types[i].isInstance(altered)
                        ? altered : parts[i].getAccessor().invoke(r);
            }
            Constructor<?> c = r.getClass().getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(values);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return r;
        }
    }
}
