package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a child process tells its failure. */
class ChildMainTest {
    /**
     * Three workers that fail together share one standard error: each report must reach it in one write, or their
     * lines interleave (exercise 21's three stack traces came out line by line, mixed).
     */
    @Test
    void aFailureIsReportedInOneWriteWithItsHeaderAndItsWholeTrace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int[] writes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                writes[0]++;
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes[0]++;
                bytes.write(b, off, len);
            }
        };
        Exception failure = new IllegalStateException("taskDone() called too often", new RuntimeException("the cause"));
        ChildMain.reportFailure(new PrintStream(counting, true, StandardCharsets.UTF_8), "worker-1", 4242, failure);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Process worker-1 (pid 4242) failed:\njava.lang.IllegalStateException: taskDone() called too often\n"),
                text);
        assertTrue(text.contains("\tat " + ChildMainTest.class.getName()), text);
        assertTrue(text.contains("Caused by: java.lang.RuntimeException: the cause"), text);
        assertEquals(1, writes[0], "written in one piece");
    }
}
