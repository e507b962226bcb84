package dev.mppractice.mp.internal;

import java.util.Optional;

/**
 * A process named so that it cannot be mistaken for a later one: its pid and its start time in
 * milliseconds (pids are reused). Lets the owner of a shared object (a joinable queue, a manager's
 * lock) tell a process that still runs from one that ended, reaped or not.
 *
 * @param pid         the process id
 * @param startMillis its start time, milliseconds since the epoch (0 when the system does not say)
 * @param name        its name in the library ({@code Process-2}), for messages
 */
public record ProcessIdentity(long pid, long startMillis, String name) {

    /** Process {@code pid} as it is now, called {@code name}; its start time is read now. */
    public static ProcessIdentity of(long pid, String name) {
        long start = ProcessHandle.of(pid).map(SpinLock::startOf).orElse(0L);
        return new ProcessIdentity(pid, start, name);
    }

    /**
     * True while this very process runs: not ended, not a zombie, and its pid not taken by another
     * process since (start times compared when both are known).
     */
    public boolean alive() {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive() || SpinLock.ended(pid)) {
            return false;
        }
        long now = SpinLock.startOf(h.get());
        return startMillis == 0 || now == 0 || now == startMillis;
    }

    /** {@code Process-2 (pid 1234)}. */
    @Override
    public String toString() {
        return (name == null ? "process" : name) + " (pid " + pid + ")";
    }
}
