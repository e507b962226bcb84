import dev.mppractice.mp.Array;
import dev.mppractice.mp.Condition;
import dev.mppractice.mp.IntArray;
import dev.mppractice.mp.Process;

import java.util.ArrayList;

public class ConditionBuffer {

    static final int CAPACITY = 3;
    static final int PRODUCERS = 2;
    static final int CONSUMERS = 2;
    static final int ITEMS = 10; // each producer makes 10, each consumer takes 10

    // The buffer: CAPACITY slots, used as a ring, and its state in a second array.
    static final int COUNT = 0;
    static final int HEAD = 1;
    static final int TAIL = 2;

    /**
     * Makes item i of a producer: the first half at once (a burst: the buffer fills, and producers must wait for
     * room), the second half slowly (a trickle: consumers find the buffer empty, and must wait for items).
     */
    static int produce(int producer, int i) throws InterruptedException {
        if (i > ITEMS / 2) {
            Thread.sleep(40);
        }
        return producer * 100 + i;
    }

    /** Uses the i-th item a consumer took (from 0): slowly at first, while the producers burst, then at once. */
    static void consume(int i) throws InterruptedException {
        if (i < ITEMS / 2) {
            Thread.sleep(30);
        }
    }

    /** Puts an item in the buffer; call it holding the lock, with room in the buffer. */
    static void put(IntArray slots, IntArray state, int item) {
        if (state.get(COUNT) == CAPACITY) {
            throw new IllegalStateException("the buffer is full: wait until a consumer has taken an item");
        }
        slots.set(state.get(TAIL), item);
        state.set(TAIL, (state.get(TAIL) + 1) % CAPACITY);
        state.set(COUNT, state.get(COUNT) + 1);
    }

    /** Takes the oldest item from the buffer; call it holding the lock, with an item in the buffer. */
    static int take(IntArray slots, IntArray state) {
        if (state.get(COUNT) == 0) {
            throw new IllegalStateException("the buffer is empty: wait until a producer has put an item");
        }
        int item = slots.get(state.get(HEAD));
        state.set(HEAD, (state.get(HEAD) + 1) % CAPACITY);
        state.set(COUNT, state.get(COUNT) - 1);
        return item;
    }

    static void producer(int p, IntArray slots, IntArray state, Condition changed) throws InterruptedException {
        for (int i = 1; i <= ITEMS; i++) {
            int item = produce(p, i);
            try (var held = changed.acquire()) {
                // TODO: while the buffer is full, wait on `changed` (it lets go of the lock while it waits).
                put(slots, state, item);
                // TODO: wake the processes waiting on `changed`: there is an item to take now.
            }
        }
    }

    static void consumer(int c, IntArray slots, IntArray state, Condition changed, IntArray taken, IntArray sums)
            throws InterruptedException {
        for (int i = 0; i < ITEMS; i++) {
            int item;
            try (var held = changed.acquire()) {
                // TODO: while the buffer is empty, wait on `changed`.
                item = take(slots, state);
                // TODO: wake the processes waiting on `changed`: there is room now.
            }
            taken.set(c, taken.get(c) + 1);
            sums.set(c, sums.get(c) + item);
            consume(i);
        }
    }

    public static void main(String[] args) {
        var slots = Array.ofInts(CAPACITY);
        var state = Array.ofInts(3);
        var changed = new Condition();
        var taken = Array.ofInts(CONSUMERS);
        var sums = Array.ofInts(CONSUMERS);
        var processes = new ArrayList<Process>();
        for (int p = 1; p <= PRODUCERS; p++) {
            int me = p;
            processes.add(new Process(() -> producer(me, slots, state, changed), "producer-" + p));
        }
        for (int c = 0; c < CONSUMERS; c++) {
            int me = c;
            processes.add(new Process(() -> consumer(me, slots, state, changed, taken, sums), "consumer-" + (c + 1)));
        }
        for (var p : processes) {
            p.start();
        }
        for (var p : processes) {
            p.join();
        }
        int items = 0;
        int total = 0;
        for (int c = 0; c < CONSUMERS; c++) {
            items += taken.get(c);
            total += sums.get(c);
        }
        System.out.println("Consumed " + items + " items, adding up to " + total);
        System.out.println("Left in the buffer: " + state.get(COUNT));
    }
}
