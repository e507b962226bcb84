package dev.mppractice.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.cli.TestCatalogue;
import dev.mppractice.workspace.StateStore;
import dev.mppractice.workspace.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} in a real terminal: a tmux window runs the real command line in its own JVM; the test
 * types keys, saves files and reads the screen, then checks the terminal's settings after the exit.
 */
class WatchInTerminalTest {
    @TempDir
    Path tmp;
    Path catalogue;
    Path ws;
    Tmux tmux;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Tmux.available(),
                "tmux is not installed, so watch cannot be driven in a real terminal: this test is skipped (apt-get install tmux)");
        catalogue = TestCatalogue.write(tmp.resolve("catalogue"));
        ws = tmp.resolve("ws");
        tmux = new Tmux();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tmux != null) tmux.close();
    }

    /** The watch command in the window; after it ends, its exit code and the terminal's settings. */
    private void startWatch(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "env", "LANG=C.UTF-8", "TERM=xterm-256color", "MP_PRACTICE_CATALOGUE=" + catalogue, "HOME=" + tmp.resolve("home"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.mppractice.cli.Main",
                "watch", "--workspace", ws.toString()));
        cmd.addAll(List.of(extra));
        String quoted = String.join(" ", cmd.stream().map(s -> "'" + s.replace("'", "'\\''") + "'").toList());
        tmux.start("stty -a > " + tmp.resolve("stty-before") + "; " + quoted + "; echo EXIT=$?; stty -a > "
                + tmp.resolve("stty-after") + "; echo STTY-SAVED; sleep 600");
    }

    private void assertTerminalRestored() throws Exception {
        tmux.awaitText("STTY-SAVED", 10);
        String before = Files.readString(tmp.resolve("stty-before"));
        String after = Files.readString(tmp.resolve("stty-after"));
        for (String flag : new String[] {"icanon", "echo", "isig", "icrnl"}) {
            assertEquals(before.contains("-" + flag), after.contains("-" + flag), flag + " restored:\n" + before + "\n" + after);
        }
        assertFalse(after.contains("-icanon") || after.contains("-echo "), after);
    }

    @Test
    void reChecksOnSaveAndAnswersTheKeysThenRestoresTheTerminal() throws Exception {
        startWatch();
        String first = tmux.awaitText("the output is not the expected one", 30);
        assertTrue(first.contains("Exercise 1"), first);
        assertTrue(first.contains("h hint"), first);
        Path file = ws.resolve("01-hello/Hello.java");
        assertTrue(Files.exists(file), "watch wrote the starter");

        // Save the solution: the screen turns to a pass without any key.
        Files.copy(catalogue.resolve("01-hello/solution/Hello.java"), file, StandardCopyOption.REPLACE_EXISTING);
        long t0 = System.nanoTime();
        tmux.awaitText("passes", 20);
        long reactMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("watch: from save to the verdict on screen: " + reactMillis + " ms");
        assertEquals(Status.DONE, new StateStore(ws.resolve(".mp-practice/state.json")).read().peek("hello").status());

        tmux.keys("h");
        String hint = tmux.awaitText("Hint 1/3", 10);
        assertTrue(hint.contains("First hint of hello."), hint);

        tmux.keys("l");
        tmux.awaitText("Progress", 10);
        tmux.keys("l");

        tmux.keys("n");
        String next = tmux.awaitText("Exercise 2", 10);
        tmux.awaitText("Count to three: the output is not the expected one", 20);
        assertTrue(Files.exists(ws.resolve("02-count-up/CountUp.java")), next);

        tmux.keys("q");
        String end = tmux.awaitText("EXIT=0", 10);
        assertTrue(end.contains("Left watch mode on exercise 2"), end);
        assertTerminalRestored();
    }

    @Test
    void nextWaitsUntilTheExercisePasses() throws Exception {
        startWatch();
        tmux.awaitText("the output is not the expected one", 30);
        tmux.keys("n");
        tmux.awaitText("does not pass yet", 10);
        tmux.keys("Home", "Up", "l");   // escape sequences are swallowed whole: ESC [ H is not h
        String list = tmux.awaitText("Progress", 10);
        assertFalse(list.contains("Hint 1/3"), list);
        tmux.keys("q");
        tmux.awaitText("EXIT=0", 10);
    }

    @Test
    void ctrlCLeavesCleanlyEvenDuringACheck() throws Exception {
        startWatch("3");   // exercise 3 sleeps until its time limit: Ctrl-C lands during the check
        tmux.awaitText("Checking", 30);
        tmux.keys("C-c");
        tmux.awaitText("EXIT=0", 10);
        assertTerminalRestored();
    }

    @Test
    void sigtermRestoresTheTerminalThroughTheShutdownHook() throws Exception {
        startWatch();
        tmux.awaitText("the output is not the expected one", 30);
        ProcessHandle.of(tmux.javaPid()).orElseThrow().destroy();   // SIGTERM: no finally runs, the hook does
        tmux.awaitText("EXIT=143", 10);
        assertTerminalRestored();
    }

    @Test
    void aSaveDuringAHungCheckCancelsItSaysSoAndChecksTheNewVersion() throws Exception {
        startAHungCheck();
        long t0 = System.nanoTime();
        Files.writeString(ws.resolve("03-stop-in-time/Stop.java"), Files.readString(catalogue.resolve("03-stop-in-time/solution/Stop.java")));
        String cancelled = tmux.awaitText("Cancelled the running check: the file changed.", 10);
        assertFalse(cancelled.contains("passes"), cancelled);
        String passes = tmux.awaitText("passes", 30);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(passes.contains("Cancelled the running check"), passes);
        assertTrue(tookMillis < 20_000, "the fix waited " + tookMillis + " ms: the hung check was not cancelled");
        tmux.keys("q");
        tmux.awaitText("EXIT=0", 10);
    }

    /**
     * An editor that saves in two steps (empties the file, then writes it) makes two changes the watcher can see apart.
     * The first cancels the hung check and says so; the second, before the new check began, wiped that notice, so the
     * learner never learned why the check started over (the clean-clone suite's run of the test above met it once: it
     * waited 10 s for the notice while the screen already showed the new verdict). The notice stays until that verdict.
     */
    @Test
    void aCancelsNoticeStaysThroughASaveInTwoStepsUntilTheNewVerdict() throws Exception {
        startAHungCheck();
        Path stop = ws.resolve("03-stop-in-time/Stop.java");
        Files.writeString(stop, "");
        tmux.awaitText(WatchMode.CANCELLED, 10);
        // The file's second step, within the 50 ms the watch waits after a change: a version that runs for 2 s.
        Files.writeString(stop, "public class Stop {\n    public static void main(String[] args) throws Exception {\n"
                + "        Thread.sleep(2000);\n        System.out.println(\"stopped\");\n    }\n}\n");
        tmux.await("the new version's check", s -> s.contains("Checking") && s.contains("Stop.java"), 10);
        long until = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < until) {
            String now = tmux.screen();
            if (now.contains("passes")) break;
            assertTrue(now.contains(WatchMode.CANCELLED), "the notice while the new version is checked:\n" + now);
        }
        tmux.awaitText("passes", 30);
        tmux.keys("q");
        tmux.awaitText("EXIT=0", 10);
    }

    /**
     * A save while the starter's check runs is checked after it: that check is cancelled, or ends at its time limit,
     * and the solution's check follows. The solution's run needs a limit a loaded machine keeps to: under the test
     * catalogue's 1 s, a suite's run of this test saw the solution (it prints one line) stopped at its limit after
     * printing it, the check's limit counting its JVM's boot.
     */
    @Test
    void aSaveDuringACheckIsCheckedAfterIt() throws Exception {
        Path toml = catalogue.resolve("03-stop-in-time/exercise.toml");
        Files.writeString(toml, Files.readString(toml).replace("time-limit = \"1s\"", "time-limit = \"10s\""));
        startWatch("3");
        tmux.awaitText("Checking", 30);
        Files.writeString(ws.resolve("03-stop-in-time/Stop.java"), Files.readString(catalogue.resolve("03-stop-in-time/solution/Stop.java")));
        tmux.awaitText("passes", 30);
        tmux.keys("q");
        tmux.awaitText("EXIT=0", 10);
    }

    /** Watches exercise 3, whose starter sleeps for a minute, until its check's program runs (a save then lands in it). */
    private void startAHungCheck() throws Exception {
        // A limit long enough that only a cancel explains a quick verdict.
        Path toml = catalogue.resolve("03-stop-in-time/exercise.toml");
        Files.writeString(toml, Files.readString(toml).replace("time-limit = \"1s\"", "time-limit = \"60s\""));
        startWatch("3");
        tmux.awaitText("Checking", 30);
        awaitTheProgramsMain(30);   // the save must land while the hung program runs, not before it starts
    }

    /**
     * Waits until a check's program has entered its main method: the checker's launcher writes a
     * {@code main-at} file in the run's folder (under the workspace's cache) at that moment.
     */
    private void awaitTheProgramsMain(int seconds) throws Exception {
        Path runs = ws.resolve(".mp-practice/cache/runs");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(runs)) {
                try (var dirs = Files.list(runs)) {
                    if (dirs.anyMatch(d -> Files.exists(d.resolve("main-at")))) return;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("no check's program entered its main within " + seconds + " s (" + runs + ")");
    }
}
