package dev.mppractice.mp;

import java.util.List;

/**
 * A recorded parent that reads a child's pipe to its end and then asks {@code Multiprocessing.waitFor} about that pipe
 * again, 100 times, as a select loop that never takes an ended pipe off its list does (each call returns it at once).
 * Then it waits on a fresh pipe that has a message: returned without a word, since that one's end was never told.
 */
public final class RecordedSelectAtEndMain {
    private RecordedSelectAtEndMain() {
    }

    public static void main(String[] args) {
        Pipe pipe = Pipe.open(false);
        Connection out = pipe.right();
        Process p = new Process(() -> {
            out.send(1);
            out.close();
        });
        p.start();
        int got = pipe.left().recv();
        int ends = 0;
        for (int i = 0; i < 100; i++) {
            List<Object> ready = Multiprocessing.waitFor(List.of(pipe.left()), null);
            try {
                ((Connection) ready.get(0)).recv();
            } catch (ConnectionEOFException e) {
                ends++;
            }
        }
        Pipe other = Pipe.open();
        other.right().send(2);
        int more = Multiprocessing.waitFor(List.of(other.left()), null).size();
        p.join();
        System.out.println("got " + got + " ends " + ends + " more " + more);
    }
}
