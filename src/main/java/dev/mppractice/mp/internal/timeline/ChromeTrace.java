package dev.mppractice.mp.internal.timeline;

import dev.mppractice.mp.internal.timeline.Timeline.Lane;
import dev.mppractice.mp.internal.timeline.Timeline.Message;
import dev.mppractice.mp.internal.timeline.Timeline.Phase;
import dev.mppractice.mp.internal.timeline.Timeline.Span;
import dev.mppractice.mp.internal.timeline.Timeline.SpanKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Writes a {@link Timeline} in the Trace Event Format (the JSON object form, with
 * {@code traceEvents}), which Perfetto (ui.perfetto.dev), {@code chrome://tracing} and speedscope
 * open: each process of the run a {@code pid} named by metadata ({@code M}) events, its lifecycle
 * and its waits, chunks, locks and permits held as complete events ({@code X}, {@code ts} and {@code dur}
 * in microseconds from the run's first event), the phases the program timed as complete events on a
 * thread of their own named {@code phases}, each queue item or pipe message a flow from the
 * sender to the receiver ({@code s} and {@code f} with a shared {@code id}), and each line a child
 * printed an instant event ({@code i}, thread scope) named by the line, on its process's first thread.
 *
 * <p>Spans of one process that overlap without nesting (two threads waiting at once) go on
 * further threads ({@code tid} 1, 2, ...), since a viewer draws one thread's slices as a stack.
 */
public final class ChromeTrace {
    private final StringBuilder out = new StringBuilder(4096);
    private final long t0;
    private boolean first = true;

    private ChromeTrace(long t0) {
        this.t0 = t0;
    }

    /** Writes the trace of {@code timeline} to {@code file}, replacing it. */
    public static void write(Path file, Timeline timeline) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, of(timeline), StandardCharsets.UTF_8);
    }

    /** The trace of {@code timeline} as JSON text. */
    public static String of(Timeline timeline) {
        return new ChromeTrace(timeline.startUs()).write(timeline);
    }

    private String write(Timeline t) {
        out.append("{\"traceEvents\":[\n");
        int sort = 0;
        for (Lane lane : t.lanes()) {
            List<List<Span>> threads = threads(lane);
            meta(lane.pid(), 0, "process_name", "name", lane.name());
            meta(lane.pid(), 0, "process_sort_index", "sort_index", sort++);
            for (int tid = 0; tid < threads.size(); tid++) {
                meta(lane.pid(), tid, "thread_name", "name", tid == 0 ? lane.name() : lane.name() + " (another thread)");
                for (Span s : threads.get(tid)) {
                    complete(lane, tid, s);
                }
            }
            phases(t, lane, threads.size());
        }
        for (Timeline.Printed p : t.printed()) {
            next();
            out.append("{\"ph\":\"i\",\"s\":\"t\",\"name\":").append(quote(p.text())).append(",\"cat\":").append(quote(p.category()))
                    .append(",\"pid\":").append(p.pid()).append(",\"tid\":0,\"ts\":").append(p.us() - t0).append('}');
        }
        int id = 0;
        for (Message m : t.messages()) {
            id++;
            String name = m.via() + " " + m.channel();
            flow('s', id, name, m.fromPid(), m.sentUs());
            flow('f', id, name, m.toPid(), m.receivedUs());
        }
        out.append("\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"source\":\"mp run record\",\"startEpochUs\":")
                .append(t.startUs()).append(",\"truncated\":").append(t.truncated()).append("}}\n");
        return out.toString();
    }

    /** The lane's spans spread on threads so that the spans of each thread nest: lifecycle and what fits on 0. */
    private static List<List<Span>> threads(Lane lane) {
        List<List<Span>> threads = new ArrayList<>();
        List<Deque<Span>> stacks = new ArrayList<>();
        for (Span s : lane.spans()) {
            if (s.kind() == SpanKind.STARTING || s.kind() == SpanKind.RUNNING) {
                place(threads, stacks, 0, s);
                continue;
            }
            int tid = 0;
            while (!fits(stacks, tid, s)) tid++;
            place(threads, stacks, tid, s);
        }
        return threads;
    }

    private static boolean fits(List<Deque<Span>> stacks, int tid, Span s) {
        if (tid >= stacks.size()) return true;
        Deque<Span> stack = stacks.get(tid);
        while (!stack.isEmpty() && stack.peek().endUs() <= s.beginUs()) stack.pop();
        return stack.isEmpty() ? tid > 0 : s.endUs() <= stack.peek().endUs();
    }

    private static void place(List<List<Span>> threads, List<Deque<Span>> stacks, int tid, Span s) {
        while (threads.size() <= tid) {
            threads.add(new ArrayList<>());
            stacks.add(new ArrayDeque<>());
        }
        threads.get(tid).add(s);
        Deque<Span> stack = stacks.get(tid);
        while (!stack.isEmpty() && stack.peek().endUs() <= s.beginUs()) stack.pop();
        stack.push(s);
    }

    private void complete(Lane lane, int tid, Span s) {
        next();
        out.append("{\"ph\":\"X\",\"name\":").append(quote(s.name())).append(",\"cat\":").append(quote(category(s.kind())))
                .append(",\"pid\":").append(lane.pid()).append(",\"tid\":").append(tid)
                .append(",\"ts\":").append(s.beginUs() - t0).append(",\"dur\":").append(s.durationUs());
        List<String> args = new ArrayList<>();
        if (s.detail() != null) args.add((s.kind() == SpanKind.WAIT || s.kind() == SpanKind.SLEEP ? "\"at\":" : "\"detail\":") + quote(s.detail()));
        if (s.open()) args.add("\"unfinished\":true");
        if (s.kind() == SpanKind.RUNNING && lane.exitCode() != null) args.add("\"exitcode\":" + lane.exitCode());
        if (!args.isEmpty()) out.append(",\"args\":{").append(String.join(",", args)).append('}'); // speedscope shows even {} in names
        out.append('}');
    }

    /** The phases {@code lane}'s process timed, on a thread of their own after its others ({@code tid}). */
    private void phases(Timeline t, Lane lane, int tid) {
        List<Phase> own = t.phases().stream().filter(p -> p.pid() == lane.pid()).toList();
        if (own.isEmpty()) return;
        meta(lane.pid(), tid, "thread_name", "name", "phases");
        for (Phase p : own) {
            next();
            out.append("{\"ph\":\"X\",\"name\":").append(quote(p.label())).append(",\"cat\":\"phase\"")
                    .append(",\"pid\":").append(lane.pid()).append(",\"tid\":").append(tid)
                    .append(",\"ts\":").append(p.beginUs() - t0).append(",\"dur\":").append(p.durationUs());
            List<String> args = new ArrayList<>();
            if (p.cpuUs() >= 0) args.add("\"cpu_us\":" + p.cpuUs());
            if (!p.ok()) args.add("\"threw\":true");
            if (p.open()) args.add("\"unfinished\":true");
            if (!args.isEmpty()) out.append(",\"args\":{").append(String.join(",", args)).append('}');
            out.append('}');
        }
    }

    private static String category(SpanKind k) {
        return switch (k) {
            case STARTING, RUNNING -> "process";
            case WAIT -> "wait";
            case SLEEP -> "sleep";
            case CHUNK -> "pool";
            case LOCK -> "lock";
            case PERMIT -> "semaphore";
            case UNRECORDED -> "record";
        };
    }

    private void flow(char ph, int id, String name, long pid, long us) {
        next();
        out.append("{\"ph\":\"").append(ph).append("\",\"id\":").append(id).append(",\"name\":").append(quote(name))
                .append(",\"cat\":\"message\",\"pid\":").append(pid).append(",\"tid\":0,\"ts\":").append(us - t0)
                .append(",\"bp\":\"e\"}");
    }

    private void meta(long pid, int tid, String name, String key, Object value) {
        next();
        out.append("{\"ph\":\"M\",\"name\":\"").append(name).append("\",\"pid\":").append(pid).append(",\"tid\":").append(tid)
                .append(",\"ts\":0,\"args\":{\"").append(key).append("\":")
                .append(value instanceof Number ? value.toString() : quote(value.toString())).append("}}");
    }

    private void next() {
        if (!first) out.append(",\n");
        first = false;
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
