package dev.mppractice.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.internal.timeline.RecordLines;
import dev.mppractice.mp.internal.timeline.Timeline;
import dev.mppractice.mp.internal.timeline.Timeline.Lane;
import dev.mppractice.mp.internal.timeline.Timeline.Message;
import dev.mppractice.mp.internal.timeline.Timeline.Phase;
import dev.mppractice.mp.internal.timeline.Timeline.Span;
import dev.mppractice.mp.internal.timeline.Timeline.SpanKind;
import dev.mppractice.mp.internal.timeline.Timeline.State;
import dev.mppractice.mp.internal.timeline.TimelineBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a record becomes lanes and messages, in particular when the record lacks what a timeline wants. */
class TimelineBuilderTest {
    private static final long B = 1_700_000_000_000_000L;

    private static Lane lane(Timeline t, String name) {
        return t.lanes().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + t.lanes()));
    }

    @Test
    void aChildStartsAtItsParentsStartCallAndRunsFromItsProcessRunToItsExit() {
        Timeline t = Records.timeline("ex3-spans");
        assertEquals(List.of("MainProcess", "Process-1"), t.lanes().stream().map(Lane::name).toList());
        Lane main = lane(t, "MainProcess");
        Lane child = lane(t, "Process-1");
        assertTrue(main.main());
        assertEquals(B + 2_000, child.beginUs());
        assertEquals(B + 214_000, child.endUs());
        assertEquals(178_000, child.time(State.STARTING));
        assertEquals(34_000, child.busyUs());
        assertEquals(0, child.exitCode());
        assertEquals(B, main.beginUs());
        assertEquals(List.of("Queue.get", "Process.join"), main.spans().stream().filter(s -> s.kind() == SpanKind.WAIT).map(Span::name).toList());
        assertEquals(196_600 + 14_900, main.time(State.BLOCKED));
    }

    @Test
    void messagesArePairedByTheirIds() {
        Timeline t = Records.timeline("ex3-spans");
        assertEquals(List.of(new Message("queue", "4100:1", "4200:1", 4200, B + 196_000, 4100, B + 199_000)), t.messages());
    }

    @Test
    void todaysRecordWithoutProcessRunOrIdsStillGivesTheChildsStartAndTheMessage() {
        Timeline t = Records.timeline("ex3-today");
        Lane child = lane(t, "Process-1");
        assertEquals(217_233, child.time(State.STARTING)); // process-start in main .. the child's first event (its put)
        assertEquals(1, t.messages().size());
        Message m = t.messages().get(0);
        assertNull(m.id());
        assertEquals(child.pid(), m.fromPid());
        assertEquals(lane(t, "MainProcess").pid(), m.toPid());
    }

    @Test
    void openSpansLastUntilTheRunWasStoppedAndAProcessWithoutExitUntilTheRunsEnd() {
        Timeline t = Records.timeline("stuck-stopped");
        assertTrue(t.truncated());
        assertEquals(Records.STUCK_STOPPED_AT, t.endUs());
        Lane child = lane(t, "Process-1");
        assertNull(child.exitCode());
        assertEquals(Records.STUCK_STOPPED_AT, child.endUs());
        Span wait = child.waits().get(0);
        assertTrue(wait.open());
        assertEquals(Records.STUCK_STOPPED_AT, wait.endUs());
        Span lock = child.spans().stream().filter(s -> s.kind() == SpanKind.LOCK).findFirst().orElseThrow();
        assertTrue(lock.open());
        assertEquals(B + 160_000, lock.beginUs());
        // the line of an older library (ms only) still counts: the pipe message, paired by order
        assertEquals(List.of(new Message("pipe", "6100:2", null, 6200, B + 150_000, 6100, B + 151_000)), t.messages());
    }

    @Test
    void poolWorkersStartWhenThePoolIsMadeAndAreIdleBetweenChunks() {
        Timeline t = Records.timeline("ex9-pool");
        Lane w1 = lane(t, "PoolWorker-1");
        assertEquals(B, w1.beginUs());
        assertEquals(300_000, w1.time(State.STARTING));
        assertEquals(60_000, w1.busyUs());
        assertEquals(40_000, w1.time(State.IDLE));
        assertEquals(383_000, lane(t, "MainProcess").time(State.BLOCKED));
    }

    /**
     * A manager's server only answers the calls of the others: drawn idle from its run to its exit, as a pool worker
     * between tasks (it was drawn running for the whole run, 20 s of "running" beside a stuck program that waited on it).
     */
    @Test
    void aManagersServerIsIdleFromItsRunToItsExit() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'process-start','child':2,'name':'Manager-1'}"),
                ev("{'pid':2,'proc':'Manager-1','us':1200000,'ev':'process-run','name':'Manager-1','manager':true}"),
                ev("{'pid':1,'proc':'MainProcess','us':3200000,'ev':'process-exit','child':2,'name':'Manager-1','exitcode':0}"));
        Timeline t = TimelineBuilder.build(events, 1);
        Lane m = lane(t, "Manager-1");
        assertEquals(200_000, m.time(State.STARTING));
        assertEquals(0, m.busyUs());
        assertEquals(2_000_000, m.time(State.IDLE));
    }

    /** A worker that never got a task (exercise 26's map that failed, or a chunk size that gave the other all) is idle, not busy. */
    @Test
    void aPoolWorkerThatRanNoTaskIsIdleFromItsRunToItsExit() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'pool-create','pool':'1:1','workers':1}"),
                ev("{'pid':2,'proc':'PoolWorker-1','us':1300000,'ev':'process-run','name':'PoolWorker-1','pool':'1:1'}"),
                ev("{'pid':1,'proc':'MainProcess','us':3300000,'ev':'process-exit','child':2,'name':'PoolWorker-1','exitcode':0}"));
        Timeline t = TimelineBuilder.build(events, 1);
        Lane w = lane(t, "PoolWorker-1");
        assertEquals(300_000, w.time(State.STARTING));
        assertEquals(0, w.busyUs(), "no task: not 2 s of 'running its own code'");
        assertEquals(2_000_000, w.time(State.IDLE));
    }

    /** A worker that replaces one that died starts at its own worker-start, not when its pool was made. */
    @Test
    void aReplacementWorkerStartsAtItsWorkerStart() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'pool-create','pool':'1:1','workers':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1000100,'ev':'worker-start','pool':'1:1','worker':2,'name':'PoolWorker-1'}"),
                ev("{'pid':2,'proc':'PoolWorker-1','us':1300000,'ev':'process-run','name':'PoolWorker-1','pool':'1:1'}"),
                ev("{'pid':1,'proc':'MainProcess','us':2000000,'ev':'worker-exit','pool':'1:1','worker':2,'exitcode':137}"),
                ev("{'pid':1,'proc':'MainProcess','us':2000000,'ev':'process-exit','child':2,'name':'PoolWorker-1','exitcode':137}"),
                ev("{'pid':1,'proc':'MainProcess','us':2000100,'ev':'worker-start','pool':'1:1','worker':3,'name':'PoolWorker-2'}"),
                ev("{'pid':3,'proc':'PoolWorker-2','us':2250100,'ev':'process-run','name':'PoolWorker-2','pool':'1:1'}"),
                ev("{'pid':1,'proc':'MainProcess','us':3000000,'ev':'process-exit','child':3,'name':'PoolWorker-2','exitcode':0}"));
        Timeline t = TimelineBuilder.build(events, 1);
        assertEquals(299_900, lane(t, "PoolWorker-1").time(State.STARTING));
        assertEquals(250_000, lane(t, "PoolWorker-2").time(State.STARTING), "not the 1.25 s since its pool was made");
    }

    @Test
    void aWorkerThatRecordedNothingRunsFromWhenItsOwnerLearnedOfItsFirstChunk() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'pool-create','pool':'1:1','workers':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1300000,'ev':'pool-chunk','pool':'1:1','call':'map','worker':2,'tasks':1,'ok':true}"),
                ev("{'pid':1,'proc':'MainProcess','us':1400000,'ev':'process-exit','child':2,'name':'PoolWorker-1','exitcode':0}"));
        Timeline t = TimelineBuilder.build(events, 1);
        Lane w = lane(t, "PoolWorker-1");
        assertEquals(300_000, w.time(State.STARTING));
        assertEquals(100_000, w.busyUs());
    }

    @Test
    void theMainProcessIsTheOneNobodyStartedWhenItsPidIsNotGiven() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':7,'proc':'Process-1','us':5,'ev':'queue-put','queue':'3:1','owner':3}"),
                ev("{'pid':3,'proc':'MainProcess','us':1,'ev':'process-start','child':7,'name':'Process-1','daemon':false}"));
        Timeline t = TimelineBuilder.build(events, 0);
        assertEquals(3, t.lanes().get(0).pid());
        assertTrue(t.lanes().get(0).main());
        assertFalse(t.lanes().get(1).main());
    }

    @Test
    void anEmptyOrUnreadableRecordIsAnEmptyTimeline() {
        assertTrue(TimelineBuilder.build(List.of(), 0).lanes().isEmpty());
        assertNull(RecordLines.parse("{\"pid\":1,\"us\":12"));
        assertNull(RecordLines.parse("not json"));
        assertEquals(Map.of("a", "x\"y", "b", 1L, "c", true), RecordLines.parse("{\"a\":\"x\\\"y\",\"b\":1,\"c\":true}"));
    }

    @Test
    void aPermitHeldIsItsOwnStateAndABlockedCallInsideItShowsAsBlocked() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'semaphore-acquire','semaphore':'shm-1-1','span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1100000,'ev':'wait','call':'Queue.get','kind':'queue','obj':'1:2','span':2}"),
                ev("{'pid':1,'proc':'MainProcess','us':1150000,'ev':'wait-end','outcome':'returned','span':2}"),
                ev("{'pid':1,'proc':'MainProcess','us':1300000,'ev':'semaphore-release','semaphore':'shm-1-1','span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1350000,'ev':'semaphore-release','semaphore':'shm-1-1','handoff':true}"),
                ev("{'pid':1,'proc':'MainProcess','us':1400000,'ev':'value-read','value':'shm-1-3'}"));
        Lane main = lane(TimelineBuilder.build(events, 1), "MainProcess");
        Span permit = main.spans().stream().filter(s -> s.kind() == SpanKind.PERMIT).findFirst().orElseThrow();
        assertEquals("permit of semaphore shm-1-1", permit.name());
        assertEquals(1_300_000 - 1_000_000, permit.durationUs());
        assertEquals(250_000, main.time(State.PERMIT));
        assertEquals(50_000, main.time(State.BLOCKED));
        assertEquals(100_000, main.time(State.RUNNING));
        assertEquals(350_000, main.busyUs(), "a permit held is busy time");
    }

    /**
     * A child that sleeps holding a permit (exercise 18's download) is drawn holding it, as the lesson is the permits
     * held at once, and its summary counts the sleep as sleeping, not busy; a sleep in a chunk is drawn sleeping.
     */
    @Test
    void aSleepInsideAPermitIsDrawnAsThePermitAndCountedAsSleeping() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'semaphore-acquire','semaphore':'shm-1-1','span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1100000,'ev':'sleep','at':'Main.java:9','span':2}"),
                ev("{'pid':1,'proc':'MainProcess','us':1400000,'ev':'sleep-end','span':2}"),
                ev("{'pid':1,'proc':'MainProcess','us':1450000,'ev':'semaphore-release','semaphore':'shm-1-1','span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1500000,'ev':'sleep','at':'Main.java:11','span':3}"),
                ev("{'pid':1,'proc':'MainProcess','us':1600000,'ev':'sleep-end','span':3}"),
                ev("{'pid':1,'proc':'MainProcess','us':1700000,'ev':'value-read','value':'shm-1-3'}"));
        Lane main = lane(TimelineBuilder.build(events, 1), "MainProcess");
        assertEquals(450_000, main.time(State.PERMIT), "drawn holding the permit, asleep or not");
        assertEquals(100_000, main.time(State.SLEEPING), "drawn sleeping outside it");
        assertEquals(300_000 + 100_000, main.sleepingUs(), "both sleeps are sleeping time");
        assertEquals(150_000 + 50_000 + 100_000, main.busyUs(), "the permit's 450 ms less its 300 ms asleep, and the rest awake");
    }

    /** A main seen waiting in the JDK (a latch, a thread's join) is blocked there, named by the JDK's call: it was drawn running. */
    @Test
    void aWaitOfTheJdksIsBlockedTimeNamedByItsCall() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'print','text':'go'}"),
                ev("{'pid':1,'proc':'MainProcess','us':1100000,'ev':'jdk-wait','call':'CountDownLatch.await','at':'Main.java:12','span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1400000,'ev':'jdk-wait-end','span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1500000,'ev':'print','text':'done'}"));
        Lane main = lane(TimelineBuilder.build(events, 1), "MainProcess");
        Span wait = main.spans().stream().filter(s -> s.kind() == SpanKind.WAIT).findFirst().orElseThrow();
        assertEquals("CountDownLatch.await", wait.name());
        assertEquals("Main.java:12", wait.detail());
        assertEquals(300_000, main.time(State.BLOCKED));
        assertEquals(200_000, main.time(State.RUNNING));
    }

    @Test
    void phasesKeepTheirLabelsTimesAndTheProcessorTimeUsedDuringThem() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'phase-begin','label':'serial','cpu':200000,'idle':0,'span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1500000,'ev':'phase-end','label':'serial','cpu':690000,'idle':0,'ok':true,'span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1600000,'ev':'phase-begin','label':'parallel','cpu':-1,'idle':-1,'span':2}"),
                ev("{'pid':1,'proc':'MainProcess','us':1700000,'ev':'phase-end','label':'parallel','cpu':-1,'idle':-1,'ok':false,'span':2}"),
                ev("{'pid':1,'proc':'MainProcess','us':1800000,'ev':'phase-begin','label':'last','cpu':700000,'idle':0,'span':3}"),
                ev("{'pid':1,'proc':'MainProcess','us':1900000,'ev':'value-read','value':'shm-1-3'}"));
        Timeline t = TimelineBuilder.build(events, 1);
        assertEquals(List.of(
                new Phase("serial", 1, 1_000_000, 1_500_000, 490_000, true, false),
                new Phase("parallel", 1, 1_600_000, 1_700_000, -1, false, false),
                new Phase("last", 1, 1_800_000, 1_900_000, -1, true, true)), t.phases());
        assertEquals(900_000, lane(t, "MainProcess").time(State.RUNNING), "a phase is not a state of its process");
    }

    @Test
    void whatARecordCutShortDoesNotSayIsDrawnAsNotRecordedExceptItsWaits() {
        List<Map<String, Object>> events = List.of(
                ev("{'pid':1,'proc':'MainProcess','us':1000000,'ev':'lock-acquire','lock':'shm-1-1@0','span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1100000,'ev':'lock-release','lock':'shm-1-1@0','span':1}"),
                ev("{'pid':1,'proc':'MainProcess','us':1200000,'ev':'record-truncated','event':'lock-acquire'}"),
                ev("{'pid':1,'proc':'MainProcess','us':1300000,'ev':'wait','call':'Queue.get','kind':'queue','obj':'1:2','span':2}"),
                ev("{'pid':1,'proc':'MainProcess','us':1400000,'ev':'wait-end','outcome':'returned','span':2}"),
                ev("{'pid':1,'proc':'MainProcess','us':1600000,'ev':'queue-get','queue':'1:2'}"));
        Lane main = lane(TimelineBuilder.build(events, 1), "MainProcess");
        assertEquals(100_000, main.time(State.LOCKED));
        assertEquals(100_000, main.time(State.RUNNING), "known to be running before the cut, not after");
        assertEquals(100_000, main.time(State.BLOCKED), "its waits are still recorded after the cut");
        assertEquals(300_000, main.time(State.UNRECORDED));
        assertEquals(200_000, main.busyUs(), "busy counts only what is known");
    }

    private static Map<String, Object> ev(String singleQuoted) {
        return RecordLines.parse(singleQuoted.replace('\'', '"'));
    }
}
