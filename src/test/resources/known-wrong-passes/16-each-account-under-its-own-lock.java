import dev.mppractice.mp.Array;
import dev.mppractice.mp.IntArray;
import dev.mppractice.mp.Lock;
import dev.mppractice.mp.Process;

import java.time.Duration;
import java.util.List;

public class LockOrdering {

    static final Duration PATIENCE = Duration.ofSeconds(5);

    static void transfer(IntArray balances, List<Lock> locks, int from, int to, int amount)
            throws InterruptedException {
        // Every process takes the locks in the same order, so no cycle of waits can form.
        // never hold two locks: no cycle can form
        try (var first = locks.get(from).acquire(PATIENCE)) {
            Thread.sleep(1); // check the balance, write the audit log, ...
            balances.set(from, balances.get(from) - amount);
        }
        try (var second = locks.get(to).acquire(PATIENCE)) {
            balances.set(to, balances.get(to) + amount);
        }
    }

    static void mover(IntArray balances, List<Lock> locks, int from, int to, int amount, int times)
            throws InterruptedException {
        for (int i = 0; i < times; i++) {
            transfer(balances, locks, from, to, amount);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        var balances = Array.ofInts(1000, 1000);
        var locks = List.of(new Lock(), new Lock());
        var movers = List.of(
                new Process(() -> mover(balances, locks, 0, 1, 3, 300), "mover-1"),
                new Process(() -> mover(balances, locks, 1, 0, 2, 300), "mover-2"));
        for (var p : movers) {
            p.start();
        }
        for (var p : movers) {
            p.join();
            System.out.println(p.getName() + " exit code: " + p.exitCode());
        }
        System.out.println("Balances: " + balances.toList());
    }
}
