import dev.mppractice.mp.Array;
import dev.mppractice.mp.IntArray;
import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Value;

public class SharedValueArray {

    static void fillArray(IntArray arr, int val) {
        for (int i = 0; i < arr.length(); i++) {
            arr.set(i, val * (i + 1));
        }
    }

    static void incrementCounter(IntValue counter, int n) {
        for (int i = 0; i < n; i++) {
            try (var held = counter.getLock().acquire()) {
                counter.set(counter.get() + 1);
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        var sharedArr = Array.ofInts(5);
        var counter = Value.ofInt(0);
        var p1 = new Process(() -> fillArray(sharedArr, 3));
        var p2 = new Process(() -> incrementCounter(counter, 100));
        p1.start();
        p2.start();
        p1.join();
        p2.join();
        System.out.println("Array: " + sharedArr.toList());
        System.out.println("Counter: " + counter.get());
    }
}
