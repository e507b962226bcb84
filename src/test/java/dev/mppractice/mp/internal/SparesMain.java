package dev.mppractice.mp.internal;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.secs;

import dev.mppractice.mp.Process;

/**
 * For {@link SparesTest}: a program that starts short-lived processes one after another, either
 * faster than a spare JVM can boot ({@code outpaced}: the third start takes the spare the moment it
 * exists) or not ({@code kept-up}: the third start waits until its spare is older than the fastest
 * boot seen), and says how many spares the library then wants and keeps.
 */
public final class SparesMain {
    private SparesMain() {
    }

    static void noop() {
    }

    static void compute(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /**
     * {@code long-lived}: processes whose tasks run for longer than a JVM boots have their successor spare started
     * when they end, not beside them while they run; says how many spares there were while the second one ran, and
     * after it ended.
     */
    static void longLived() throws Exception {
        Process a = new Process(SparesMain::noop);
        a.start();
        a.join();
        Process b = new Process(() -> compute(1500));
        b.start(); // the second start: spares from now on, and the last process ran briefly: its successor starts now
        await("a spare", secs(120), () -> ChildProcess.spareCount(true) >= 1);
        b.join(); // it ran for longer than a boot
        await("the spare to be older than the fastest boot", secs(120),
                () -> ChildProcess.nextSpareAgeNanos(true) > ChildProcess.fastestBootNanos());
        Process c = new Process(() -> compute(2000));
        c.start();
        Thread.sleep(1000);
        int during = ChildProcess.spareCount(true);
        c.join();
        await("a spare after the process ended", secs(120), () -> ChildProcess.spareCount(true) >= 1);
        System.out.println("spares while it ran " + during + ", after " + ChildProcess.spareCount(true) + ", exits "
                + a.exitCode() + " " + b.exitCode() + " " + c.exitCode());
    }

    static int computeFor(int millis) {
        compute(millis);
        return millis;
    }

    /**
     * {@code pool-work}: a pool given work before its workers are ready has their successor spares started when they
     * end, not beside its work; says how many spare workers there were while it worked, and after it was closed.
     */
    static void poolWork() throws Exception {
        try (dev.mppractice.mp.Pool first = new dev.mppractice.mp.Pool(2)) {
            first.close();
            first.join();
        }
        int during;
        try (dev.mppractice.mp.Pool second = new dev.mppractice.mp.Pool(2)) { // the second pool: spares from now on
            var work = second.mapAsync(SparesMain::computeFor, java.util.List.of(2500, 2500));
            Thread.sleep(1500);
            during = ChildProcess.spareCount(false);
            work.get();
            second.close();
            second.join();
        }
        int wanted = Math.min(2, Runtime.getRuntime().availableProcessors());
        await("the spare workers after the pool ended", secs(120), () -> ChildProcess.spareCount(false) >= wanted);
        System.out.println("spares while it worked " + during + ", after " + ChildProcess.spareCount(false));
    }

    /**
     * {@code burst}: three processes started together, as a program's workers are, then joined, and one more pool of
     * two; says how many spares were asked for. None of their starts came after a child of its kind had ended: nothing
     * says the program will start more, and a spare then boots beside the work, to be killed unused at exit.
     */
    static void burst() throws Exception {
        java.util.List<Process> workers = java.util.List.of(new Process(SparesMain::noop), new Process(SparesMain::noop),
                new Process(SparesMain::noop));
        for (Process p : workers) {
            p.start();
        }
        for (Process p : workers) {
            p.join();
        }
        try (dev.mppractice.mp.Pool pool = new dev.mppractice.mp.Pool(2)) {
            pool.map(SparesMain::computeFor, java.util.List.of(1, 2));
        }
        System.out.println("spares asked for " + ChildProcess.sparesAskedFor(true) + " and " + ChildProcess.sparesAskedFor(false)
                + ", exits " + workers.get(0).exitCode() + " " + workers.get(1).exitCode() + " " + workers.get(2).exitCode());
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("burst")) {
            burst();
            return;
        }
        if (args[0].equals("long-lived")) {
            longLived();
            return;
        }
        if (args[0].equals("pool-work")) {
            poolWork();
            return;
        }
        boolean outpaced = args[0].equals("outpaced");
        Process a = new Process(SparesMain::noop);
        a.start();
        a.join();
        Process b = new Process(SparesMain::noop);
        b.start(); // the second start: spares from now on
        await("a spare", secs(120), () -> ChildProcess.spareCount(true) >= 1);
        if (!outpaced) {
            b.join();
            await("the spare to be older than the fastest boot", secs(120),
                    () -> ChildProcess.nextSpareAgeNanos(true) > ChildProcess.fastestBootNanos());
        }
        Process c = new Process(SparesMain::noop);
        c.start();
        int wanted = ChildProcess.wantedSpares(true);
        await("the spares wanted", secs(120), () -> ChildProcess.spareCount(true) >= wanted);
        b.join();
        c.join();
        System.out.println("wanted " + wanted + " kept " + ChildProcess.spareCount(true) + " exits " + a.exitCode()
                + " " + b.exitCode() + " " + c.exitCode());
    }
}
