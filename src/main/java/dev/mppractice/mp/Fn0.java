package dev.mppractice.mp;

import java.io.Serializable;

/** A serializable function of no arguments, for {@link Pool#applyAsync(Fn0)}. */
@FunctionalInterface
public interface Fn0<R> extends Serializable {
    R call() throws Exception;
}
