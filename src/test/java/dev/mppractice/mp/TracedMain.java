package dev.mppractice.mp;

/** A program for {@link TraceFileTest}: a child puts an item on a queue and sends one on a pipe; main takes both. */
public final class TracedMain {
    private TracedMain() {
    }

    public static void main(String[] args) {
        Queue<String> q = new Queue<>();
        Pipe pipe = Pipe.open(false);
        Connection right = pipe.right();
        Process p = new Process(() -> {
            q.put("by queue");
            right.send("by pipe");
        });
        p.start();
        System.out.println(q.get() + ", " + pipe.left().recv());
        p.join();
    }
}
