package dev.mppractice.mp;

import java.time.Duration;

/**
 * A child that fails to take a permit main holds in each way a take gives up: {@code tryAcquire(50 ms)},
 * {@code tryAcquire()}, {@code acquire(50 ms)} (which throws), then takes one once main gave it back (see
 * RecordedPermitTimeoutsTest).
 */
public final class RecordedPermitTimeoutsMain {
    private RecordedPermitTimeoutsMain() {
    }

    public static void main(String[] args) throws Exception {
        Semaphore connections = new Semaphore(1);
        Queue<String> tried = new Queue<>();
        Queue<String> back = new Queue<>();
        connections.acquire();
        Process child = new Process(() -> {
            boolean a = connections.tryAcquire(Duration.ofMillis(50));
            boolean b = connections.tryAcquire();
            boolean c;
            try {
                connections.acquire(Duration.ofMillis(50));
                c = true;
            } catch (SemaphoreTimeoutException e) {
                c = false;
            }
            tried.put(a + " " + b + " " + c);
            back.get();
            connections.acquire().close();
        }, "downloader");
        child.start();
        String got = tried.get();
        connections.release();
        back.put("go");
        child.join();
        System.out.println(got + " exitcode " + child.exitCode());
    }
}
