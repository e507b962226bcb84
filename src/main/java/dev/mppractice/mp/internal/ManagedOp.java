package dev.mppractice.mp.internal;

import dev.mppractice.mp.ProcessException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Every operation a proxy may ask of a manager's object, declared once (as CPython's
 * {@code exposed}): the type it belongs to, how the run record counts it ({@code manager-op}'s
 * {@code op}: {@code put}, {@code get}, {@code remove}, {@code size}, {@code other}), and what the
 * manager does. The proxies name these constants; the server looks the name up and runs the body
 * on the object's state, holding the state's monitor.
 *
 * <p>A <em>guarded</em> operation may have to wait (a queue's get, a lock's acquire, an event's
 * wait): its body returns {@code NOT_YET} until it can complete, and the server runs it again
 * each time the object changes, or every 50 ms, until it completes, the caller's time is up, or
 * the caller has gone away. If its answer cannot be delivered (the caller died meanwhile), its
 * {@code undo} gives back what it took.
 */
public enum ManagedOp {
    DICT_GET(ManagedType.DICT, "get", (s, a, c) -> dict(s).get(a.get(0))),
    DICT_PUT(ManagedType.DICT, "put", (s, a, c) -> dict(s).put(a.get(0), a.get(1))),
    DICT_REMOVE(ManagedType.DICT, "remove", (s, a, c) -> dict(s).remove(a.get(0))),
    DICT_CONTAINS_KEY(ManagedType.DICT, "get", (s, a, c) -> dict(s).containsKey(a.get(0))),
    DICT_CONTAINS_VALUE(ManagedType.DICT, "other", (s, a, c) -> dict(s).containsValue(a.get(0))),
    DICT_SIZE(ManagedType.DICT, "size", (s, a, c) -> dict(s).size()),
    DICT_CLEAR(ManagedType.DICT, "other", (s, a, c) -> {
        dict(s).clear();
        return null;
    }),
    DICT_SNAPSHOT(ManagedType.DICT, "get", (s, a, c) -> new LinkedHashMap<>(dict(s))),

    LIST_GET(ManagedType.LIST, "get", (s, a, c) -> list(s).get((Integer) a.get(0))),
    LIST_SET(ManagedType.LIST, "put", (s, a, c) -> list(s).set((Integer) a.get(0), a.get(1))),
    LIST_ADD(ManagedType.LIST, "put", (s, a, c) -> list(s).add(a.get(0))),
    LIST_ADD_AT(ManagedType.LIST, "put", (s, a, c) -> {
        list(s).add((Integer) a.get(0), a.get(1));
        return null;
    }),
    LIST_REMOVE_AT(ManagedType.LIST, "remove", (s, a, c) -> list(s).remove((int) (Integer) a.get(0))),
    LIST_SIZE(ManagedType.LIST, "size", (s, a, c) -> list(s).size()),
    LIST_CLEAR(ManagedType.LIST, "other", (s, a, c) -> {
        list(s).clear();
        return null;
    }),
    LIST_SNAPSHOT(ManagedType.LIST, "get", (s, a, c) -> new ArrayList<>(list(s))),

    NAMESPACE_SET(ManagedType.NAMESPACE, "put", (s, a, c) -> names(s).put((String) a.get(0), a.get(1))),
    NAMESPACE_GET(ManagedType.NAMESPACE, "get", (s, a, c) -> {
        Map<String, Object> names = names(s);
        String name = (String) a.get(0);
        if (!names.containsKey(name)) {
            throw new NoSuchElementException("the namespace has no name \"" + name + "\" (it has " + names.keySet() + ")");
        }
        return names.get(name);
    }),
    NAMESPACE_REMOVE(ManagedType.NAMESPACE, "remove", (s, a, c) -> names(s).remove((String) a.get(0))),
    NAMESPACE_NAMES(ManagedType.NAMESPACE, "get", (s, a, c) -> new ArrayList<>(names(s).keySet())),

    /** Arguments: the item and its message id (or null); the pair is what a get returns. */
    QUEUE_PUT(ManagedType.QUEUE, "put", (s, a, c) -> {
        queue(s).addLast(new ArrayList<>(a));
        return null;
    }),
    QUEUE_GET(ManagedType.QUEUE, "get", (s, a, c) -> {
        Object pair = queue(s).pollFirst();
        return pair == null ? Body.NOT_YET : pair;
    }, (s, result, c) -> queue(s).addFirst(result)),
    QUEUE_SIZE(ManagedType.QUEUE, "size", (s, a, c) -> queue(s).size()),

