package dev.mppractice.mp;

import java.util.Map;

/**
 * A recorded program whose one child is a manager, called for about half a second (see
 * RecordedSleepTest.aRecordedManagersThreadIsNotLookedAt): long enough for 50 looks of a watch every 10 ms.
 */
public final class RecordedManagerMain {
    private RecordedManagerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Manager m = Manager.start()) {
            Map<Integer, Integer> d = m.dict();
            for (int i = 0; i < 50; i++) {
                d.put(i, i);
                Thread.sleep(10);
            }
            System.out.println("served " + d.size());
        }
    }
}
