package dev.mppractice.mp.internal;

import dev.mppractice.mp.internal.timeline.ChromeTrace;
import dev.mppractice.mp.internal.timeline.RecordLines;
import dev.mppractice.mp.internal.timeline.TimelineBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code -Dmp.trace=FILE}: when the main process ends, the run is written to FILE in the Trace Event
 * Format, for ui.perfetto.dev, chrome://tracing or speedscope, from the library alone.
 *
 * <p>The trace is made from the run record: the one {@code mp.record} names (this run's part of
 * it, from where the file ended when the run began), or else one kept in the tree's private
 * directory, which every process of the tree appends to as usual.
 */
final class TraceFile {
    static final String PROPERTY = "mp.trace";

    private final Path trace;
    private final Path record;
    private final long offset;

    private TraceFile(Path trace, Path record, long offset) {
        this.trace = trace;
        this.record = record;
        this.offset = offset;
    }

    /** The trace asked for by the system properties, or null; {@code dir} is the tree's private directory. */
    static TraceFile fromProperties(Path dir) {
        String to = System.getProperty(PROPERTY);
        if (to == null || to.isBlank()) {
            return null;
        }
        String given = System.getProperty("mp.record");
        Path record = given == null || given.isBlank() ? dir.resolve("record.jsonl") : Path.of(given);
        long offset;
        try {
            offset = Files.exists(record) ? Files.size(record) : 0;
        } catch (IOException e) {
            offset = 0;
        }
        return new TraceFile(Path.of(to).toAbsolutePath(), record, offset);
    }

    /** The record the processes of the tree write. */
    String recordPath() {
        return record.toString();
    }

    /** Writes the trace (at the end of the main process, its children ended); a failure is said on standard error. */
    void write(long mainPid) {
        try {
            ChromeTrace.write(trace, TimelineBuilder.build(RecordLines.read(record, offset), mainPid));
            System.err.println("mp: the run's trace is in " + trace + " (open it in ui.perfetto.dev)");
        } catch (IOException | RuntimeException e) {
            System.err.println("mp: cannot write the trace to " + trace + ": " + e.getMessage());
        }
    }
}
