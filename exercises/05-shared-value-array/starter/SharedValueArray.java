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
            // TODO: another process could change the counter between get() and set():
            //       hold the counter's lock around each increment.
            counter.set(counter.get() + 1);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        // TODO: create a shared Array of 5 ints and a shared int Value starting at 0.
        //       Run fillArray in a process to fill the array with multiples of 3.
        //       Run incrementCounter in another process to increment the counter 100 times.
        //       When both have ended, print "Array: [...]" and "Counter: ...".
    }
}
