package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StderrTrimmerTest {
    private final StderrTrimmer trimmer = new StderrTrimmer(Set.of("QueuePrimes"));

    @Test
    void keepsExceptionLinesAndTheLearnersFramesAndCountsTheRest() {
        String raw = String.join("\n",
                "Exception in thread \"main\" dev.mppractice.mp.EmptyQueueException: the queue is empty",
                "\tat dev.mppractice.mp.Queue.get(Queue.java:120)",
                "\tat dev.mppractice.mp.internal.Wire.read(Wire.java:40)",
                "\tat dev.mppractice.mp.internal.Wire.read(Wire.java:30)",
                "\tat QueuePrimes.lambda$main$0(QueuePrimes.java:12)",
                "\tat java.base/java.lang.Thread.run(Thread.java:840)",
                "\tat QueuePrimes.main(QueuePrimes.java:20)",
                "Caused by: java.io.IOException: closed",
                "\tat java.base/sun.nio.ch.SocketChannelImpl.read(SocketChannelImpl.java:1)",
                "\tat dev.mppractice.mp.internal.Wire.read(Wire.java:30)",
                "\t... 5 more",
                "");
        assertEquals(String.join("\n",
                "Exception in thread \"main\" dev.mppractice.mp.EmptyQueueException: the queue is empty",
                "\tat dev.mppractice.mp.Queue.get(Queue.java:120)",
                "\t... 2 lines of the mp library and the JDK left out",
                "\tat QueuePrimes.lambda$main$0(QueuePrimes.java:12)",
                "\t... 1 line of the mp library and the JDK left out",
                "\tat QueuePrimes.main(QueuePrimes.java:20)",
                "Caused by: java.io.IOException: closed",
                "\tat java.base/sun.nio.ch.SocketChannelImpl.read(SocketChannelImpl.java:1)",
                "\t... 6 lines of the mp library and the JDK left out",
                ""), trimmer.trim(raw));
    }

    @Test
    void keepsWhatTheProgramPrintedItselfAndDropsJvmFlagWarnings() {
        String raw = "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes\r\n"
                + "working on 50\r\nwarning: slow\r\n";
        assertEquals("working on 50\nwarning: slow\n", trimmer.trim(raw));
    }

    @Test
    void recognisesLearnerFramesWithClassLoaderAndModulePrefixes() {
        assertEquals(true, trimmer.isLearnerFrame("\tat app//QueuePrimes.main(QueuePrimes.java:3)"));
        assertEquals(true, trimmer.isLearnerFrame("\tat QueuePrimes$Worker.run(QueuePrimes.java:3)"));
        assertEquals(false, trimmer.isLearnerFrame("\tat java.base/java.lang.Thread.run(Thread.java:840)"));
        assertEquals(false, trimmer.isLearnerFrame("\tat QueuePrimesHelper.run(QueuePrimesHelper.java:3)"));
    }

    @Test
    void emptyStaysEmptyAndAFloodIsCut() {
        assertEquals("", trimmer.trim(""));
        String flood = "line\n".repeat(10_000);
        String trimmed = trimmer.trim(flood);
        assertEquals(StderrTrimmer.MAX_LINES + 1, trimmed.split("\n").length);
    }
}
