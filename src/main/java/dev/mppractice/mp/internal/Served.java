package dev.mppractice.mp.internal;

/** An object that other processes of the tree can call through this process's hub. */
public interface Served {
    /**
     * Carries out one request; the reply is sent back to the caller, or nothing when it
     * returns {@code null} (a one-way message).
     */
    byte[] call(Msg.Reader request) throws Exception;
}
