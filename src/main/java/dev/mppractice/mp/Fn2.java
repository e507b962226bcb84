package dev.mppractice.mp;

import java.io.Serializable;

/** A serializable function of two arguments, for {@link Pool#starmap(Fn2, Iterable)}. */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {
    R apply(A a, B b) throws Exception;
}
