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
        // TODO: hold one of the server's connections (a permit of `connections`) while you
        //       download, and give it back when done, even if the download throws.
        sizes.set(file - 1, download(file));
    }

    public static void main(String[] args) {
        // TODO: the server takes at most CONNECTIONS downloads at once: make a Semaphore with
        //       that many permits, here in the main program, for every downloader to share.
        Semaphore connections = null;
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
