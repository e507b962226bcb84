package dev.mppractice.mp;

import java.util.concurrent.locks.LockSupport;

/**
 * A recorded parent and child that each wait in {@code Queue.get} for an item the other puts only
 * {@link #AFTER_NANOS} after that get was called: the parent on its own queue, the child on the
 * parent's (through the parent). Each says it is about to call get, with the instant, through an Event
 * and a shared Value. Also takes an item that is there already (no wait). Prints what came.
 */
public final class RecordedWaitsMain {
    /** How long after the other side's get the item is put. */
    static final long AFTER_NANOS = 200_000_000L;

    private RecordedWaitsMain() {
    }

    public static void main(String[] args) {
        Queue<Integer> toChild = new Queue<>();
        Queue<Integer> toParent = new Queue<>();
        LongValue parentCalls = Value.ofLong(0);
        LongValue childCalls = Value.ofLong(0);
        Event parentGetting = new Event();
        Event childGetting = new Event();
        Process p = new Process(() -> child(toChild, toParent, parentCalls, parentGetting, childCalls, childGetting));
        p.start();
        parentCalls.set(System.nanoTime());
        parentGetting.set();
        int first = toParent.get();
        childGetting.await();
        until(childCalls.get() + AFTER_NANOS);
        toChild.put(2);
        p.join();
        toParent.put(3);
        System.out.println("got " + first + " then " + toParent.get() + " exitcode " + p.exitCode());
    }

    static void child(Queue<Integer> toChild, Queue<Integer> toParent, LongValue parentCalls, Event parentGetting,
            LongValue childCalls, Event childGetting) {
        parentGetting.await();
        until(parentCalls.get() + AFTER_NANOS);
        toParent.put(1);
        childCalls.set(System.nanoTime());
        childGetting.set();
        toChild.get();
    }

    /** Returns at {@code deadline} ({@link System#nanoTime()}, one clock for every process of the machine). */
    private static void until(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
