package dev.mppractice.mp;

import java.io.Serializable;

/** A serializable function of one argument, for {@link Pool#map(Fn1, Iterable)} and friends. */
@FunctionalInterface
public interface Fn1<T, R> extends Serializable {
    R apply(T t) throws Exception;
}
