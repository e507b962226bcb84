package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a thread dump (a real one of JDK 17's jcmd, with a thread of the library's added by hand) says of each thread:
 * whether it goes on by itself, which decides whether a quiet run is stuck.
 */
class ThreadDumpTest {
    private static Map<String, ThreadDump.Spot> spots() throws Exception {
        String dump = Files.readString(TestFiles.resource("dumps/latch-idle-pool-poller.txt"));
        return ThreadDump.parse(dump, Set.of("Idle")).stream().collect(Collectors.toMap(ThreadDump.Spot::thread, Function.identity()));
    }

    /** The dump's last thread too: the blank line that ends it was dropped, and the thread with it. */
    @Test
    void threadsAreNumberedAsTheRecordNumbersThem() throws Exception {
        Map<String, ThreadDump.Spot> s = spots();
        assertEquals(1, s.get("main").id());
        assertEquals(12, s.get("pool-1-thread-1").id());
        assertEquals(14, s.get("Thread-0").id());
        assertEquals("CountDownLatch.await", s.get("main").called());
        assertEquals(80.56, s.get("main").cpuMillis(), 1e-9, "the processor time (it was never read: always 0)");
    }

    /** A cached pool's idle thread waits 60 s to end, not to run anything: a run stuck beside one ran to its time limit. */
    @Test
    void anExecutorsIdleThreadDoesNotGoOn() throws Exception {
        ThreadDump.Spot idle = spots().get("pool-1-thread-1");
        assertEquals("TIMED_WAITING", idle.state());
        assertFalse(idle.goesOnByItself());
        assertFalse(spots().get("main").goesOnByItself(), "a latch's wait without a timeout");
    }

    /**
     * A thread of the learner's in a call of the library goes on from it unless the record shows it waiting there: a poll
     * of an Event every 5 ms is never written, and a main waiting on a latch the poller counts down was called stuck.
     */
    @Test
    void aThreadInTheLibraryGoesOnUnlessTheRecordShowsItWaiting() throws Exception {
        ThreadDump.Spot poller = spots().get("Thread-0");
        assertTrue(poller.inLibrary());
        assertFalse(poller.goesOnByItself());
        assertTrue(poller.passesThroughTheLibrary(Set.of()));
        assertTrue(poller.passesThroughTheLibrary(Set.of(1L)), "another thread's wait");
        assertFalse(poller.passesThroughTheLibrary(Set.of(14L)), "its own lasting wait");
        assertFalse(spots().get("main").passesThroughTheLibrary(Set.of()), "not in the library");
        assertEquals(List.of(), spots().values().stream().filter(t -> t.thread().equals("Reference Handler"))
                .filter(t -> t.goesOnByItself() || t.passesThroughTheLibrary(Set.of())).toList(), "the JVM's own");
    }
}
