package dev.mppractice.mp.internal;

import java.util.Set;
import java.util.TreeSet;

/** What the library's tests may see of its internals. */
public final class TestAccess {
    private TestAccess() {
    }

    /**
     * Pids of the spare child JVMs this JVM keeps started ahead of need (not yet given a task):
     * they are the library's, not a test's, so the check for processes left behind skips them.
     */
    public static Set<Long> sparePids() {
        return new TreeSet<>(ChildProcess.sparePids());
    }

    /** The ids of this process's pools not yet joined: a test's check for processes left behind notes them first. */
    public static Set<String> openPools() {
        return PoolCore.openIds();
    }

    /**
     * Pids of the workers the pools {@code ids} have now: a pool a test class shares is the class's, and so is the
     * worker it starts in place of one that died (the check for processes left behind skips them).
     */
    public static Set<Long> workerPids(Set<String> ids) {
        return PoolCore.workerPids(ids);
    }

    /** The secret key of this process tree. */
    public static byte[] key() {
        return Context.get().key().clone();
    }

    /** The private directory of this process tree. */
    public static java.nio.file.Path privateDir() {
        return Context.get().dir();
    }

    /** The transfer segments ({@code tx-*}) in this tree's private directory now, sorted by name. */
    public static java.util.List<String> transferFiles() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(Context.get().dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("tx-")).sorted().toList();
        }
    }

    /** The reusable transfer segments this process made (see {@code Buffers}), sorted by name. */
    public static java.util.List<String> ownTransferSegments() {
        return Buffers.ownNames().stream().sorted().toList();
    }

    /** True when transfer segments are used in this process (the private directory is in /dev/shm). */
    public static boolean transferOn() {
        Context.get();
        return Transfer.threshold() > 0;
    }

    /** The size from which an array travels through a transfer segment. */
    public static int transferThreshold() {
        return Transfer.DEFAULT_THRESHOLD;
    }

    /** The name of the transfer segment an encoded message names, or null. */
    public static String segmentOf(byte[] encoded) {
        return Codec.segmentName(encoded);
    }

    /** The state of this process's transfer segment {@code name}: 0 free, g > 0 holding a message, -pid being read. */
    public static Long transferState(String name) {
        return Buffers.state(name);
    }

    /** Deletes this process's free transfer segments, so that the next message must find one held or make one. */
    public static void evictFreeTransferSegments() {
        Buffers.evictAllFree();
    }
}
