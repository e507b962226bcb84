package dev.mppractice.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mppractice.mp.internal.timeline.ChromeTrace;
import dev.mppractice.mp.internal.timeline.Timeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The trace files hold to the Trace Event Format as published (Google's "Trace Event Format"
 * document, the JSON Object Format): the keys every event needs, the phases used ({@code X}
 * complete events with {@code dur}, {@code s}/{@code f} flow events with an {@code id} and a binding
 * point, {@code i} instant events with a scope, {@code M} metadata events naming processes and threads),
 * times in microseconds.
 */
class ChromeTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METADATA = Set.of("process_name", "process_labels", "process_sort_index", "thread_name", "thread_sort_index");

    /** A process that failed says so on its own track, where and with what: in Perfetto the failure is found on its process. */
    @Test
    void aProcessThatFailedIsAnInstantOnItsProcessWithWhereAndWhat() throws Exception {
        Timeline t = Records.timeline("child-refused");
        List<JsonNode> failures = new ArrayList<>();
        for (JsonNode e : JSON.readTree(ChromeTrace.of(t)).get("traceEvents")) {
            if (e.get("ph").asText().equals("i") && e.get("cat").asText().equals("failure")) failures.add(e);
        }
        assertEquals(1, failures.size(), failures.toString());
        assertEquals("failed at FailingChild.java:35: ProcessException: release of a lock that is not held",
                failures.get(0).get("name").asText());
        assertEquals(12284, failures.get(0).get("pid").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ex3-today", "ex3-spans", "ex9-pool", "stuck-stopped", "ex18-semaphore", "ex26-phases", "ex1-prints", "ex1-main-sleeps"})
    void everyEventHasTheKeysItsPhaseNeeds(String run) throws Exception {
        Timeline t = Records.timeline(run);
        JsonNode root = JSON.readTree(ChromeTrace.of(t));
        assertTrue(root.isObject(), "the JSON Object Format");
        assertTrue(root.get("traceEvents").isArray());
        assertTrue(Set.of("ms", "ns").contains(root.get("displayTimeUnit").asText()));
        for (JsonNode e : root.get("traceEvents")) {
            for (String key : List.of("ph", "name", "pid", "tid", "ts")) {
                assertTrue(e.has(key), key + " missing in " + e);
            }
            assertTrue(e.get("name").isTextual() && e.get("ph").isTextual(), e.toString());
            assertTrue(e.get("pid").isIntegralNumber() && e.get("tid").isIntegralNumber(), e.toString());
            assertTrue(e.get("ts").isNumber() && e.get("ts").asDouble() >= 0, e.toString());
            switch (e.get("ph").asText()) {
                case "X" -> assertTrue(e.get("dur").isNumber() && e.get("dur").asDouble() >= 0, e.toString());
                case "s", "f" -> {
                    assertTrue(e.get("id").isIntegralNumber() || e.get("id").isTextual(), e.toString());
                    assertTrue(e.has("cat"), "a flow is matched by cat and id: " + e);
                    assertEquals("e", e.get("bp").asText(), e.toString());
                }
                case "i" -> assertTrue(Set.of("g", "p", "t").contains(e.get("s").asText()), "an instant's scope: " + e);
                case "M" -> {
                    assertTrue(METADATA.contains(e.get("name").asText()), e.toString());
                    assertTrue(e.get("args").isObject() && e.get("args").size() == 1, e.toString());
                }
                default -> throw new AssertionError("a phase the trace does not use: " + e);
            }
        }
    }

    /** Exercise 1: the child's line, at the moment it printed it, on the child's own track. */
    @Test
    void eachLineAChildPrintedIsAnInstantOnItsProcess() throws Exception {
        Timeline t = Records.timeline("ex1-prints");
        List<JsonNode> instants = new ArrayList<>();
        for (JsonNode e : JSON.readTree(ChromeTrace.of(t)).get("traceEvents")) {
            if (e.get("ph").asText().equals("i")) instants.add(e);
        }
        assertEquals(1, instants.size(), instants.toString());
        JsonNode line = instants.get(0);
        assertEquals("Process Alpha done", line.get("name").asText());
        assertEquals("print", line.get("cat").asText());
        assertEquals(22084, line.get("pid").asLong());
        assertEquals(1796180904867246L - 1796180904645350L, line.get("ts").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ex3-today", "ex3-spans", "ex9-pool", "stuck-stopped", "ex18-semaphore", "ex26-phases", "ex1-prints", "ex1-main-sleeps"})
    void onePidPerProcessNamedByMetadata(String run) throws Exception {
        Timeline t = Records.timeline(run);
        JsonNode root = JSON.readTree(ChromeTrace.of(t));
        Map<Long, String> names = new HashMap<>();
        Set<Long> pids = new TreeSet<>();
        for (JsonNode e : root.get("traceEvents")) {
            pids.add(e.get("pid").asLong());
            if (e.get("name").asText().equals("process_name")) {
                assertEquals(null, names.put(e.get("pid").asLong(), e.get("args").get("name").asText()), "one name per pid");
            }
        }
        Map<Long, String> expected = new HashMap<>();
        t.lanes().forEach(l -> expected.put(l.pid(), l.name()));
        assertEquals(expected, names);
        assertEquals(new TreeSet<>(expected.keySet()), pids);
    }

    @Test
    void timesAreMicrosecondsFromTheRunsStart() throws Exception {
        JsonNode root = JSON.readTree(ChromeTrace.of(Records.timeline("ex3-spans")));
        JsonNode starting = find(root, "X", "starting");
        assertEquals(2_000, starting.get("ts").asLong());
        assertEquals(178_000, starting.get("dur").asLong());
        JsonNode wait = find(root, "X", "Queue.get");
        assertEquals(2_500, wait.get("ts").asLong());
        assertEquals(196_600, wait.get("dur").asLong());
        assertEquals("QueuePrimes.java:20", wait.get("args").get("at").asText());
        assertEquals(1_700_000_000_000_000L, root.get("otherData").get("startEpochUs").asLong());
    }

    @Test
    void aMessageIsAFlowFromTheSendersSliceToTheReceiversWithinSlicesOfTheirThreads() throws Exception {
        JsonNode root = JSON.readTree(ChromeTrace.of(Records.timeline("ex3-spans")));
        List<JsonNode> flows = new ArrayList<>();
        List<JsonNode> slices = new ArrayList<>();
        for (JsonNode e : root.get("traceEvents")) {
            if (Set.of("s", "f").contains(e.get("ph").asText())) flows.add(e);
            if (e.get("ph").asText().equals("X")) slices.add(e);
        }
        assertEquals(2, flows.size());
        JsonNode s = flows.get(0);
        JsonNode f = flows.get(1);
        assertEquals("s", s.get("ph").asText());
        assertEquals("f", f.get("ph").asText());
        assertEquals(s.get("id"), f.get("id"));
        assertEquals(4200, s.get("pid").asLong());
        assertEquals(4100, f.get("pid").asLong());
        assertTrue(s.get("ts").asLong() <= f.get("ts").asLong());
        for (JsonNode flow : flows) {
            assertTrue(slices.stream().anyMatch(x -> x.get("pid").equals(flow.get("pid")) && x.get("tid").equals(flow.get("tid"))
                    && x.get("ts").asLong() <= flow.get("ts").asLong()
                    && flow.get("ts").asLong() <= x.get("ts").asLong() + x.get("dur").asLong()),
                    "a flow event binds to an enclosing slice of its thread: " + flow);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ex3-spans", "ex9-pool", "stuck-stopped"})
    void slicesOfOneThreadNest(String run) throws Exception {
        JsonNode root = JSON.readTree(ChromeTrace.of(Records.timeline(run)));
        Map<String, List<long[]>> byThread = new HashMap<>();
        for (JsonNode e : root.get("traceEvents")) {
            if (!e.get("ph").asText().equals("X")) continue;
            long ts = e.get("ts").asLong();
            byThread.computeIfAbsent(e.get("pid") + "/" + e.get("tid"), k -> new ArrayList<>()).add(new long[] {ts, ts + e.get("dur").asLong()});
        }
        for (List<long[]> slices : byThread.values()) {
            for (long[] a : slices) {
                for (long[] b : slices) {
                    boolean apart = a[1] <= b[0] || b[1] <= a[0];
                    boolean nested = (a[0] <= b[0] && b[1] <= a[1]) || (b[0] <= a[0] && a[1] <= b[1]);
                    assertTrue(apart || nested, "slices overlap without nesting on one thread");
                }
            }
        }
    }

    @Test
    void namesAreEscaped() throws Exception {
        Timeline t = Records.timeline("ex3-spans");
        Timeline.Lane main = t.lanes().get(0);
        Timeline.Lane odd = new Timeline.Lane(main.pid(), "Main \"quoted\" \\ \n", true, main.beginUs(), main.endUs(), null,
                main.spans(), main.segments());
        List<Timeline.Lane> lanes = new ArrayList<>(t.lanes());
        lanes.set(0, odd);
        JsonNode root = JSON.readTree(ChromeTrace.of(new Timeline(t.startUs(), t.endUs(), lanes, t.messages(), false)));
        Set<String> names = new HashSet<>();
        root.get("traceEvents").forEach(e -> {
            if (e.has("args") && e.get("args").has("name")) names.add(e.get("args").get("name").asText());
        });
        assertTrue(names.contains("Main \"quoted\" \\ \n"), names.toString());
    }

    private static JsonNode find(JsonNode root, String ph, String name) {
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals(ph) && e.get("name").asText().equals(name)) return e;
        }
        throw new AssertionError(ph + " " + name);
    }
}
