package dev.mppractice.recordcaller;

import dev.mppractice.mp.MpTesting;
import dev.mppractice.mp.internal.SleepWatch;
import java.time.Duration;

/**
 * A recorded main that starts the watch of sleeps before it watches anything, as a recorded child's warm-up does, then
 * watches itself sleeping, then stops (see dev.mppractice.mp.RecordedSleepTest): it prints the watch thread's state
 * while it watches nothing, before and after. Outside the library, so that its lines are the program's.
 */
public final class IdleWatchMain {
    private IdleWatchMain() {
    }

    public static void main(String[] args) throws Exception {
        SleepWatch.Watched none = SleepWatch.watchIdle(new Thread(() -> { }));   // starts the watch
        none.end();                                                            // and leaves it nothing to watch
        Thread looker = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("mp-sleep-watch"))
                .findFirst().orElseThrow();
        parked(looker, "before it watches a thread");
        System.out.println("idle " + looker.getState());
        SleepWatch.Watched me = SleepWatch.watch(Thread.currentThread());
        Thread.sleep(400); // what the watch must see: a sleep of main's, recorded as one
        me.end();
        parked(looker, "once it watches none again");
        System.out.println("after " + looker.getState());
    }

    /** Waits until {@code looker} is parked for good (WAITING, not TIMED_WAITING), then sees it stay so for 100 ms. */
    private static void parked(Thread looker, String when) {
        MpTesting.await("the watch parks " + when, Duration.ofSeconds(10), () -> looker.getState() == Thread.State.WAITING);
        MpTesting.assertHolds("the watch stays parked " + when, Duration.ofMillis(100),
                () -> looker.getState() == Thread.State.WAITING);
    }
}
