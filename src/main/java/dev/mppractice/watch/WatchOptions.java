package dev.mppractice.watch;

/**
 * How watch mode behaves.
 *
 * @param debounceMillis a check starts this long after the last change of the file (editors write in bursts;
 *                       the events of one save come within a few ms, and a change during a check cancels it and
 *                       checks again, so 50 ms is enough and costs a re-check little)
 * @param pollMillis     the file's attributes are compared at least this often (file events only wake earlier)
 */
public record WatchOptions(long debounceMillis, long pollMillis) {
    public static WatchOptions defaults() {
        return new WatchOptions(50, 500);
    }
}
