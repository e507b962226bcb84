package dev.mppractice.mp;

import java.util.Map;

/**
 * A recorded program whose one child is a manager, called without a pause for half a second (see
 * RecordedSleepTest.aRecordedManagersThreadIsNotLookedAt): long enough for 50 looks of a watch every 10 ms.
 */
public final class RecordedManagerMain {
    private RecordedManagerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Manager m = Manager.start()) {
            Map<Integer, Integer> d = m.dict();
            long until = System.nanoTime() + 500_000_000L;
            int calls = 0;
            while (System.nanoTime() < until) {
                d.put(calls % 50, calls);
                calls++;
            }
            System.out.println("served " + d.size());
        }
    }
}
