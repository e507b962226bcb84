package dev.mppractice.mp.internal.timeline;

import dev.mppractice.mp.internal.timeline.Timeline.Lane;
import dev.mppractice.mp.internal.timeline.Timeline.Message;
import dev.mppractice.mp.internal.timeline.Timeline.Phase;
import dev.mppractice.mp.internal.timeline.Timeline.Segment;
import dev.mppractice.mp.internal.timeline.Timeline.Span;
import dev.mppractice.mp.internal.timeline.Timeline.SpanKind;
import dev.mppractice.mp.internal.timeline.Timeline.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Makes a {@link Timeline} from the events of a run record, as read line by line into maps.
 *
 * <p>A record may lack what a timeline wants: written by an older library, cut short by the
 * per-process budget, or by a process killed mid-span. Then the timeline shows what is known: a
 * span whose end is missing lasts until its process's end, a process whose end is missing lasts
 * until the run's end, a child whose start is missing begins at its first event, and messages
 * without ids are paired by order on their queue or pipe.
 *
 * <p>A child's task begins at its {@code process-run}; without one, at its first event of its
 * own, or for a pool worker that recorded nothing, when its owner learned it finished a first
 * chunk (its JVM was up by then). A pool's worker is started at its pool's {@code worker-start}
 * (in a record without one, when the pool is made).
 */
public final class TimelineBuilder {
    private final List<Map<String, Object>> events;
    private final long mainPid;
    private final long runEndUs;

    /**
     * @param events  the record's events, in any order
     * @param mainPid the pid of the process the run began with, or 0 when not known (then it is the
     *                one named {@code MainProcess} that no other process started)
     */
    private TimelineBuilder(List<Map<String, Object>> events, long mainPid, long runEndUs) {
        this.events = new ArrayList<>(events);
        this.events.removeIf(e -> pid(e) == 0 || time(e) == Long.MIN_VALUE);
        this.events.sort(Comparator.comparingLong(TimelineBuilder::time)); // stable: file order among equal times
        this.mainPid = mainPid;
        this.runEndUs = runEndUs;
    }

    /** The timeline of the run whose record is {@code events}; {@code mainPid} as in the class comment (0: find it). */
    public static Timeline build(List<Map<String, Object>> events, long mainPid) {
        return build(events, mainPid, 0);
    }

    /**
     * The same, for a run known to have ended at {@code runEndUs} (epoch microseconds; 0 when not
     * known): a run stopped while its processes waited recorded nothing for its last seconds, and
     * what was still open lasts until then.
     */
    public static Timeline build(List<Map<String, Object>> events, long mainPid, long runEndUs) {
        return new TimelineBuilder(events, mainPid, runEndUs).build();
    }

