package dev.mppractice.mp;

/**
 * A recorded parent whose child increments a value three times under its lock (the plain
 * {@code acquire()}, the path a loop takes thousands of times) and writes it once without. The
 * child prints nothing; the parent prints the value.
 */
public final class RecordedLockMain {
    private RecordedLockMain() {
    }

    public static void main(String[] args) {
        IntValue v = Value.ofInt(0);
        Process p = new Process(() -> child(v));
        p.start();
        p.join();
        System.out.println("value " + v.get() + " exitcode " + p.exitCode());
    }

    static void child(IntValue v) {
        for (int i = 0; i < 3; i++) {
            try (var held = v.getLock().acquire()) {
                v.set(v.get() + 1);
            }
        }
        v.set(v.get() + 10);
    }
}
