package dev.mppractice.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import dev.mppractice.recordcaller.TracedNapMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dmp.trace=FILE}: any program writes its run as a trace, from the library alone. */
class TraceFileTest {
    @TempDir
    Path tmp;

    private String run(String... props) throws Exception {
        String out = runWith(List.of(props), TracedMain.class);
        assertTrue(out.contains("by queue, by pipe"), out);
        return out;
    }

    private static String runWith(List<String> props, Class<?> main) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        java.lang.Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static Map<Long, String> processes(JsonNode trace) {
        Map<Long, String> names = new TreeMap<>();
        for (JsonNode e : trace.get("traceEvents")) {
            if (e.get("name").asText().equals("process_name")) names.put(e.get("pid").asLong(), e.get("args").get("name").asText());
        }
        return names;
    }

    @Test
    void theMainProcessWritesTheTraceOfTheWholeTreeWhenItEnds() throws Exception {
        Path trace = tmp.resolve("out/trace.json");
        String out = run("-Dmp.trace=" + trace);
        assertTrue(out.contains("mp: the run's trace is in " + trace), out);
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        assertEquals(List.of("MainProcess", "Process-1"), List.copyOf(processes(root).values()));
        long flows = 0;
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals("s")) flows++;
        }
        assertEquals(2, flows, "the queue item and the pipe message");
    }

    /**
     * Main's sleeps are in the trace, as a checked run's are: only the checker's runner watched main's thread, so a traced
     * program's main that slept was drawn running.
     */
    @Test
    void mainsSleepIsInTheTrace() throws Exception {
        Path record = tmp.resolve("record.jsonl");
        Path trace = tmp.resolve("trace.json");
        String out = runWith(List.of("-Dmp.trace=" + trace, "-Dmp.record=" + record), TracedNapMain.class);
        assertTrue(out.contains("main done"), out);
        List<JsonNode> sleeps = new ArrayList<>();
        for (String line : Files.readAllLines(record)) {
            JsonNode e = new ObjectMapper().readTree(line);
            if (e.get("ev").asText().equals("sleep") && e.get("proc").asText().equals("MainProcess")) sleeps.add(e);
        }
        assertEquals(1, sleeps.size(), sleeps.toString());
        assertEquals(TracedNapMain.SLEEP_SITE, sleeps.get(0).get("at").asText(), sleeps.toString());
        long slices = 0;
        for (JsonNode e : new ObjectMapper().readTree(trace.toFile()).get("traceEvents")) {
            if (e.has("cat") && e.get("cat").asText().equals("sleep")) slices++;
        }
        assertEquals(1, slices, "main's sleep in the trace");
    }

    @Test
    void withARecordItTracesOnlyThisRunsPartOfIt() throws Exception {
        Path record = tmp.resolve("record.jsonl");
        Files.writeString(record, "{\"pid\":1,\"proc\":\"MainProcess\",\"ms\":1,\"us\":1000,\"ev\":\"pool-create\",\"pool\":\"1:1\",\"workers\":1}\n");
        Path trace = tmp.resolve("trace.json");
        run("-Dmp.trace=" + trace, "-Dmp.record=" + record);
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        assertEquals(2, processes(root).size(), root.toString());
        assertTrue(Files.readAllLines(record).size() > 3, "the record is appended to as usual");
        Map<String, String> msgs = new TreeMap<>();
        for (String line : Files.readAllLines(record)) {
            JsonNode e = new ObjectMapper().readTree(line);
            if (List.of("queue-put", "queue-get", "pipe-send", "pipe-recv").contains(e.get("ev").asText())) {
                msgs.put(e.get("ev").asText(), e.get("msg").asText());
            }
        }
        assertEquals(4, msgs.size(), msgs.toString());
        assertEquals(msgs.get("queue-put"), msgs.get("queue-get"), "an item has the same msg where it is put and taken");
        assertEquals(msgs.get("pipe-send"), msgs.get("pipe-recv"));
        assertTrue(msgs.get("queue-put").matches("\\d+:\\d+"), msgs.toString());
    }
}
