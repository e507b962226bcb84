package dev.mppractice.recordcaller;

import dev.mppractice.mp.internal.SleepWatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A main, watched for its sleeps, that waits 1.2 s for a flag another thread sets, in naps of 10 ms (a poll loop, as a
 * learner waits for callbacks): see dev.mppractice.mp.RecordedSleepTest.
 */
public final class PollingMain {
    private PollingMain() {
    }

    public static void main(String[] args) throws Exception {
        SleepWatch.Watched watched = SleepWatch.watch(Thread.currentThread());
        AtomicBoolean done = new AtomicBoolean();
        Thread setter = new Thread(() -> {
            try {
                Thread.sleep(1200);
            } catch (InterruptedException e) {
                return;
            }
            done.set(true);
        });
        setter.start();
        int naps = 0;
        while (!done.get()) {
            Thread.sleep(10);
            naps++;
        }
        System.out.println(naps > 20 ? "polled" : "too few naps: " + naps);
        watched.end();
    }
}
