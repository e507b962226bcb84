package dev.mppractice.mp;

/**
 * A recorded child that puts a task on a {@code JoinableQueue} and a result on a plain {@code Queue}, as exercise 21's
 * workers (and a producer process) do: the record tells the two puts apart.
 */
public final class RecordedJoinablePutsMain {
    private RecordedJoinablePutsMain() {
    }

    public static void main(String[] args) {
        JoinableQueue<Integer> tasks = new JoinableQueue<>();
        Queue<Integer> results = new Queue<>();
        Process p = new Process(() -> {
            tasks.put(7);
            results.put(49);
        });
        p.start();
        int task = tasks.get();
        tasks.taskDone();
        int result = results.get();
        p.join();
        System.out.println("task " + task + " result " + result);
    }
}
