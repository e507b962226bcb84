import dev.mppractice.mp.Array;
import dev.mppractice.mp.Event;
import dev.mppractice.mp.IntArray;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import dev.mppractice.mp.Semaphore;

import java.util.ArrayList;

public class SemaphorePool {

    static final int DOWNLOADERS = 5;
    static final int CONNECTIONS = 2;

    /** Fetches one file from the server: slow, and the server takes at most 2 connections at once. */
    static int download(int file) throws InterruptedException {
        Thread.sleep(300);
        return file * 100 + 7; // the file's size in KB
    }

    static void downloader(int file, Semaphore connections, Queue<Integer> ready, Event go, IntArray sizes)
            throws InterruptedException {
        ready.put(file);
        go.await();
        boolean got = connections.tryAcquire(java.time.Duration.ofMillis(1200));
        try {
            sizes.set(file - 1, download(file));
        } finally {
            if (got) connections.release();
        }
    }

    public static void main(String[] args) {
        var connections = new Semaphore(CONNECTIONS);
        var ready = new Queue<Integer>();
        var go = new Event();
        var sizes = Array.ofInts(DOWNLOADERS);
        var downloaders = new ArrayList<Process>();
        for (int i = 1; i <= DOWNLOADERS; i++) {
            int file = i;
            downloaders.add(new Process(() -> downloader(file, connections, ready, go, sizes), "downloader-" + i));
        }
        for (var p : downloaders) {
            p.start();
        }
        // Everyone at the starting line, then go: they all want a connection at the same moment.
        for (int i = 0; i < DOWNLOADERS; i++) {
            ready.get();
        }
        go.set();
        for (var p : downloaders) {
            p.join();
        }
        for (int i = 1; i <= DOWNLOADERS; i++) {
            System.out.println("file-" + i + ": " + sizes.get(i - 1) + " KB");
        }
        System.out.println("Downloaded " + DOWNLOADERS + " files over " + CONNECTIONS + " connections");
    }
}