    private Timeline build() {
        if (events.isEmpty()) {
            return Timeline.empty();
        }
        long runStart = time(events.get(0));
        long runEnd = Math.max(time(events.get(events.size() - 1)), runEndUs);

        Map<Long, Proc> procs = new LinkedHashMap<>();
        Map<String, Long> poolCreated = new HashMap<>();
        List<Phase> phases = new ArrayList<>();
        List<Timeline.Printed> printed = new ArrayList<>();
        boolean truncated = false;
        for (Map<String, Object> e : events) {
            long pid = pid(e);
            long t = time(e);
            Proc p = procs.computeIfAbsent(pid, Proc::new);
            p.own(t, str(e, "proc"));
            switch (str(e, "ev")) {
                case "process-start" -> {
                    Proc child = procs.computeIfAbsent(num(e, "child"), Proc::new);
                    child.startedAt = t;
                    child.startedBy = pid;
                    child.givenName = str(e, "name");
                }
                case "process-run" -> {
                    p.runAt = p.runAt == Long.MIN_VALUE ? t : p.runAt;
                    if (str(e, "pool") != null) {
                        p.pool = str(e, "pool");
                        p.poolWorker = true; // it says so itself: idle whenever it runs no chunk, even if it never runs one
                    }
                    if (Boolean.TRUE.equals(e.get("manager"))) {
                        p.poolWorker = true; // a manager's server: idle, answering the others' calls (which are their waits)
                    }
                }
                case "process-exit" -> {
                    Proc child = procs.computeIfAbsent(num(e, "child"), Proc::new);
                    child.exitAt = t;
                    child.exitCode = e.get("exitcode") instanceof Number n ? n.intValue() : null;
                    if (child.givenName == null) child.givenName = str(e, "name");
                }
                case "worker-start" -> {
                    Proc worker = procs.computeIfAbsent(num(e, "worker"), Proc::new);
                    worker.startedAt = t; // a replacement starts long after its pool was made
                    worker.pool = str(e, "pool");
                    if (worker.givenName == null) worker.givenName = str(e, "name");
                }
                case "pool-create" -> poolCreated.putIfAbsent(str(e, "pool"), t);
                case "pool-chunk" -> {
                    Proc worker = procs.computeIfAbsent(num(e, "worker"), Proc::new);
                    worker.pool = str(e, "pool");
                    worker.firstChunkDone = Math.min(worker.firstChunkDone, t);
                }
                case "chunk-begin" -> {
                    p.pool = str(e, "pool");
                    p.open(e, SpanKind.CHUNK, chunkName(e), tasks(e), t);
                }
                case "wait" -> p.open(e, SpanKind.WAIT, str(e, "call") == null ? "wait" : str(e, "call"), str(e, "at"), t);
                case "sleep" -> p.open(e, SpanKind.SLEEP, "Thread.sleep", str(e, "at"), t);
                case "jdk-wait" -> p.open(e, SpanKind.WAIT, str(e, "call") == null ? "wait" : str(e, "call"), str(e, "at"), t);
                case "lock-acquire" -> {
                    if (e.containsKey("span")) p.open(e, SpanKind.LOCK, "lock " + str(e, "lock"), null, t);
                }
                case "semaphore-acquire" -> {
                    if (e.containsKey("span")) p.open(e, SpanKind.PERMIT, "permit of semaphore " + str(e, "semaphore"), null, t);
                }
                case "chunk-end", "wait-end", "lock-release", "semaphore-release", "sleep-end", "jdk-wait-end" -> p.close(e, t);
                case "phase-begin" -> {
                    if (e.get("span") instanceof Number n) p.phases.put(n.longValue(), e);
                }
                case "phase-end" -> {
                    Map<String, Object> begun = e.get("span") instanceof Number n ? p.phases.remove(n.longValue()) : null;
                    if (begun != null) phases.add(phase(begun, e, runEnd));
                }
                case "print" -> printed.add(new Timeline.Printed(pid, t, String.valueOf(e.get("text"))));
                case "process-fail" -> printed.add(new Timeline.Printed(pid, t, failure(e), "failure"));
                case "record-truncated" -> {
                    truncated = true;
                    p.truncatedAt = Math.min(p.truncatedAt, t);
                }
                default -> { }
            }
        }

        for (Proc p : procs.values()) {
            for (Map<String, Object> begun : p.phases.values()) phases.add(phase(begun, null, runEnd));
        }
        phases.sort(Comparator.comparingLong(Phase::beginUs));
        long main = mainPid != 0 && procs.containsKey(mainPid) ? mainPid : findMain(procs);
        List<Lane> lanes = new ArrayList<>();
        for (Proc p : procs.values()) {
            long starting = p.startedAt;
            if (starting == Long.MIN_VALUE && p.pool != null && poolCreated.containsKey(p.pool)) {
                starting = poolCreated.get(p.pool); // a record without worker-start: its workers are started when it is made
            }
            boolean isMain = p.pid == main;
            long known = Math.min(Math.min(p.firstOwn, p.firstChunkDone), p.exitAt == Long.MIN_VALUE ? runEnd : p.exitAt);
            long begin = isMain ? runStart : starting != Long.MIN_VALUE ? starting : known;
            long end = isMain ? runEnd : p.exitAt != Long.MIN_VALUE ? p.exitAt : runEnd;
            end = Math.max(end, Math.min(p.lastOwn, runEnd));
            long run = isMain ? begin
                    : p.runAt != Long.MIN_VALUE ? p.runAt
                    : Math.min(p.firstOwn, p.firstChunkDone) != Long.MAX_VALUE ? Math.min(p.firstOwn, p.firstChunkDone)
                    : end;
            run = Math.max(begin, Math.min(run, end));
            lanes.add(p.lane(isMain, begin, run, end));
        }
        lanes.sort(Comparator.comparing((Lane l) -> !l.main()).thenComparingLong(Lane::beginUs).thenComparingLong(Lane::pid));
        printed.sort(Comparator.comparingLong(Timeline.Printed::us));
        return new Timeline(runStart, runEnd, lanes, messages(), phases, truncated, printed);
    }

    /** A timed phase from its {@code phase-begin} and its {@code phase-end} (null when it never ended). */
    private static Phase phase(Map<String, Object> begin, Map<String, Object> end, long runEnd) {
        long b = time(begin);
        long f = end == null ? runEnd : Math.max(b, time(end));
        long cpu = -1;
        if (end != null && begin.get("cpu") instanceof Number c0 && end.get("cpu") instanceof Number c1
                && c0.longValue() >= 0 && c1.longValue() >= c0.longValue()) {
            cpu = c1.longValue() - c0.longValue();
        }
        String label = str(begin, "label");
        return new Phase(label == null ? "phase" : label, pid(begin), b, f, cpu,
                end == null || !Boolean.FALSE.equals(end.get("ok")), end == null);
    }

