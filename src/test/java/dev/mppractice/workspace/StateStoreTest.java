package dev.mppractice.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path tmp;

    @Test
    void anAbsentFileReadsAsAnEmptyState() throws Exception {
        State s = new StateStore(tmp.resolve(".mp-practice/state.json")).read();
        assertTrue(s.exercises.isEmpty());
        assertEquals(State.FORMAT, s.format);
    }

    @Test
    void updatesAreWrittenAndReadBackAndLeaveNoTemporaryFile() throws Exception {
        StateStore store = new StateStore(tmp.resolve(".mp-practice/state.json"));
        store.update(s -> {
            s.current = "queue-primes";
            s.exercise("queue-primes").hintsShown = 2;
            s.exercise("queue-primes").status(Status.FAILING);
        });
        State back = new StateStore(tmp.resolve(".mp-practice/state.json")).read();
        assertEquals("queue-primes", back.current);
        assertEquals(2, back.peek("queue-primes").hintsShown);
        assertEquals(Status.FAILING, back.peek("queue-primes").status());
        String json = Files.readString(store.file());
        assertTrue(json.contains("\"status\" : \"failing\""), json);
        try (Stream<Path> files = Files.list(store.file().getParent())) {
            assertEquals(List.of("state.json", "state.lock"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aDamagedFileIsReportedWithItsPathAndAWayOutAndNeverReplaced() throws Exception {
        Path file = tmp.resolve(".mp-practice/state.json");
        Files.createDirectories(file.getParent());
        for (String bad : new String[] {"", "[1, 2]", "{\"format\": 1, \"exercises\": {\"a\": {\"status\": \"dancing\"}}}",
                "{\"exercises\": {}}", "{\"format\": 1, \"exercises\": {\"a\": {\"hintsShown\": \"many\"}}}", "{ \"format\": 1,"}) {
            Files.writeString(file, bad);
            StateStore store = new StateStore(file);
            WorkspaceException e = assertThrows(WorkspaceException.class, store::read, bad);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("mv " + file + " " + file + ".damaged"), e.getMessage());
            assertThrows(WorkspaceException.class, () -> store.update(s -> s.current = "x"));
            assertEquals(bad, Files.readString(file));
        }
    }

    @Test
    void aFileFromANewerVersionIsRefusedAndKept() throws Exception {
        Path file = tmp.resolve(".mp-practice/state.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"format\": 2, \"exercises\": {}}");
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> new StateStore(file).read());
        assertTrue(e.getMessage().contains("newer mp-practice"), e.getMessage());
    }

    @Test
    void updatesFromManyThreadsAreNeverLost() throws Exception {
        StateStore store = new StateStore(tmp.resolve(".mp-practice/state.json"));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) store.update(s -> s.exercise("x").checks++);
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join(30_000);
        assertEquals(List.of(), errors);
        assertEquals(200, store.read().peek("x").checks);
    }

    /** A watch in one terminal and a check in another: separate JVMs updating one file. */
    @Test
    void updatesFromSeveralJvmsAtOnceAreNeverLostNorCorrupted() throws Exception {
        Path file = tmp.resolve(".mp-practice/state.json");
        int jvms = 4;
        int each = 40;
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            procs.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Bumper.class.getName(), file.toString(), String.valueOf(each))
                    .redirectErrorStream(true).start());
        }
        for (Process p : procs) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a bumper JVM did not finish");
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        }
        assertEquals(jvms * each, new StateStore(file).read().peek("x").checks);
    }

    /** The body of each JVM of the test above. */
    public static final class Bumper {
        public static void main(String[] args) throws Exception {
            StateStore store = new StateStore(Path.of(args[0]));
            int n = Integer.parseInt(args[1]);
            for (int i = 0; i < n; i++) {
                store.update(s -> s.exercise("x").checks++);
                store.read();   // readers take no lock: they must never see half a file
            }
        }
    }
}
