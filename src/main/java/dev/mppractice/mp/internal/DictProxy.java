package dev.mppractice.mp.internal;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Map} whose every operation is carried out in the manager process. Views
 * ({@code entrySet}, {@code keySet}, {@code values}) are snapshots taken when asked for.
 */
public final class DictProxy<K, V> extends AbstractMap<K, V> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ManagedObject target;

    /** The map that {@code target}, a {@link ManagedType#DICT} of a manager, is. */
    public DictProxy(ManagedObject target) {
        this.target = target;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        return (V) target.call(ManagedOp.DICT_GET, key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        return (V) target.call(ManagedOp.DICT_PUT, key, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        return (V) target.call(ManagedOp.DICT_REMOVE, key);
    }

    @Override
    public boolean containsKey(Object key) {
        return (Boolean) target.call(ManagedOp.DICT_CONTAINS_KEY, key);
    }

    @Override
    public boolean containsValue(Object value) {
        return (Boolean) target.call(ManagedOp.DICT_CONTAINS_VALUE, value);
    }

    @Override
    public int size() {
        return (Integer) target.call(ManagedOp.DICT_SIZE);
    }

    @Override
    public void clear() {
        target.call(ManagedOp.DICT_CLEAR);
    }

    /** A copy of the whole dict as it is now. */
    @SuppressWarnings("unchecked")
    public Map<K, V> snapshot() {
        return (Map<K, V>) target.call(ManagedOp.DICT_SNAPSHOT);
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return Collections.unmodifiableMap(snapshot()).entrySet();
    }
}