    private static long findMain(Map<Long, Proc> procs) {
        for (Proc p : procs.values()) {
            if (p.startedBy == Long.MIN_VALUE && p.pool == null && "MainProcess".equals(p.name())) return p.pid;
        }
        for (Proc p : procs.values()) {
            if (p.startedBy == Long.MIN_VALUE && p.pool == null && p.firstOwn != Long.MAX_VALUE) return p.pid;
        }
        return procs.keySet().iterator().next();
    }

    // ------------------------------------------------------------------------------ messages

    private record Send(long pid, long t, String id) {
    }

    /** Queue items and pipe messages, paired by their {@code msg} id, or by order on their channel when they have none. */
    private List<Message> messages() {
        Map<String, Send> sentById = new HashMap<>();
        Map<String, Deque<Send>> sentInOrder = new HashMap<>();
        List<Message> out = new ArrayList<>();
        for (Map<String, Object> e : events) {
            String ev = str(e, "ev");
            boolean queue = ev.startsWith("queue-");
            if (!queue && !ev.startsWith("pipe-")) continue;
            String channel = str(e, queue ? "queue" : "pipe");
            String id = str(e, "msg");
            String end = str(e, "end");
            if (ev.equals("queue-put") || ev.equals("pipe-send")) {
                Send s = new Send(pid(e), time(e), id);
                if (id != null) {
                    sentById.put(id, s);
                } else {
                    // a pipe's message is received at the other end from the one it was sent on
                    String key = queue ? channel : channel + "/" + ("left".equals(end) ? "right" : "left");
                    sentInOrder.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(s);
                }
            } else if (ev.equals("queue-get") || ev.equals("pipe-recv")) {
                Send s = id != null ? sentById.remove(id)
                        : poll(sentInOrder.get(queue ? channel : channel + "/" + end));
                if (s != null) {
                    out.add(new Message(queue ? "queue" : "pipe", channel, id, s.pid(), s.t(), pid(e), time(e)));
                }
            }
        }
        return out;
    }

    private static Send poll(Deque<Send> q) {
        return q == null ? null : q.pollFirst();
    }

    // ------------------------------------------------------------------------------ one process

    private static final class Proc {
        final long pid;
        final Map<Long, Span> open = new LinkedHashMap<>();
        /** Its phases begun and not yet ended, by span id: their {@code phase-begin} events. */
        final Map<Long, Map<String, Object>> phases = new LinkedHashMap<>();
        final List<Span> done = new ArrayList<>();
        String ownName;
        String givenName;
        String pool;
        long firstOwn = Long.MAX_VALUE;
        long lastOwn = Long.MIN_VALUE;
        long startedAt = Long.MIN_VALUE;
        long startedBy = Long.MIN_VALUE;
        long runAt = Long.MIN_VALUE;
        long exitAt = Long.MIN_VALUE;
        /** When it first stopped recording some kind of event ({@code record-truncated}). */
        long truncatedAt = Long.MAX_VALUE;
        /** True when its own process-run says it is a pool worker. */
        boolean poolWorker;
        /** When the pool's owner learned that this worker finished its first chunk. */
        long firstChunkDone = Long.MAX_VALUE;
        Integer exitCode;

        Proc(long pid) {
            this.pid = pid;
        }

        void own(long t, String name) {
            firstOwn = Math.min(firstOwn, t);
            lastOwn = Math.max(lastOwn, t);
            if (name != null && !name.equals("SpareProcess")) ownName = name;
        }

        String name() {
            return ownName != null ? ownName : givenName != null ? givenName : "pid " + pid;
        }

        void open(Map<String, Object> e, SpanKind kind, String name, String detail, long t) {
            Object id = e.get("span");
            Span s = new Span(kind, name, detail, t, Long.MIN_VALUE, true);
            if (id instanceof Number n) {
                open.put(n.longValue(), s);
            } else {
                done.add(s); // a span that can never be closed: drawn to the end
            }
        }

        void close(Map<String, Object> e, long t) {
            Object id = e.get("span");
            Span s = id instanceof Number n ? open.remove(n.longValue()) : null;
            if (s != null) {
                done.add(new Span(s.kind(), s.name(), s.detail(), s.beginUs(), t, false));
            }
        }

