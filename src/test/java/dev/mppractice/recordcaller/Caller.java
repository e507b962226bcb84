package dev.mppractice.recordcaller;

import java.util.function.Supplier;

/**
 * Calls into the library from outside it, as a program does: the run record's call sites
 * ({@code at}) name the first frame outside {@code dev.mppractice.mp}, which is this one.
 */
public final class Caller {
    /** The line of the call in {@link #call}, as a call site names it. */
    public static final String SITE = "Caller.java:19";
    /** The line of the call in {@link #callByReference}, as a call site names it. */
    public static final String REFERENCE_SITE = "Caller.java:29";

    private Caller() {
    }

    public static <T> T call(Supplier<T> library) {
        return library.get();
    }

    /**
     * Calls through a method reference, as {@code futures.stream().map(CompletableFuture::join)} does: the
     * JVM's class for the reference (named like {@code Caller$$Lambda$12/0x...}, no file, no line) is the
     * first frame outside the library, above this line.
     */
    public static <T> T callByReference(Supplier<T> library) {
        Supplier<T> reference = library::get;
        return reference.get();
    }
}
