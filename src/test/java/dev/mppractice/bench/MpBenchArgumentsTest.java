package dev.mppractice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Jvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A wrong count for {@code mp-bench --recording-cost} is told in a line, not a stack trace. */
class MpBenchArgumentsTest {
    @Test
    void aRecordingCostThatIsNotACountIsToldWhatItNeeds() throws Exception {
        for (String[] args : new String[][] {{"--recording-cost", "x"}, {"--recording-cost", "0"}, {"--recording-cost"}}) {
            try (Jvm bench = Jvm.start(System.getProperty("java.class.path"), MpBench.class.getName(), args)) {
                assertEquals(2, bench.waitFor(Duration.ofSeconds(60)), bench::stderr);
                String err = bench.stderr();
                assertTrue(err.startsWith("mp-bench: --recording-cost needs how many runs"), err);
                assertFalse(err.contains("Exception"), err);
            }
        }
    }
}
