package dev.mppractice.mp.internal;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** A {@link List} whose every operation is carried out in the manager process; iteration reads a snapshot. */
public final class ListProxy<E> extends AbstractList<E> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ManagedObject target;

    /** The list that {@code target}, a {@link ManagedType#LIST} of a manager, is. */
    public ListProxy(ManagedObject target) {
        this.target = target;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) target.call(ManagedOp.LIST_GET, index);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E set(int index, E element) {
        return (E) target.call(ManagedOp.LIST_SET, index, element);
    }

    @Override
    public boolean add(E element) {
        return (Boolean) target.call(ManagedOp.LIST_ADD, element);
    }

    @Override
    public void add(int index, E element) {
        target.call(ManagedOp.LIST_ADD_AT, index, element);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E remove(int index) {
        return (E) target.call(ManagedOp.LIST_REMOVE_AT, index);
    }

    @Override
    public int size() {
        return (Integer) target.call(ManagedOp.LIST_SIZE);
    }

    @Override
    public void clear() {
        target.call(ManagedOp.LIST_CLEAR);
    }

    /** A copy of the whole list as it is now. */
    @SuppressWarnings("unchecked")
    public List<E> snapshot() {
        return (List<E>) target.call(ManagedOp.LIST_SNAPSHOT);
    }

    @Override
    public Iterator<E> iterator() {
        return Collections.unmodifiableList(snapshot()).iterator();
    }

    @Override
    public Object[] toArray() {
        return snapshot().toArray();
    }
}
