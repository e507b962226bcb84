package dev.mppractice.timeline;

import dev.mppractice.mp.internal.timeline.Timeline;
import dev.mppractice.mp.internal.timeline.Timeline.Lane;
import dev.mppractice.mp.internal.timeline.Timeline.Message;
import dev.mppractice.mp.internal.timeline.Timeline.Phase;
import dev.mppractice.mp.internal.timeline.Timeline.Segment;
import dev.mppractice.mp.internal.timeline.Timeline.Span;
import dev.mppractice.mp.internal.timeline.Timeline.State;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Draws a run's {@link Timeline} as text: one row per process, time across, one character per
 * slice of time showing what the process did most of that slice (running, starting, blocked, ...),
 * and a mark where a message was sent or received.
 *
 * <p>{@link #compact} fits under a check's verdict (at most ten lines); {@link #full} adds a time
 * axis, a legend, a summary per process, the phases the program timed, the longest waits and the
 * messages. When the program timed phases ({@code Multiprocessing.timed}), a row above the processes
 * shows where each began and ended. Without UTF-8 the marks are ASCII; without colour the marks alone
 * tell the states apart.
 */
public final class TimelineText {
    /**
     * Rows of processes in the compact view (one fewer when it has a row of phases); a longer run shows this
     * many less one and says how many more.
     */
    static final int COMPACT_ROWS = 7;
    private static final int MAX_LABEL = 16;
    private static final int MIN_BAR = 20;
    private static final int MAX_LISTED = 8;

    private final boolean unicode;
    private final boolean color;
    private final int width;

    /**
     * @param unicode block characters (else ASCII)
     * @param color   ANSI colours
     * @param width   columns available, the two-space indent included
     */
    public TimelineText(boolean unicode, boolean color, int width) {
        this.unicode = unicode;
        this.color = color;
        this.width = width;
    }

    // ------------------------------------------------------------------------------ the two views

    /** The run in at most ten lines: an axis line, a row per process (or most of them), the legend. */
    public String compact(Timeline t) {
        if (t.lanes().isEmpty()) return "";
        Layout l = layout(t);
        StringBuilder b = new StringBuilder();
        String total = duration(t.durationUs());
        int rule = Math.max(1, l.bar - 2 - total.length() - 1);
        b.append("  ").append(pad("Timeline", l.label)).append(' ')
                .append(dim("0 " + (unicode ? "─" : "-").repeat(rule) + " " + total)).append('\n');
        b.append(phaseRow(t, l));
        List<Lane> lanes = t.lanes();
        int rows = t.phases().isEmpty() ? COMPACT_ROWS : COMPACT_ROWS - 1;
        int shown = lanes.size() <= rows ? lanes.size() : rows - 1;
        Set<Mark> used = EnumSet.noneOf(Mark.class);
        for (Lane lane : lanes.subList(0, shown)) {
            b.append(row(t, lane, l, used));
        }
        if (shown < lanes.size()) {
            int more = lanes.size() - shown;
            b.append("  ").append(dim((unicode ? "… " : "... ") + more + (more == 1 ? " more process" : " more processes"))).append('\n');
        }
        b.append(legend(used, "  " + " ".repeat(l.label + 1)));
        return b.toString();
    }

    /** The run in full: axis with times, every process, a legend, a summary per process, waits and messages. */
    public String full(Timeline t) {
        return full(t, "the run");
    }

    /** {@link #full(Timeline)}, titled "Timeline of {@code run}" ("the second run" for a timeline of another run than the judged one). */
    public String full(Timeline t, String run) {
        if (t.lanes().isEmpty()) return "  The run recorded nothing to draw.\n";
        Layout l = layout(t);
        StringBuilder b = new StringBuilder();
        b.append("  ").append(bold("Timeline of " + run)).append(": ").append(duration(t.durationUs())).append(", ")
                .append(plural(t.lanes().size(), "process", "processes")).append(", ")
                .append(plural(t.messages().size(), "message", "messages"));
        b.append('\n');
        if (t.truncated()) b.append("  ").append(dim("Some process stopped recording before its end: events are missing.")).append('\n');
        b.append('\n');
        axis(b, t, l);
        b.append(phaseRow(t, l));
        Set<Mark> used = EnumSet.noneOf(Mark.class);
        for (Lane lane : t.lanes()) {
            b.append(row(t, lane, l, used));
        }
        b.append('\n');
        for (Mark m : used) {
            b.append("  ").append(paint(m, glyph(m))).append(wrap(m.meaning, " ", "    ")).append('\n');
        }
        b.append('\n');
        summary(b, t, l);
        phases(b, t, l);
        waits(b, t, l);
        messages(b, t);
        return b.toString();
    }

    // ------------------------------------------------------------------------------ rows

    private record Layout(int label, int bar) {
    }

    private Layout layout(Timeline t) {
        int label = Math.min(MAX_LABEL, Math.max("Timeline".length(), t.lanes().stream().mapToInt(l -> l.name().length()).max().orElse(8)));
        int bar = Math.max(MIN_BAR, width - 2 - label - 1 - 1);
        return new Layout(label, bar);
    }

    /** One process: its name, then a mark per slice of time. */
    private String row(Timeline t, Lane lane, Layout l, Set<Mark> used) {
        Mark[] cells = cells(t, lane, l.bar);
        StringBuilder b = new StringBuilder("  ").append(pad(ellipsize(lane.name(), l.label), l.label)).append(' ');
        int end = cells.length;
        while (end > 0 && cells[end - 1] == null) end--;
        int i = 0;
        while (i < end) {
            int j = i;
            while (j < end && cells[j] == cells[i]) j++;
            Mark m = cells[i];
            if (m == null) {
                b.append(" ".repeat(j - i));
            } else {
                used.add(m);
                b.append(paint(m, glyph(m).repeat(j - i)));
            }
            i = j;
        }
        return b.append('\n').toString();
    }

    /**
     * The phases the program timed, each drawn over the columns of its time with its label inside
     * ({@code ├serial──┤}); empty when there are none. A later phase that shares a column draws over it.
     */
    private String phaseRow(Timeline t, Layout l) {
        if (t.phases().isEmpty()) return "";
        char[] row = " ".repeat(l.bar).toCharArray();
        for (Phase p : t.phases()) {
            int from = cell(t, p.beginUs(), l.bar);
            int to = Math.max(from, cell(t, p.endUs(), l.bar));
            if (to == from) {
                row[from] = unicode ? '│' : '|';
                continue;
            }
            row[from] = unicode ? '├' : '[';
            row[to] = unicode ? '┤' : ']';
            for (int c = from + 1; c < to; c++) row[c] = unicode ? '─' : '-';
            String label = p.label().substring(0, Math.min(p.label().length(), to - from - 1));
            label.getChars(0, label.length(), row, from + 1);
        }
        return "  " + pad("Phases", l.label) + " " + new String(row).stripTrailing() + "\n";
    }

    /** What each slice of the row shows: the state that filled most of it, or a message's mark. */
    Mark[] cells(Timeline t, Lane lane, int n) {
        Mark[] cells = new Mark[n];
        double span = Math.max(1, t.durationUs());
        double slice = span / n;
        for (int i = 0; i < n; i++) {
            double from = t.startUs() + i * slice;
            double to = from + slice;
            long[] cover = new long[State.values().length];
            double best = 0;
            for (Segment s : lane.segments()) {
                double overlap = Math.min(to, s.endUs()) - Math.max(from, s.beginUs());
                if (overlap > 0) cover[s.state().ordinal()] += (long) Math.ceil(overlap * 1000);
            }
            for (State s : State.values()) {
                if (cover[s.ordinal()] > best) {
                    best = cover[s.ordinal()];
                    cells[i] = Mark.of(s);
                }
            }
        }
        for (Message m : t.messages()) {
            if (m.fromPid() == lane.pid()) mark(cells, cell(t, m.sentUs(), n), Mark.SENT);
            if (m.toPid() == lane.pid()) mark(cells, cell(t, m.receivedUs(), n), Mark.RECEIVED);
        }
        return cells;
    }

    private static void mark(Mark[] cells, int i, Mark m) {
        Mark was = cells[i];
        cells[i] = was == null || !was.message || was == m ? m : Mark.BOTH;
    }

    private static int cell(Timeline t, long us, int n) {
        double span = Math.max(1, t.durationUs());
        return (int) Math.max(0, Math.min(n - 1, Math.floor((us - t.startUs()) * (double) n / span)));
    }

    // ------------------------------------------------------------------------------ full view parts

    private void axis(StringBuilder b, Timeline t, Layout l) {
        long dur = Math.max(1, t.durationUs());
        long step = niceStep(dur, Math.max(1, l.bar / 12));
        char[] labels = " ".repeat(l.bar).toCharArray();
        char[] ruler = (unicode ? "─" : "-").repeat(l.bar).toCharArray();
        int free = 0;
        for (long tick = 0; tick <= dur; tick += step) {
            int col = (int) Math.min(l.bar - 1, Math.round((double) tick * l.bar / dur));
            ruler[col] = unicode ? '┼' : '+';
            String text = tick == 0 ? "0" : tickLabel(tick, step, dur);
            if (col + text.length() > l.bar) col = l.bar - text.length(); // the last label ends with the bar
            if (col >= free) {
                text.getChars(0, text.length(), labels, col);
                free = col + text.length() + 1;
            }
        }
        String lead = "  " + " ".repeat(l.label + 1);
        b.append(lead).append(dim(new String(labels).stripTrailing())).append('\n');
        b.append(lead).append(dim(new String(ruler))).append('\n');
    }

    /** A step of 1, 2 or 5 times a power of ten such that {@code span} holds at most {@code most} steps. */
    static long niceStep(long span, int most) {
        long step = 1;
        while (true) {
            for (long f : new long[] {1, 2, 5}) {
                if (span / (step * f) <= most) return step * f;
            }
            step *= 10;
        }
    }

    private String tickLabel(long us, long step, long span) {
        if (span < 1_000) return us + (unicode ? " µs" : " us");
        if (span < 1_000_000) return us / 1000 + (step % 1000 == 0 ? "" : "." + (us % 1000) / 100) + " ms";
        int decimals = step >= 1_000_000 ? 0 : step >= 100_000 ? 1 : 2;
        return String.format(Locale.ROOT, "%." + decimals + "f s", us / 1e6);
    }

    private void summary(StringBuilder b, Timeline t, Layout l) {
        String[] head = {"pid", "busy", "blocked", "sleeping", "starting", "idle", "exit code"};
        // The sleeping and idle columns only when some process slept, or idled.
        boolean[] shown = {true, true, true, t.lanes().stream().anyMatch(x -> x.sleepingUs() > 0), true,
                t.lanes().stream().anyMatch(x -> x.time(State.IDLE) > 0), true};
        List<String[]> rows = new ArrayList<>();
        for (Lane lane : t.lanes()) {
            rows.add(new String[] {String.valueOf(lane.pid()), dash(lane.busyUs()), dash(lane.time(State.BLOCKED)),
                    dash(lane.sleepingUs()), dash(lane.time(State.STARTING)), dash(lane.time(State.IDLE)),
                    lane.main() ? "" : lane.exitCode() == null ? "?" : String.valueOf(lane.exitCode())});
        }
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            w[c] = head[c].length();
            for (String[] r : rows) w[c] = Math.max(w[c], r[c].length());
        }
        StringBuilder h = new StringBuilder("  ").append(pad("Process", l.label));
        for (int c = 0; c < head.length; c++) {
            if (!shown[c]) continue;
            h.append("  ").append(lpad(head[c], w[c]));
        }
        b.append(bold(h.toString().stripTrailing())).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder r = new StringBuilder("  ").append(pad(ellipsize(t.lanes().get(i).name(), l.label), l.label));
            for (int c = 0; c < head.length; c++) {
                if (!shown[c]) continue;
                r.append("  ").append(lpad(rows.get(i)[c], w[c]));
            }
            b.append(r.toString().stripTrailing()).append('\n');
        }
        b.append(dim(wrap("busy: running its own code; blocked: waiting in a blocking call"
                + (shown[3] ? "; sleeping: in Thread.sleep" : "") + "; starting: its JVM launching"
                + (shown[5] ? "; idle: a pool worker or a manager waiting for work" : "") + ".", "  "))).append('\n');
    }

    /** The phases the program timed: how long each took, and the processor time used during it. */
    private void phases(StringBuilder b, Timeline t, Layout l) {
        if (t.phases().isEmpty()) return;
        boolean manyTimers = t.phases().stream().map(Phase::pid).distinct().count() > 1;
        int w = Math.min(MAX_LABEL, t.phases().stream().mapToInt(p -> p.label().length()).max().orElse(5));
        b.append('\n').append("  ").append(bold("Phases")).append(dim(" (timed by the program)")).append('\n');
        for (Phase p : t.phases().subList(0, Math.min(MAX_LISTED, t.phases().size()))) {
            b.append("    ").append(pad(ellipsize(p.label(), w), w)).append("  ").append(lpad(duration(p.durationUs()), 8));
            if (p.cpuUs() >= 0) b.append("   processor time ").append(duration(p.cpuUs()));
            if (manyTimers) b.append("   ").append(name(t, p.pid()));
            if (!p.ok()) b.append(dim(" (its work threw)"));
            if (p.open()) b.append(dim(" (never ended)"));
            b.append('\n');
        }
        if (t.phases().size() > MAX_LISTED) {
            b.append("    ").append(dim("and " + (t.phases().size() - MAX_LISTED) + " more")).append('\n');
        }
        b.append(dim(wrap("processor time: what the timing process (its JVM's own threads too) and every process it"
                + " started used during the phase, all cores together, as the system counts it (Linux: in steps of 10 ms); above the"
                + " phase's own time when processes or threads ran at once.", "  "))).append('\n');
    }

    private void waits(StringBuilder b, Timeline t, Layout l) {
        List<Object[]> all = new ArrayList<>();
        for (Lane lane : t.lanes()) {
            for (Span s : lane.waits()) all.add(new Object[] {lane, s});
        }
        if (all.isEmpty()) return;
        all.sort(Comparator.comparingLong((Object[] x) -> -((Span) x[1]).durationUs()));
        b.append('\n').append("  ").append(bold("Longest waits")).append('\n');
        for (Object[] x : all.subList(0, Math.min(MAX_LISTED, all.size()))) {
            Lane lane = (Lane) x[0];
            Span s = (Span) x[1];
            b.append("    ").append(pad(ellipsize(lane.name(), l.label), l.label)).append("  ")
                    .append(lpad(duration(s.durationUs()), 8)).append("  ").append(s.name())
                    .append(s.detail() == null ? "" : " at " + s.detail())
                    .append(s.open() ? dim(" (never returned)") : "").append('\n');
        }
        if (all.size() > MAX_LISTED) b.append("    ").append(dim("and " + (all.size() - MAX_LISTED) + " more")).append('\n');
    }

    private void messages(StringBuilder b, Timeline t) {
        if (t.messages().isEmpty()) return;
        b.append('\n').append("  ").append(bold("Messages")).append(dim(" (sent " + glyph(Mark.SENT) + ", received "
                + glyph(Mark.RECEIVED) + ", times from the start of the run)")).append('\n');
        List<Message> ms = t.messages();
        for (Message m : ms.subList(0, Math.min(MAX_LISTED, ms.size()))) {
            b.append("    ").append(name(t, m.fromPid())).append(' ').append(glyph(Mark.SENT)).append(' ')
                    .append(duration(m.sentUs() - t.startUs())).append("  ").append(unicode ? "→" : "->").append("  ")
                    .append(name(t, m.toPid())).append(' ').append(glyph(Mark.RECEIVED)).append(' ')
                    .append(duration(m.receivedUs() - t.startUs())).append(dim("   " + m.via() + " " + m.channel())).append('\n');
        }
        if (ms.size() > MAX_LISTED) b.append("    ").append(dim("and " + (ms.size() - MAX_LISTED) + " more")).append('\n');
    }

    private static String name(Timeline t, long pid) {
        return t.lanes().stream().filter(l -> l.pid() == pid).map(Lane::name).findFirst().orElse("pid " + pid);
    }

    // ------------------------------------------------------------------------------ marks

    /** What a character of a row stands for. */
    enum Mark {
        RUNNING("running", "32", false),
        LOCKED("holding a lock (running, or in Thread.sleep)", "35", false),
        PERMIT("holding a semaphore's permit (running, or in Thread.sleep)", "34", false),
        STARTING("starting: its JVM launching, until its task begins", "33", false),
        BLOCKED("blocked in a wait (get, recv, join, acquire, await)", "31", false),
        SLEEPING("sleeping: in Thread.sleep", "2;33", false),
        IDLE("idle: a pool worker or a manager waiting for work", "2", false),
        UNRECORDED("not recorded: the process's record was cut short (a budget spent); its waits still show", "2", false),
        SENT("a message sent (put, send)", "1;36", true),
        RECEIVED("a message received (get, recv)", "1;36", true),
        BOTH("messages sent and received", "1;36", true);

        final String meaning;
        final String sgr;
        final boolean message;

        Mark(String meaning, String sgr, boolean message) {
            this.meaning = meaning;
            this.sgr = sgr;
            this.message = message;
        }

        static Mark of(State s) {
            return switch (s) {
                case RUNNING -> RUNNING;
                case LOCKED -> LOCKED;
                case PERMIT -> PERMIT;
                case STARTING -> STARTING;
                case BLOCKED -> BLOCKED;
                case SLEEPING -> SLEEPING;
                case IDLE -> IDLE;
                case UNRECORDED -> UNRECORDED;
            };
        }

        /** The word of the compact legend. */
        String word() {
            return switch (this) {
                case RUNNING -> "running";
                case LOCKED -> "lock held";
                case PERMIT -> "permit held";
                case STARTING -> "starting";
                case BLOCKED -> "blocked";
                case SLEEPING -> "sleeping";
                case IDLE -> "idle";
                case UNRECORDED -> "not recorded (too many events)";
                case SENT -> "sent";
                case RECEIVED -> "received";
                case BOTH -> "both";
            };
        }
    }

    String glyph(Mark m) {
        return switch (m) {
            case RUNNING -> unicode ? "█" : "#";
            case LOCKED -> unicode ? "▓" : "@";
            case PERMIT -> unicode ? "▒" : "%";
            case STARTING -> unicode ? "░" : "~";
            case BLOCKED -> unicode ? "▁" : "_";
            case SLEEPING -> "z";
            case IDLE -> unicode ? "·" : ".";
            case UNRECORDED -> "?";
            case SENT -> unicode ? "▲" : "^";
            case RECEIVED -> unicode ? "▼" : "v";
            case BOTH -> unicode ? "◆" : "*";
        };
    }

    /** The compact legend of the marks used, under the rows, on as many lines as the width needs. */
    private String legend(Set<Mark> used, String indent) {
        StringBuilder b = new StringBuilder(indent);
        int col = indent.length();
        for (Mark m : used) {
            int len = 2 + m.word().length();
            if (col > indent.length() && col + 2 + len > width) {
                b.append('\n').append(indent);
                col = indent.length();
            }
            if (col > indent.length()) {
                b.append("  ");
                col += 2;
            }
            b.append(paint(m, glyph(m))).append(' ').append(m.word());
            col += len;
        }
        return b.append('\n').toString();
    }

    // ------------------------------------------------------------------------------ text

    private String paint(Mark m, String s) {
        return color ? "\u001b[" + m.sgr + "m" + s + "\u001b[0m" : s;
    }

    private String dim(String s) {
        return color && !s.isEmpty() ? "\u001b[2m" + s + "\u001b[0m" : s;
    }

    private String bold(String s) {
        return color && !s.isEmpty() ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    private String dash(long us) {
        return us <= 0 ? "-" : duration(us);
    }

    /** 850 µs, 12 ms, 1.25 s, 12.5 s. */
    String duration(long us) {
        if (us < 1_000) return us + (unicode ? " µs" : " us");
        if (us < 1_000_000) return Math.round(us / 1000.0) + " ms";
        if (us < 10_000_000) return String.format(Locale.ROOT, "%.2f s", us / 1e6);
        return String.format(Locale.ROOT, "%.1f s", us / 1e6);
    }

    /** {@code text} in lines of at most the width, each starting with {@code indent}, without the last newline. */
    private String wrap(String text, String indent) {
        return wrap(text, indent, indent);
    }

    /** The same, the first line starting with {@code first} (as wide as {@code indent}, counted as such). */
    private String wrap(String text, String first, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(first.length() == indent.length() ? first : indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append(indent);
            }
            if (line.length() > indent.length()) line.append(' ');
            line.append(word);
        }
        String all = out.append(line).toString();
        return first.length() == indent.length() ? all : first + all.substring(indent.length());
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String lpad(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    private String ellipsize(String s, int w) {
        return s.length() <= w ? s : s.substring(0, w - 1) + (unicode ? "…" : "~");
    }
}
