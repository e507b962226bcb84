package dev.mppractice.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Watches one file and puts {@link WatchEvent.FileChanged} on the queue when its modification time
 * or size changes. File events ({@link WatchService}) only wake it early; every wake-up, and at the
 * latest every {@code pollMillis}, it compares the file's attributes with the last ones seen. So it
 * works where file events are slow (macOS polls every 10 s) or missing (network folders), and sees
 * editors that save by writing a new file and renaming it over the old one.
 */
final class FileWatcher implements AutoCloseable {
    private final BlockingQueue<WatchEvent> queue;
    private final long pollMillis;
    private final Thread thread;
    private final WatchService service;
    private final Set<Path> registered = new HashSet<>();
    private volatile Path target;
    private volatile boolean closed;
    private Object lastSeen;

    FileWatcher(BlockingQueue<WatchEvent> queue, long pollMillis) {
        this.queue = queue;
        this.pollMillis = pollMillis;
        WatchService s;
        try {
            s = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            s = null;   // polling alone
        }
        this.service = s;
        this.thread = new Thread(this::run, "mp-practice-file-watcher");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Watches {@code file} from now on; its current attributes are the baseline. */
    synchronized void watch(Path file) {
        target = file;
        lastSeen = attributes(file);
        Path dir = file.getParent();
        if (service != null && dir != null && !registered.contains(dir) && Files.isDirectory(dir)) {
            try {
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                registered.add(dir);
            } catch (IOException e) {
                // polling still sees the changes
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                if (service != null) {
                    var key = service.poll(pollMillis, TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                } else {
                    Thread.sleep(pollMillis);   // polling fallback: no event source to wait on
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            compare();
        }
    }

    private synchronized void compare() {
        Path file = target;
        if (file == null) return;
        Object now = attributes(file);
        if (!Objects.equals(now, lastSeen)) {
            lastSeen = now;
            queue.offer(new WatchEvent.FileChanged(file));
        }
    }

    private static Object attributes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
