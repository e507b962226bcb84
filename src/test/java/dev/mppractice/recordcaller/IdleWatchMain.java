package dev.mppractice.recordcaller;

import dev.mppractice.mp.internal.SleepWatch;

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
        Thread.sleep(100);
        System.out.println("idle " + looker.getState());
        SleepWatch.Watched me = SleepWatch.watch(Thread.currentThread());
        Thread.sleep(400);
        me.end();
        Thread.sleep(100);
        System.out.println("after " + looker.getState());
    }
}
