package dev.mppractice.mp;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A serializable function of no arguments, for {@link Pool#applyAsync(Fn0)} and
 * {@link ProcessPoolExecutor#submit(Fn0)}.
 *
 * <p>It is a {@link Callable}, so it goes wherever one does; being also {@link Serializable}, a
 * lambda written for it can travel to another process. Because it is the more specific of the two,
 * {@code executor.submit(() -> 42)} and {@code executor.submit(() -> { throw new X(); })} pick
 * {@code submit(Fn0)} over {@code submit(Callable)} and {@code submit(Runnable)}, without a cast.
 */
@FunctionalInterface
public interface Fn0<R> extends Callable<R>, Serializable {
    @Override
    R call() throws Exception;
}
