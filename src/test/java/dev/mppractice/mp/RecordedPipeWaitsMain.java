package dev.mppractice.mp;

import java.util.concurrent.locks.LockSupport;

/**
 * A recorded parent and child that each wait in {@code Connection.recv} for a message the other sends only
 * {@link RecordedWaitsMain#AFTER_NANOS} after that recv was called, each saying when it calls through an Event and
 * a shared Value; then 100 round trips answered at once, and a {@code poll} that waits for the child's last word.
 * Prints what came.
 */
public final class RecordedPipeWaitsMain {
    private RecordedPipeWaitsMain() {
    }

    public static void main(String[] args) {
        Pipe pipe = Pipe.open();
        Connection parent = pipe.left();
        LongValue parentCalls = Value.ofLong(0);
        LongValue childCalls = Value.ofLong(0);
        Event parentReceiving = new Event();
        Event childReceiving = new Event();
        Process p = new Process(() -> child(pipe.right(), parentCalls, parentReceiving, childCalls, childReceiving));
        p.start();
        parentCalls.set(System.nanoTime());
        parentReceiving.set();
        int first = parent.recv();
        childReceiving.await();
        until(childCalls.get() + RecordedWaitsMain.AFTER_NANOS);
        parent.send(2);
        int sum = 0;
        for (int i = 0; i < 100; i++) {
            parent.send(i);
            sum += parent.<Integer>recv();
        }
        boolean last = parent.poll(java.time.Duration.ofSeconds(30));
        int word = parent.recv();
        p.join();
        System.out.println("got " + first + " then " + sum + " then " + last + " " + word + " exitcode " + p.exitCode());
    }

    static void child(Connection conn, LongValue parentCalls, Event parentReceiving, LongValue childCalls,
            Event childReceiving) {
        parentReceiving.await();
        until(parentCalls.get() + RecordedWaitsMain.AFTER_NANOS);
        conn.send(1);
        childCalls.set(System.nanoTime());
        childReceiving.set();
        conn.recv();
        for (int i = 0; i < 100; i++) {
            conn.send(conn.<Integer>recv());
        }
        until(System.nanoTime() + RecordedWaitsMain.AFTER_NANOS);
        conn.send(7);
    }

    /** Returns at {@code deadline} ({@link System#nanoTime()}, one clock for every process of the machine). */
    private static void until(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
