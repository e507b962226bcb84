package dev.mppractice.mp;

import java.io.Serializable;

/**
 * Argument tuples for {@link Pool#starmap(Fn2, Iterable)}: {@code Args.of(a, b)} is Python's
 * {@code (a, b)}.
 *
 * <pre>{@code
 * List<Integer> products = pool.starmap(Main::multiply, List.of(Args.of(2, 3), Args.of(4, 5)));
 * }</pre>
 */
public final class Args {
    private Args() {
    }

    /** Two arguments. */
    public record Two<A, B>(A a, B b) implements Serializable {
        @Override
        public String toString() {
            return "(" + a + ", " + b + ")";
        }
    }

    /** Three arguments. */
    public record Three<A, B, C>(A a, B b, C c) implements Serializable {
        @Override
        public String toString() {
            return "(" + a + ", " + b + ", " + c + ")";
        }
    }

    public static <A, B> Two<A, B> of(A a, B b) {
        return new Two<>(a, b);
    }

    public static <A, B, C> Three<A, B, C> of(A a, B b, C c) {
        return new Three<>(a, b, c);
    }
}
