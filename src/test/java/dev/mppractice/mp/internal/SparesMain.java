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

    public static void main(String[] args) throws Exception {
        if (args[0].equals("long-lived")) {
            longLived();
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