        Lane lane(boolean main, long begin, long run, long end) {
            List<Span> spans = new ArrayList<>();
            if (run > begin) spans.add(new Span(SpanKind.STARTING, "starting", null, begin, run, false));
            boolean ended = main || exitAt != Long.MIN_VALUE;
            spans.add(new Span(SpanKind.RUNNING, "running", null, run, end, !ended));
            List<Span> activities = new ArrayList<>(done);
            activities.addAll(open.values());
            if (truncatedAt != Long.MAX_VALUE && truncatedAt < end) {
                activities.add(new Span(SpanKind.UNRECORDED, "not recorded (budget spent)", null, truncatedAt, end, false));
            }
            activities.sort(Comparator.comparingLong(Span::beginUs));
            for (Span s : activities) {
                long b = Math.max(run, Math.min(s.beginUs(), end));
                long f = s.endUs() == Long.MIN_VALUE ? end : Math.max(b, Math.min(s.endUs(), end));
                spans.add(new Span(s.kind(), s.name(), s.detail(), b, f, s.endUs() == Long.MIN_VALUE || s.open()));
            }
            return new Lane(pid, name(), main, begin, end, exitCode, spans, segments(spans, begin, end));
        }

        /** The lane's time cut at every span's edges, each piece in the state its spans say, equal neighbours merged. */
        private List<Segment> segments(List<Span> spans, long begin, long end) {
            TreeSet<Long> cuts = new TreeSet<>();
            cuts.add(begin);
            cuts.add(end);
            boolean worker = poolWorker;
            for (Span s : spans) {
                cuts.add(s.beginUs());
                cuts.add(s.endUs());
                worker |= s.kind() == SpanKind.CHUNK;
            }
            List<Segment> out = new ArrayList<>();
            Long from = null;
            for (long to : cuts) {
                if (from != null && to > from) {
                    long mid = from; // states are constant between cuts: look at the start
                    State state = worker ? State.IDLE : State.RUNNING;
                    boolean open = false;
                    boolean starting = false;
                    int rank = -1;
                    for (Span s : spans) {
                        if (s.beginUs() > mid || s.endUs() <= mid) continue;
                        State st = switch (s.kind()) {
                            case STARTING -> State.STARTING;
                            case RUNNING -> null;
                            case WAIT -> State.BLOCKED;
                            case SLEEP -> State.SLEEPING;
                            case LOCK -> State.LOCKED;
                            case PERMIT -> State.PERMIT;
                            case UNRECORDED -> State.UNRECORDED;
                            case CHUNK -> State.RUNNING;
                        };
                        starting |= s.kind() == SpanKind.STARTING;
                        if (st != null && rank(st) > rank) {
                            rank = rank(st);
                            state = st;
                            open = s.open();
                        }
                    }
                    if (starting) state = State.STARTING;
                    Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null && last.state() == state && last.open() == open && last.endUs() == from) {
                        out.set(out.size() - 1, new Segment(state, last.beginUs(), to, open));
                    } else {
                        out.add(new Segment(state, from, to, open));
                    }
                }
                from = to;
            }
            return out;
        }

        /**
         * Which state shows when spans overlap: blocked over all but starting (another thread's wait over a watched
         * thread's sleep), a lock held over a permit, a permit over a sleep (exercise 18's downloads are sleeps while
         * a permit is held, and the permits are what it teaches; the legend says a hold may sleep), a sleep over a
         * chunk; once the record is cut, "not recorded" over all but the waits (which are still recorded).
         */
        private static int rank(State s) {
            return switch (s) {
                case IDLE -> 0;
                case RUNNING -> 1;
                case SLEEPING -> 2;
                case PERMIT -> 3;
                case LOCKED -> 4;
                case UNRECORDED -> 5;
                case BLOCKED -> 6;
                case STARTING -> 7;
            };
        }
    }

    // ------------------------------------------------------------------------------ fields

    private static String chunkName(Map<String, Object> e) {
        String call = str(e, "call");
        return "Pool." + (call == null ? "map" : call) + " chunk";
    }

    private static String tasks(Map<String, Object> e) {
        return e.get("tasks") instanceof Number n ? n.longValue() + (n.longValue() == 1 ? " task" : " tasks") : null;
    }

    /** The event's time in microseconds: {@code us}, or {@code ms} in records older than {@code us}. */
    static long time(Map<String, Object> e) {
        if (e.get("us") instanceof Number n) return n.longValue();
        if (e.get("ms") instanceof Number n) return n.longValue() * 1000;
        return Long.MIN_VALUE;
    }

    static long pid(Map<String, Object> e) {
        return num(e, "pid");
    }

    private static long num(Map<String, Object> e, String key) {
        return e.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** How a process failed, as its {@code process-fail} says: "failed at Main.java:9: ProcessException: ...". */
    private static String failure(Map<String, Object> e) {
        String at = str(e, "at");
        String message = str(e, "message");
        return "failed" + (at == null ? "" : " at " + at) + ": " + str(e, "error")
                + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    private static String str(Map<String, Object> e, String key) {
        Object v = e.get(key);
        return v == null ? (key.equals("ev") ? "" : null) : v.toString();
    }
}
