package dev.mppractice.mp;

import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;

/**
 * A recorded process that counts in a Value under its lock past the budget of a value's writes (and of a lock's
 * acquires), then writes 0 under the lock ten times (a count reset) and a number without it ten times; then waits for
 * the lock while a child holds it for 300 ms, and prints the value.
 */
public final class RecordedValueLoopMain {
    private RecordedValueLoopMain() {
    }

    public static void main(String[] args) {
        IntValue v = Value.ofInt(0);
        int loop = Recorder.budget(RecordEvent.VALUE_WRITE) + 10;
        for (int i = 0; i < loop; i++) {
            try (var held = v.getLock().acquire()) {
                v.set(v.get() + 1);
            }
        }
        int counted = v.get();
        for (int i = 0; i < 10; i++) {
            try (var held = v.getLock().acquire()) {
                v.set(0);
            }
        }
        for (int i = 0; i < 10; i++) {
            v.set(counted);
        }
        Event held = new Event();
        Process p = new Process(() -> {
            try (var lock = v.getLock().acquire()) {
                held.set();
                Thread.sleep(300);
            }
        });
        p.start();
        held.await();
        try (var lock = v.getLock().acquire()) { // waits for the child: a wait the record shows, past the budget
            System.out.println("value " + v.get());
        }
        p.join();
    }
}
