package dev.mppractice.mp.internal;

/** An object that other processes of the tree can call through this process's hub. */
public interface Served {
    /**
     * Carries out one request; the reply is sent back to the caller, or nothing when it
     * returns {@code null} (a one-way message).
     */
    byte[] call(Msg.Reader request) throws Exception;

    /**
     * Carries out one request from the caller at the other end of {@code from}; by default as
     * {@link #call(Msg.Reader)}. Objects whose requests may wait long override this to notice a
     * caller that died while they waited.
     */
    default byte[] call(Msg.Reader request, Wire from) throws Exception {
        return call(request);
    }

    /** The reply to {@code request} could not be delivered (the caller is gone): undo what it took. */
    default void undeliverable(Msg.Reader reply) {
    }
}
