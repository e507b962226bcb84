package dev.mppractice.mp;

import java.util.List;

/**
 * A recorded parent that reads a child's pipe to its end and then asks {@code Multiprocessing.waitFor} about that pipe
 * again, 100 times, as a select loop that never takes an ended pipe off its list does (each call returns it at once).
 * Then it waits on a fresh pipe that has a message: returned without a word, since that one's end was never told.
 * Last, it asks {@code waitFor} about the ended child 3 times: the first return tells its end, the next two are a loop
 * that never takes an ended process off its list.
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
        int again = 0;
        for (int i = 0; i < 3; i++) {
            again += Multiprocessing.waitFor(List.of(p), null).size();
        }
        System.out.println("got " + got + " ends " + ends + " more " + more + " again " + again);
    }
}
