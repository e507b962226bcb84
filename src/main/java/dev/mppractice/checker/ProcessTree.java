package dev.mppractice.checker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every process a run started: the JVM the checker forked, and all its descendants.
 *
 * <p>A process whose parent ended is re-parented and drops out of {@link ProcessHandle#descendants()},
 * so the tree is followed in three ways: descendants seen while the run goes (polled), descendants
 * snapshotted before the root is signalled, and (on Linux, see {@link Platform#proc()}) any process whose
 * environment carries the run's marker variable, which every descendant inherits unless it clears its
 * environment.
 * Handles remember their start time, so a recycled pid is never signalled.
 */
final class ProcessTree {
    /** The environment variable that marks every process of one run. */
    static final String MARKER_VARIABLE = "MP_PRACTICE_RUN";

    private final ProcessHandle root;
    private final String marker;
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();

    ProcessTree(ProcessHandle root, String marker) {
        this.root = root;
        this.marker = marker;
    }

    /** The pids of the root and of every descendant seen so far. */
    synchronized java.util.Set<Long> pids() {
        java.util.Set<Long> all = new java.util.HashSet<>(seen.keySet());
        all.add(root.pid());
        return all;
    }

    /** Remembers the descendants alive now. */
    synchronized void poll() {
        root.descendants().forEach(h -> seen.putIfAbsent(h.pid(), h));
    }

    /** The processes of the run alive now (ended ones waiting to be reaped left out): the root first. */
    synchronized List<ProcessHandle> live() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        all.addAll(seen.values());
        return alive(all);
    }

    /**
     * Ends the whole tree: SIGTERM to every process, {@code grace} to end, then SIGKILL to what is
     * left; waits (up to {@code deadlineMillis}) until none is alive. Returns the processes still alive
     * after that, which should be none.
     */
    synchronized List<ProcessHandle> kill(long graceMillis, long deadlineMillis) {
        long deadline = System.nanoTime() + deadlineMillis * 1_000_000L;
        List<ProcessHandle> all = snapshot();
        boolean any = false;
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroy();
                any = true;
            }
        }
        if (!any) {
            return List.of();
        }
        waitUntilEnded(all, System.nanoTime() + graceMillis * 1_000_000L);
        // Children the library started while we were signalling, or that were re-parented meanwhile.
        all = merge(all, snapshot());
        for (int round = 0; ; round++) {
            List<ProcessHandle> alive = alive(all);
            if (alive.isEmpty() || System.nanoTime() > deadline) return alive;
            for (ProcessHandle h : alive) h.destroyForcibly();
            waitUntilEnded(alive, Math.min(deadline, System.nanoTime() + 200_000_000L));
            all = merge(all, snapshot());
        }
    }

    /** The root, everything seen so far, the current descendants and the marked processes. */
    private List<ProcessHandle> snapshot() {
        poll();
        Map<Long, ProcessHandle> all = new LinkedHashMap<>();
        all.put(root.pid(), root);
        all.putAll(seen);
        for (ProcessHandle h : marked(marker)) all.putIfAbsent(h.pid(), h);
        return new ArrayList<>(all.values());
    }

    private static List<ProcessHandle> merge(List<ProcessHandle> a, List<ProcessHandle> b) {
        Map<Long, ProcessHandle> all = new LinkedHashMap<>();
        for (ProcessHandle h : a) all.put(h.pid(), h);
        for (ProcessHandle h : b) all.putIfAbsent(h.pid(), h);
        return new ArrayList<>(all.values());
    }

    private static List<ProcessHandle> alive(List<ProcessHandle> handles) {
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle h : handles) {
            if (h.isAlive() && !isZombie(h.pid())) alive.add(h);
        }
        return alive;
    }

    /** Polls rather than {@code onExit()}, which the JDK polls slowly for processes that are not its children. */
    private static void waitUntilEnded(List<ProcessHandle> handles, long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            if (alive(handles).isEmpty()) return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Processes (on Linux, of this user) whose environment holds {@code MP_PRACTICE_RUN=marker}.
     * Empty where there is no {@code /proc}.
     */
    static List<ProcessHandle> marked(String marker) {
        List<ProcessHandle> found = new ArrayList<>();
        Path proc = Platform.proc();
        if (proc == null) return found;   // elsewhere: the descendants polled and snapshotted are all we know
        byte[] needle = (MARKER_VARIABLE + "=" + marker).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == self) continue;
                byte[] env;
                try {
                    env = Files.readAllBytes(dir.resolve("environ"));
                } catch (IOException | SecurityException e) {
                    continue; // gone, or not ours
                }
                if (containsEntry(env, needle)) {
                    Optional<ProcessHandle> h = ProcessHandle.of(pid);
                    h.ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /** True when the NUL-separated environment block holds exactly the entry {@code needle}. */
    private static boolean containsEntry(byte[] env, byte[] needle) {
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == needle.length) {
                    boolean same = true;
                    for (int k = 0; k < needle.length && same; k++) same = env[start + k] == needle[k];
                    if (same) return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** A zombie has ended and only waits for its parent to reap it: nothing left to kill. */
    static boolean isZombie(long pid) {
        Path proc = Platform.proc();
        if (proc == null) return false;   // elsewhere the JDK's isAlive() is all there is
        Path stat = proc.resolve(Long.toString(pid)).resolve("stat");
        try {
            String s = Files.readString(stat, StandardCharsets.ISO_8859_1);
            int close = s.lastIndexOf(')');
            return close > 0 && close + 2 < s.length() && s.charAt(close + 2) == 'Z';
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }
}
