package dev.mppractice.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Writes, for each test class, the processor time it took, to {@code target/processor-time-by-class.tsv}: the test JVM's own
 * (user and system), its children's (the JVMs the tests start, once they have ended and been waited for, with their own
 * children's), and the wall time, in seconds. The suite's time on 2 cores is bound by its processor time, most of it the
 * children's (issue 11's aim of 3 minutes): this says where it goes. Linux only ({@code /proc/self/stat}); elsewhere nothing
 * is written. Registered for every test class, as {@link LibraryJar} is.
 */
public final class ProcessorTimeByClass implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProcessorTimeByClass.class);
    /** The kernel's clock ticks per second, in which {@code /proc} gives processor times (100 on Linux for x86 and arm). */
    private static final double TICKS = 100.0;

    /** Own ticks, children's ticks, nanoTime; null when {@code /proc/self/stat} cannot be read. */
    private static long[] now() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command's name in parentheses, from the state (field 3): utime is field 14
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long children = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return new long[] {own, children, System.nanoTime()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        long[] now = now();
        if (now != null) context.getStore(NAMESPACE).put("start", now);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        long[] start = context.getStore(NAMESPACE).get("start", long[].class);
        long[] end = now();
        if (start == null || end == null) return;
        String line = String.format(Locale.ROOT, "%s\t%.2f\t%.2f\t%.2f%n", context.getRequiredTestClass().getName(),
                (end[0] - start[0]) / TICKS, (end[1] - start[1]) / TICKS, (end[2] - start[2]) / 1e9);
        Path file = Path.of(System.getProperty("mp.build.dir", "target"), "processor-time-by-class.tsv");
        try {
            // one short append per class: the test JVMs running side by side do not interleave within a line
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a figure lost is no failure of the tests
        }
    }
}
