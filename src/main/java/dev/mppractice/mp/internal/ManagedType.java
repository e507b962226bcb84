package dev.mppractice.mp.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The kinds of object a manager serves, and the state each keeps in the manager process. Their
 * operations are {@link ManagedOp}s: declared once, named by the proxies, dispatched on by the
 * server, counted by the run record.
 */
public enum ManagedType {
    DICT("dict", initial -> new LinkedHashMap<Object, Object>()),
    LIST("list", initial -> new ArrayList<Object>()),
    NAMESPACE("namespace", initial -> new LinkedHashMap<String, Object>()),
    QUEUE("queue", initial -> new ArrayDeque<Object>()),
    LOCK("lock", initial -> new LockState()),
    EVENT("event", initial -> new EventState()),
    VALUE("value", ValueState::new);

    private final String wireName;
    private final Function<Object, Object> create;

    ManagedType(String wireName, Function<Object, Object> create) {
        this.wireName = wireName;
        this.create = create;
    }

    /** As the run record's {@code manager-op} and the manager's protocol name it: {@code dict}. */
    public String wireName() {
        return wireName;
    }

    /** A new object's state, in the manager; {@code initial} is the value a {@code manager.value(v)} starts with. */
    Object create(Object initial) {
        return create.apply(initial);
    }

    static Optional<ManagedType> byWireName(String name) {
        for (ManagedType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** A manager lock: who holds it (null: free). */
    static final class LockState {
        ProcessIdentity holder;
    }

    /** A manager event's flag. */
    static final class EventState {
        boolean set;
        /** How many times it was set: a waiter that sees it grow was woken by a set, even one a clear has undone. */
        long sets;
        /**
         * The count of sets at the first look of each wait that named a token and has not returned yet: a recorded wait asks
         * twice (a look, then the wait), and the second call counts from the first. The oldest are forgotten past 1,024 (a
         * wait whose caller went away).
         */
        final Map<Long, Long> firstLooks = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > 1024;
            }
        };
    }

    /** A manager value's value. */
    static final class ValueState {
        Object value;

        ValueState(Object initial) {
            value = initial;
        }
    }
}
