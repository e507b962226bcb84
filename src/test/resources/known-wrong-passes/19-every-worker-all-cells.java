import dev.mppractice.mp.Array;
import dev.mppractice.mp.Barrier;
import dev.mppractice.mp.IntArray;
import dev.mppractice.mp.Process;

import java.util.ArrayList;

public class BarrierPhases {

    static final int WORKERS = 3;
    static final int PHASES = 4;
    static final int[] START = {0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 5};

    /** The new value of cell i: its own and its two neighbours' (on a ring) added up, mod 10. */
    static int step(IntArray cells, int i) {
        int n = cells.length();
        return (cells.get((i + n - 1) % n) + cells.get(i) + cells.get((i + 1) % n)) % 10;
    }

    /** Worker w owns cells [from, to) of the ring. */
    static void worker(int w, IntArray even, IntArray odd, Barrier phaseDone) {
        int from = w * START.length / WORKERS;
        int to = (w + 1) * START.length / WORKERS;
        for (int phase = 0; phase < PHASES; phase++) {
            IntArray current = phase % 2 == 0 ? even : odd;
            IntArray next = phase % 2 == 0 ? odd : even;
            for (int i = 0; i < START.length; i++) {
                next.set(i, step(current, i));
            }
            phaseDone.await();
        }
    }

    public static void main(String[] args) {
        var even = Array.ofInts(START);
        var odd = Array.ofInts(START.length);
        var phaseDone = new Barrier(WORKERS);
        var workers = new ArrayList<Process>();
        for (int w = 0; w < WORKERS; w++) {
            int me = w;
            workers.add(new Process(() -> worker(me, even, odd, phaseDone), "worker-" + (w + 1)));
        }
        System.out.println("Start:   " + even.toList());
        for (var p : workers) {
            p.start();
        }
        for (var p : workers) {
            p.join();
        }
        System.out.println("Phase " + PHASES + ": " + (PHASES % 2 == 0 ? even : odd).toList());
    }
}
