package dev.mppractice.mp;

import dev.mppractice.mp.internal.CannotTravel;
import dev.mppractice.mp.internal.Durations;
import dev.mppractice.mp.internal.Probe;
import dev.mppractice.mp.internal.RecordEvent;
import dev.mppractice.mp.internal.Recorder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of {@link Pool#applyAsync(Fn0)}, available once a worker has run the task
 * (Python's {@code AsyncResult}).
 *
 * <pre>{@code
 * AsyncResult<Integer> r = pool.applyAsync(() -> slowSquare(7));
 * System.out.println(r.get(Duration.ofSeconds(2))); // 49, or ResultTimeoutException
 * }</pre>
 *
 * <p>It stays in the process that made the call: a task that captures it is refused; pass the
 * value {@link #get()} returns.
 */
@CannotTravel(value = "an AsyncResult", instead = "get() its result here and pass the value")
public final class AsyncResult<R> {
    private final CompletableFuture<R> future;
    private final String pool;
    /**
     * For the run record: a {@link #waitFor} with a timeout found the task finished, so a {@code get()} after it could
     * not wait (the record's {@code limited}: Python's {@code r.wait(5)}, then {@code r.get()}).
     */
    private volatile boolean waitedForInTime;
    /** For the run record: this process's {@code pool-done} for this result is written (once is enough). */
    private volatile boolean doneRecorded;

    AsyncResult(CompletableFuture<R> future, String pool) {
        this.future = future;
        this.pool = pool;
    }

    /**
     * Waits for the result as long as it takes. If the task threw, throws an exception of the
     * same class with the same message (unchecked ones), or a {@link ProcessException} whose
     * cause is the task's checked exception; the worker's stack trace is attached as a cause.
     */
    public R get() {
        return await(null);
    }

    /**
     * Waits at most {@code timeout} for the result.
     *
     * @throws ResultTimeoutException if it is not ready in time; the task keeps running and a
     *     later {@code get} can still return its result
     */
    public R get(Duration timeout) {
        Recorder.timeoutGiven("AsyncResult.get", timeout);
        return await(timeout);
    }

    private R await(Duration timeout) {
        try {
            R value;
            if (!future.isDone() && (timeout == null || !timeout.isZero()) && Recorder.on()) {
                try (Recorder.Wait w = Recorder.waiting("AsyncResult.get", "async", pool, timeout)) {
                    try {
                        value = result(timeout);
                    } catch (TimeoutException e) {
                        w.outcome("timeout");
                        throw e;
                    } catch (ExecutionException e) {
                        w.outcome("error");
                        throw e;
                    }
                }
            } else {
                value = result(timeout);
            }
            Recorder.event(RecordEvent.ASYNC_GET, "pool", pool, "timeout", timeout != null, "limited", limited(timeout),
                    "outcome", "value");
            known("get");
            return value;
        } catch (TimeoutException e) {
            Recorder.event(RecordEvent.ASYNC_GET, "pool", pool, "timeout", true, "limited", true, "outcome", "timeout");
            throw new ResultTimeoutException("the result was not ready within " + Durations.human(timeout));
        } catch (ExecutionException e) {
            Recorder.event(RecordEvent.ASYNC_GET, "pool", pool, "timeout", timeout != null, "limited", limited(timeout),
                    "outcome", "error");
            known("get");
            throw Pool.rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessException("interrupted while waiting for a result", e);
        }
    }

    /** Records, once, that this process learned through this handle that the work was done. */
    private void known(String how) {
        if (!doneRecorded && Recorder.on()) {
            doneRecorded = true;
            Recorder.event(RecordEvent.POOL_DONE, "pool", pool, "how", how);
        }
    }

    /** Whether this collection had a time limit: a timeout of its own, or a {@link #waitFor} that found the task finished. */
    private boolean limited(Duration timeout) {
        return timeout != null || waitedForInTime;
    }

    private R result(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return timeout == null ? future.get() : future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Waits at most {@code timeout} for the task to finish, without getting its result. */
    public void waitFor(Duration timeout) {
        Recorder.timeoutGiven("AsyncResult.waitFor", timeout);
        try {
            future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // only waiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (future.isDone()) {
            waitedForInTime = true;
            known("waitFor");
        }
    }

    /** True once the task has finished, well or not. */
    public boolean ready() {
        long began = Probe.begin();
        boolean done = future.isDone();
        if (done) {
            known("ready");
        }
        Probe probe = readyProbe;
        if (probe == null) readyProbe = probe = new Probe("AsyncResult.ready");
        return probe.answered(began, done);
    }

    /** This result's {@code ready()}, watched for a busy wait in this process ({@link Probe}); made at first use. */
    private Probe readyProbe;

    /**
     * True if the task finished without throwing.
     *
     * @throws ProcessException if it has not finished yet (as Python raises {@code ValueError})
     */
    public boolean successful() {
        if (!future.isDone()) {
            throw new ProcessException("the result is not ready yet: call ready() or get() first");
        }
        known("ready");
        return !future.isCompletedExceptionally();
    }
}
