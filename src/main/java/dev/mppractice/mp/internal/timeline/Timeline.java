package dev.mppractice.mp.internal.timeline;

import java.util.List;

/**
 * A run drawn from its record ({@code docs/record.md}): one lane per process, each cut into what it
 * was doing when (starting, running, blocked, ...), and the messages that went from one to another.
 * Times are microseconds since the epoch, as in the record.
 *
 * <p>Made by {@link TimelineBuilder}; drawn in a terminal by the checker's renderer and written for
 * trace viewers by {@link ChromeTrace}.
 *
 * @param startUs   the first instant the record knows of
 * @param endUs     the last
 * @param lanes     the main process first, then the others in the order they began
 * @param messages  queue items and pipe messages, sent by one process and received by another (or the same)
 * @param phases    the parts of the run the program timed with {@code Multiprocessing.timed}, in the order they began
 * @param truncated true when some process stopped recording before its end ({@code record-truncated})
 * @param printed   the lines child processes printed on standard output, in the order they were printed
 */
public record Timeline(long startUs, long endUs, List<Lane> lanes, List<Message> messages, List<Phase> phases,
        boolean truncated, List<Printed> printed) {

    public Timeline {
        lanes = List.copyOf(lanes);
        messages = List.copyOf(messages);
        phases = List.copyOf(phases);
        printed = List.copyOf(printed);
    }


    /** A run without phases, whose children printed nothing. */
    public Timeline(long startUs, long endUs, List<Lane> lanes, List<Message> messages, boolean truncated) {
        this(startUs, endUs, lanes, messages, List.of(), truncated, List.of());
    }

    /** A run of which nothing was recorded. */
    public static Timeline empty() {
        return new Timeline(0, 0, List.of(), List.of(), List.of(), false, List.of());
    }

    public long durationUs() {
        return Math.max(0, endUs - startUs);
    }

    /** True when the program started at least one process besides the main one. */
    public boolean hasChildren() {
        return lanes.size() > 1;
    }

    /** What a process was doing during a stretch of time; the stretches of a lane do not overlap. */
    public enum State {
        /** Its JVM launching: from {@code start()} in the parent until its task begins. */
        STARTING,
        /** Running its own code (or a pool chunk). */
        RUNNING,
        /** Running while it holds a lock. */
        LOCKED,
        /** Running while it holds one of a semaphore's permits. */
        PERMIT,
        /** Blocked in a library call: get, recv, join, acquire, await. */
        BLOCKED,
        /** In {@code Thread.sleep} (recorded of a thread that runs the program's code: main, a task, a chunk; see SleepWatch). */
        SLEEPING,
        /** A pool worker between chunks, waiting for work. */
        IDLE,
        /**
         * Not known: the process's record was cut ({@code record-truncated}: a budget spent), so whether it
         * ran, held a lock or waited for work is not recorded; its waits, which have a budget of their own,
         * still show as blocked.
         */
        UNRECORDED
    }

    /**
     * A stretch of time during which a process was in one state.
     *
     * @param open true when the span behind it was never closed in the record (the process was
     *     killed, or the run stopped, while it lasted): it is drawn until the lane's end
     */
    public record Segment(State state, long beginUs, long endUs, boolean open) {
        public long durationUs() {
            return Math.max(0, endUs - beginUs);
        }
    }

    /** What kind of thing a {@link Span} is. */
    public enum SpanKind {
        /** From {@code start()} until the child's task begins. */
        STARTING,
        /** From the task's start until the process ended. */
        RUNNING,
        /** A blocking library call ({@code wait} .. {@code wait-end}). */
        WAIT,
        /** {@code Thread.sleep} ({@code sleep} .. {@code sleep-end}). */
        SLEEP,
        /** A chunk of pool work in a worker ({@code chunk-begin} .. {@code chunk-end}). */
        CHUNK,
        /** A lock held ({@code lock-acquire} .. {@code lock-release}). */
        LOCK,
        /** A semaphore's permit held ({@code semaphore-acquire} .. {@code semaphore-release}). */
        PERMIT,
        /** From the process's first {@code record-truncated} to its end: what it did is partly not recorded. */
        UNRECORDED
    }

    /**
     * One span of a process as recorded: its lifecycle (starting, running) or an activity inside it
     * (a wait, a chunk, a lock held). Activities may overlap each other (several threads).
     *
     * @param name   what to call it: {@code Queue.get}, {@code Pool.map chunk}, {@code lock 12:3}
     * @param detail more about it, or null: the program's file and line of a wait, the tasks of a chunk
     * @param open   its end was not recorded; it ends where the lane ends
     */
    public record Span(SpanKind kind, String name, String detail, long beginUs, long endUs, boolean open) {
        public long durationUs() {
            return Math.max(0, endUs - beginUs);
        }
    }

    /**
     * One process of the run.
     *
     * @param pid      its pid
     * @param name     its name ({@code MainProcess}, {@code Process-1}, {@code PoolWorker-2})
     * @param main     true for the process the run began with
     * @param beginUs  when it began: its parent's {@code start()} for a child, the run's start for the main process
     * @param endUs    when it ended: the parent learning of its exit, else the run's end
     * @param exitCode its exit code as its parent saw it, or null when the record does not say
     * @param spans    its lifecycle spans, then its activities in the order they began
     * @param segments its time cut into states, from {@code beginUs} to {@code endUs}
     */
    public record Lane(long pid, String name, boolean main, long beginUs, long endUs, Integer exitCode,
            List<Span> spans, List<Segment> segments) {

        public Lane {
            spans = List.copyOf(spans);
            segments = List.copyOf(segments);
        }

        /** The time this process spent in {@code state}, in microseconds. */
        public long time(State state) {
            return segments.stream().filter(s -> s.state() == state).mapToLong(Segment::durationUs).sum();
        }

        /** The time it was busy: running, with or without a lock or a permit held (and not asleep while it held one). */
        public long busyUs() {
            return time(State.RUNNING) + time(State.LOCKED) + time(State.PERMIT) - asleepHoldingUs();
        }

        /**
         * The time it slept: drawn sleeping, and asleep while it held a lock or a permit, which is drawn as the hold (a
         * hold is what exercises 16 and 18 show).
         */
        public long sleepingUs() {
            return time(State.SLEEPING) + asleepHoldingUs();
        }

        /** The time of its sleeps that lies in a segment drawn as a lock or a permit held. */
        private long asleepHoldingUs() {
            List<long[]> sleeps = new java.util.ArrayList<>(); // merged: sleeps of two threads may overlap
            spans.stream().filter(s -> s.kind() == SpanKind.SLEEP).sorted(java.util.Comparator.comparingLong(Span::beginUs))
                    .forEach(s -> {
                        long[] last = sleeps.isEmpty() ? null : sleeps.get(sleeps.size() - 1);
                        if (last != null && s.beginUs() <= last[1]) {
                            last[1] = Math.max(last[1], s.endUs());
                        } else {
                            sleeps.add(new long[] {s.beginUs(), s.endUs()});
                        }
                    });
            long us = 0;
            for (Segment g : segments) {
                if (g.state() == State.LOCKED || g.state() == State.PERMIT) {
                    for (long[] s : sleeps) {
                        us += Math.max(0, Math.min(g.endUs(), s[1]) - Math.max(g.beginUs(), s[0]));
                    }
                }
            }
            return us;
        }

        /** Its waits, longest first. */
        public List<Span> waits() {
            return spans.stream().filter(s -> s.kind() == SpanKind.WAIT)
                    .sorted((a, b) -> Long.compare(b.durationUs(), a.durationUs())).toList();
        }
    }

    /**
     * A queue item or a pipe message, from the process that put or sent it to the one that took it.
     *
     * @param via     {@code queue} or {@code pipe}
     * @param channel the queue's or pipe's id
     * @param id      the message's id ({@code msg}), or null when it was paired by order
     */
    public record Message(String via, String channel, String id, long fromPid, long sentUs, long toPid, long receivedUs) {
    }

    /**
     * A moment of one process told in words: a line a child printed on standard output ({@code print} in the record),
     * when it ended the line ({@code category} {@code print}), or how a process failed ({@code process-fail}:
     * {@code failure}).
     */
    public record Printed(long pid, long us, String text, String category) {
        /** A line printed. */
        public Printed(long pid, long us, String text) {
            this(pid, us, text, "print");
        }
    }

    /**
     * A part of the run the program timed ({@code Multiprocessing.timed(label, work)}: {@code phase-begin} ..
     * {@code phase-end}).
     *
     * @param label the program's name for it
     * @param pid   the process that timed it
     * @param cpuUs the processor time the timing process and its descendants used during it, or -1 when the
     *     record does not say (no {@code /proc}, or the phase never ended)
     * @param ok    false when its work threw
     * @param open  its end was not recorded; it ends where the run ends
     */
    public record Phase(String label, long pid, long beginUs, long endUs, long cpuUs, boolean ok, boolean open) {
        public long durationUs() {
            return Math.max(0, endUs - beginUs);
        }
    }
}
