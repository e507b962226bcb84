import dev.mppractice.mp.Event;
import dev.mppractice.mp.LongValue;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import dev.mppractice.mp.Value;

import java.util.ArrayList;

public class StartingGun {

    static final int RUNNERS = 3;

    static void runner(int number, Queue<Integer> ready, Event gun, LongValue firedAt, Queue<Boolean> waited) {
        ready.put(number);
        gun.await(java.time.Duration.ofMillis(1500));   // don't hang for ever if main dies
        waited.put(firedAt.get() != 0);
    }

    public static void main(String[] args) {
        var ready = new Queue<Integer>();
        var waited = new Queue<Boolean>();
        var gun = new Event();
        var firedAt = Value.ofLong(0);
        var runners = new ArrayList<Process>();
        for (int i = 1; i <= RUNNERS; i++) {
            int number = i;
            runners.add(new Process(() -> runner(number, ready, gun, firedAt, waited), "runner-" + i));
        }
        for (var p : runners) {
            p.start();
        }

        for (int i = 0; i < RUNNERS; i++) {
            ready.get();
        }
        firedAt.set(System.currentTimeMillis());
        gun.set();

        int count = 0;
        for (int i = 0; i < RUNNERS; i++) {
            if (waited.get()) {
                count++;
            }
        }
        for (var p : runners) {
            p.join();
        }
        System.out.println("Runners that waited for the gun: " + count + " of " + RUNNERS);
    }
}
