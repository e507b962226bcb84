package dev.mppractice.mp;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pools closed in every way a program can, and one left open: a Pool closed and then terminated, a
 * Pool terminated, an executor shut down and awaited, an executor stopped with shutdownNow, an
 * executor closed twice, and a Pool never closed. Each prints its pool's id, in that order.
 */
public final class RecordedPoolCloseMain {
    private RecordedPoolCloseMain() {
    }

    public static void main(String[] args) throws Exception {
        Pool closed = new Pool(1);
        closed.map(x -> x, List.of(1));
        closed.close();
        closed.terminate();
        Pool terminated = new Pool(1);
        terminated.terminate();
        ProcessPoolExecutor awaited = new ProcessPoolExecutor(1);
        awaited.submit(() -> 1).get();
        awaited.shutdown();
        awaited.awaitTermination(1, TimeUnit.MINUTES);
        ProcessPoolExecutor stopped = new ProcessPoolExecutor(1);
        stopped.shutdownNow();
        ProcessPoolExecutor twice = new ProcessPoolExecutor(1);
        twice.close();
        twice.close();
        Pool open = new Pool(1);
        open.map(x -> x, List.of(1));
        System.out.println("done");
    }
}