    /** Returns true when the lock was taken over from a holder that had ended. */
    LOCK_ACQUIRE(ManagedType.LOCK, "other", (s, a, c) -> {
        ManagedType.LockState lock = (ManagedType.LockState) s;
        if (lock.holder == null) {
            lock.holder = c.identity();
            return false;
        }
        if (!lock.holder.alive()) {
            lock.holder = c.identity();
            return true;
        }
        return Body.NOT_YET;
    }, (s, result, c) -> {
        ManagedType.LockState lock = (ManagedType.LockState) s;
        if (lock.holder != null && lock.holder.pid() == c.pid()) {
            lock.holder = null;
        }
    }),
    LOCK_RELEASE(ManagedType.LOCK, "other", (s, a, c) -> {
        ManagedType.LockState lock = (ManagedType.LockState) s;
        if (lock.holder == null) {
            throw new ProcessException("release of a manager lock that is not held");
        }
        lock.holder = null;
        return null;
    }),
    LOCK_IS_LOCKED(ManagedType.LOCK, "get", (s, a, c) -> ((ManagedType.LockState) s).holder != null),

    EVENT_SET(ManagedType.EVENT, "put", (s, a, c) -> {
        ((ManagedType.EventState) s).set = true;
        ((ManagedType.EventState) s).sets++;
        return null;
    }),
    EVENT_CLEAR(ManagedType.EVENT, "other", (s, a, c) -> {
        ((ManagedType.EventState) s).set = false;
        return null;
    }),
    EVENT_IS_SET(ManagedType.EVENT, "get", (s, a, c) -> ((ManagedType.EventState) s).set),
    /**
     * Given, by {@link #atFirstLook}, how many times the event had been set when the wait began, and the wait's token (or
     * null), which is spent once the wait returns set.
     */
    EVENT_WAIT(ManagedType.EVENT, "get", (s, a, c) -> {
        ManagedType.EventState event = (ManagedType.EventState) s;
        if (!event.set && event.sets == (Long) a.get(0)) {
            return Body.NOT_YET;
        }
        if (a.get(1) != null) {
            event.firstLooks.remove((Long) a.get(1));
        }
        return Boolean.TRUE;
    }, (s, result, c) -> { }),

    VALUE_GET(ManagedType.VALUE, "get", (s, a, c) -> ((ManagedType.ValueState) s).value),
    VALUE_SET(ManagedType.VALUE, "put", (s, a, c) -> {
        ((ManagedType.ValueState) s).value = a.get(0);
        return null;
    });

    /** The process that asked. */
    public record Caller(long pid, String name) {
        ProcessIdentity identity() {
            return ProcessIdentity.of(pid, name);
        }
    }

    @FunctionalInterface
    interface Body {
        /** What a guarded body returns while it must wait. */
        Object NOT_YET = new Object();

        Object apply(Object state, List<?> args, Caller caller) throws Exception;
    }

    @FunctionalInterface
    interface Undo {
        void apply(Object state, Object result, Caller caller);
    }

    private final ManagedType type;
    private final String recorded;
    private final Body body;
    private final Undo undo;

    ManagedOp(ManagedType type, String recorded, Body body) {
        this(type, recorded, body, null);
    }

    ManagedOp(ManagedType type, String recorded, Body body, Undo undo) {
        this.type = type;
        this.recorded = recorded;
        this.body = body;
        this.undo = undo;
    }

    public ManagedType type() {
        return type;
    }

    /** The run record's {@code op} for it. */
    public String recorded() {
        return recorded;
    }

    /** True if it may have to wait (its body may return {@code NOT_YET}). */
    public boolean guarded() {
        return undo != null;
    }

    Object apply(Object state, List<?> args, Caller caller) throws Exception {
        return body.apply(state, args, caller);
    }

    /**
     * The arguments a call's body is run with, each time it looks, made at its first look (holding the state's monitor):
     * those sent, but for an event's wait, which is given how many times the event had been set. A set wakes every
     * waiter then, as {@code threading.Event.set()} does, even one that a clear beat to the state once woken: it looks
     * again only once it has the monitor back, and found the flag down. A wait sent with a token (a recorded wait, which
     * asks twice: a look that does not wait, then the wait) counts from the first call with that token.
     */
    List<?> atFirstLook(Object state, List<?> args) {
        if (this != EVENT_WAIT) {
            return args;
        }
        ManagedType.EventState event = (ManagedType.EventState) state;
        Long token = args.isEmpty() ? null : (Long) args.get(0);
        long sets = token == null ? event.sets : event.firstLooks.computeIfAbsent(token, t -> event.sets);
        return java.util.Arrays.asList(sets, token);
    }

    void undo(Object state, Object result, Caller caller) {
        if (undo != null) {
            undo.apply(state, result, caller);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object state) {
        return (Map<Object, Object>) state;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object state) {
        return (List<Object>) state;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> names(Object state) {
        return (Map<String, Object>) state;
    }

    @SuppressWarnings("unchecked")
    private static ArrayDeque<Object> queue(Object state) {
        return (ArrayDeque<Object>) state;
    }
}
