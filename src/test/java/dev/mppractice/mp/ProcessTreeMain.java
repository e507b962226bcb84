package dev.mppractice.mp;

import java.time.Duration;

/**
 * A parent for the tests of "no child outlives its parent": it starts a child that starts a
 * grandchild, a daemon child and a one-worker pool, prints {@code PIDS <child> <grandchild>
 * <daemon> <worker>}, then waits to be killed ({@code wait}) or, once a line arrives on its standard
 * input (the test has seen its tree by then), ends by an uncaught exception ({@code throw}; its
 * children are then all daemons, since a non-daemon child keeps its parent alive until it ends, as
 * in Python).
 */
public final class ProcessTreeMain {
    private ProcessTreeMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean throwing = args.length > 0 && args[0].equals("throw");
        Queue<Long> grandchildPid = new Queue<>();
        Process child = new Process(() -> {
            Process grandchild = new Process(() -> Thread.sleep(120_000));
            grandchild.start();
            grandchildPid.put(grandchild.pid());
            Thread.sleep(120_000);
        });
        child.setDaemon(throwing);
        child.start();
        Process daemon = new Process(() -> Thread.sleep(120_000));
        daemon.setDaemon(true);
        daemon.start();
        Pool pool = new Pool(1);
        long worker = pool.applyAsync(Multiprocessing::currentPid).get(Duration.ofSeconds(60));
        long grandchild = grandchildPid.get(Duration.ofSeconds(60));
        System.out.println("PIDS " + child.pid() + " " + grandchild + " " + daemon.pid() + " " + worker);
        System.out.flush();
        if (throwing) {
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
            throw new IllegalStateException("the parent fails on purpose");
        }
        Thread.sleep(120_000);
    }
}
