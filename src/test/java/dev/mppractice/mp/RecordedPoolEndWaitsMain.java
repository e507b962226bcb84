package dev.mppractice.mp;

import java.util.concurrent.TimeUnit;

/**
 * For {@link RecordedWaitsTest}: main ends a pool, then two executors, each while a task of 500 ms is still to run, and
 * so waits in each ending call: {@code Pool.close}, {@code ProcessPoolExecutor.close}, and
 * {@code ProcessPoolExecutor.awaitTermination} after {@code shutdown}.
 */
public final class RecordedPoolEndWaitsMain {
    private RecordedPoolEndWaitsMain() {
    }

    static int nap() throws InterruptedException {
        Thread.sleep(500); // the task that the ending call waits for
        return 1;
    }

    public static void main(String[] args) throws Exception {
        Pool pool = new Pool(1);
        AsyncResult<Integer> r = pool.applyAsync(RecordedPoolEndWaitsMain::nap);
        pool.close();
        ProcessPoolExecutor closed = new ProcessPoolExecutor(1);
        var a = closed.submit(RecordedPoolEndWaitsMain::nap);
        closed.close();
        ProcessPoolExecutor awaited = new ProcessPoolExecutor(1);
        var b = awaited.submit(RecordedPoolEndWaitsMain::nap);
        awaited.shutdown();
        boolean ended = awaited.awaitTermination(1, TimeUnit.MINUTES);
        System.out.println("done " + (r.get() + a.get() + b.get()) + " " + ended);
    }
}
