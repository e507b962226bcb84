package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.catalogue.BehaviourRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BehaviourJudgeTest {
    private static final long MAIN = 100;

    @TempDir
    Path dir;

    private BehaviourJudge judge(String... lines) throws Exception {
        Path record = dir.resolve("record.jsonl");
        Files.writeString(record, String.join("\n", lines) + "\n");
        List<Map<String, Object>> events = BehaviourJudge.read(record);
        return new BehaviourJudge(events, MAIN);
    }

    private static BehaviourRule rule(String event, String from, Map<String, Object> where, Map<String, Object> whereNot,
            int min, String distinct, boolean capAtCpus) {
        return new BehaviourRule(event, from, where, whereNot, min, distinct, capAtCpus, event + " is missing.");
    }

    @Test
    void mainMeansTheStartedJvmAndChildAnyOtherPid() throws Exception {
        BehaviourJudge j = judge(
                "{\"ev\":\"queue-put\",\"pid\":101,\"proc\":\"Process-1\",\"ms\":1,\"queue\":\"100:1\",\"owner\":100}",
                "{\"ev\":\"queue-get\",\"pid\":100,\"proc\":\"MainProcess\",\"ms\":2,\"queue\":\"100:1\",\"owner\":100}");
        assertEquals(1, j.count(rule("queue-put", "child", Map.of(), Map.of(), 1, null, false)));
        assertEquals(0, j.count(rule("queue-put", "main", Map.of(), Map.of(), 1, null, false)));
        assertEquals(1, j.count(rule("queue-get", "main", Map.of(), Map.of(), 1, null, false)));
        assertEquals(0, j.count(rule("queue-get", "child", Map.of(), Map.of(), 1, null, false)));
        assertEquals(1, j.count(rule("queue-get", "any", Map.of(), Map.of(), 1, null, false)));
    }

    @Test
    void whereAndWhereNotCompareStringsNumbersAndBooleans() throws Exception {
        BehaviourJudge j = judge(
                "{\"ev\":\"process-exit\",\"pid\":100,\"child\":101,\"name\":\"Process-1\",\"exitcode\":0}",
                "{\"ev\":\"process-exit\",\"pid\":100,\"child\":102,\"name\":\"Process-2\",\"exitcode\":1}",
                "{\"ev\":\"pool-chunk\",\"pid\":100,\"pool\":\"100:1\",\"call\":\"map\",\"worker\":201,\"tasks\":3,\"ok\":true}",
                "{\"ev\":\"pool-chunk\",\"pid\":100,\"pool\":\"100:1\",\"call\":\"map\",\"worker\":202,\"tasks\":3,\"ok\":false}");
        assertEquals(1, j.count(rule("process-exit", "main", Map.of("exitcode", 0L), Map.of(), 1, null, false)));
        assertEquals(1, j.count(rule("process-exit", "main", Map.of(), Map.of("exitcode", 0L), 1, null, false)));
        assertEquals(1, j.count(rule("process-exit", "any", Map.of("name", "Process-2"), Map.of(), 1, null, false)));
        assertEquals(1, j.count(rule("pool-chunk", "any", Map.of("ok", true, "call", "map"), Map.of(), 1, null, false)));
        assertEquals(0, j.count(rule("pool-chunk", "any", Map.of("call", "starmap"), Map.of(), 1, null, false)));
        assertEquals(1, j.count(rule("pool-chunk", "any", Map.of("tasks", 3.0), Map.of("ok", false), 1, null, false)));
    }

    @Test
    void distinctCountsValuesOfAField() throws Exception {
        BehaviourJudge j = judge(
                "{\"ev\":\"pool-chunk\",\"pid\":100,\"worker\":201,\"ok\":true}",
                "{\"ev\":\"pool-chunk\",\"pid\":100,\"worker\":201,\"ok\":true}",
                "{\"ev\":\"pool-chunk\",\"pid\":100,\"worker\":202,\"ok\":true}",
                "{\"ev\":\"pool-chunk\",\"pid\":100,\"ok\":true}");
        assertEquals(4, j.count(rule("pool-chunk", "any", Map.of(), Map.of(), 1, null, false)));
        assertEquals(2, j.count(rule("pool-chunk", "any", Map.of(), Map.of(), 1, "worker", false)));
    }

    @Test
    void capAtCpusLowersTheMinimumOnSmallMachines() throws Exception {
        BehaviourJudge j = judge("{\"ev\":\"pool-chunk\",\"pid\":100,\"worker\":201,\"ok\":true}");
        BehaviourRule twoWorkers = rule("pool-chunk", "any", Map.of(), Map.of(), 2, "worker", true);
        assertTrue(j.firstUnmet(List.of(twoWorkers), 1).isEmpty());
        assertEquals(twoWorkers, j.firstUnmet(List.of(twoWorkers), 2).orElseThrow());
    }

    @Test
    void theFirstUnmetRuleIsReported() throws Exception {
        BehaviourJudge j = judge("{\"ev\":\"process-start\",\"pid\":100,\"child\":101,\"name\":\"Process-1\",\"daemon\":false}");
        BehaviourRule start = rule("process-start", "main", Map.of(), Map.of(), 1, null, false);
        BehaviourRule exit = rule("process-exit", "main", Map.of(), Map.of(), 1, null, false);
        BehaviourRule join = rule("process-join", "main", Map.of(), Map.of(), 1, null, false);
        assertEquals(exit, j.firstUnmet(List.of(start, exit, join), 2).orElseThrow());
        assertTrue(j.firstUnmet(List.of(start), 2).isEmpty());
    }

    @Test
    void aMissingRecordOrABrokenLineIsNoEvidence() throws Exception {
        assertEquals(List.of(), BehaviourJudge.read(dir.resolve("none.jsonl")));
        BehaviourJudge j = judge("{\"ev\":\"process-start\",\"pid\":100", "not json", "[1]",
                "{\"ev\":\"process-start\",\"pid\":100}");
        assertEquals(1, j.count(rule("process-start", "main", Map.of(), Map.of(), 1, null, false)));
    }
}
