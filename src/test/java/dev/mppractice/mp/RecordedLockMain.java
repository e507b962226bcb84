package dev.mppractice.mp;

/**
 * A recorded parent whose child increments a value three times under its lock (the plain
 * {@code acquire()}, the path a loop takes thousands of times), once under it from a read made before, and writes it
 * once without; then,
 * with a copy of the value that came through a queue (its lock another object over the same lock
 * word), writes it once after taking the lock through the value and releasing it through the copy
 * (not locked), and once while the copy holds it (locked). The child prints nothing; the parent
 * prints the value.
 */
public final class RecordedLockMain {
    private RecordedLockMain() {
    }

    public static void main(String[] args) {
        IntValue v = Value.ofInt(0);
        Process p = new Process(() -> child(v));
        p.start();
        p.join();
        int seen = v.get();
        v.set(0); // a write of 0, then of something else: the record says which is which
        v.set(seen);
        if (v.getLock().tryAcquire(java.time.Duration.ofSeconds(10))) { // the record says it was tried
            v.getLock().release();
        }
        System.out.println("value " + v.get() + " exitcode " + p.exitCode());
    }

    static void child(IntValue v) {
        for (int i = 0; i < 3; i++) {
            try (var held = v.getLock().acquire()) {
                v.set(v.get() + 1);
            }
        }
        int outside = v.get();
        try (var held = v.getLock().acquire()) {
            v.set(outside + 1); // locked, but read before the hold: no one step
        }
        v.set(v.get() + 10);

        Queue<IntValue> q = new Queue<>();
        q.put(v);
        IntValue copy = q.get();
        v.getLock().acquire();
        copy.getLock().release();
        v.set(v.get() + 100);
        try (var held = copy.getLock().acquire()) {
            v.set(v.get() + 1000);
        }
    }
}
