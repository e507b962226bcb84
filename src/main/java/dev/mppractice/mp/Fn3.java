package dev.mppractice.mp;

import java.io.Serializable;

/** A serializable function of three arguments, for {@link Pool#starmap(Fn3, Iterable)}. */
@FunctionalInterface
public interface Fn3<A, B, C, R> extends Serializable {
    R apply(A a, B b, C c) throws Exception;
}
