package dev.mppractice.recordcaller;

import java.util.function.Supplier;

/**
 * Calls into the library from outside it, as a program does: the run record's call sites
 * ({@code at}) name the first frame outside {@code dev.mppractice.mp}, which is this one.
 */
public final class Caller {
    /** The line of the call in {@link #call}, as a call site names it. */
    public static final String SITE = "Caller.java:17";

    private Caller() {
    }

    public static <T> T call(Supplier<T> library) {
        return library.get();
    }
}
