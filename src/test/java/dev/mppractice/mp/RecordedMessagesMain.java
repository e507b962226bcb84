package dev.mppractice.mp;

/**
 * A child that sends 3,000 small messages, more than the record keeps of one kind, then one large one,
 * through a queue and through a pipe (RecordedLockTest's sibling: see RecordedMessagesTest).
 */
public final class RecordedMessagesMain {
    static final int SMALL = 3_000;

    public static void main(String[] args) throws Exception {
        Queue<Object> q = new Queue<>();
        Pipe pipe = Pipe.open();
        Connection left = pipe.left();
        Connection right = pipe.right();
        Process child = new Process(() -> {
            for (int i = 0; i < SMALL; i++) {
                q.put(i);
                right.send(i);
            }
            q.put(new byte[4096]);
            right.send(new byte[4096]);
        });
        child.start();
        int got = 0;
        for (int i = 0; i <= SMALL; i++) {
            q.get();
            left.recv();
            got++;
        }
        child.join();
        System.out.println("received " + got + " exitcode " + child.exitCode());
    }
}
