package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that do not run a learner's program, driven through {@link Cli#commandLine}. */
class CommandsTest {
    @TempDir
    Path tmp;
    Path catalogue;
    Path ws;
    CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        catalogue = TestCatalogue.write(tmp.resolve("catalogue"));
        ws = tmp.resolve("ws");
        cli = new CliRun(tmp).env("MP_PRACTICE_CATALOGUE", catalogue.toString());
    }

    private CliRun.Result run(String... args) {
        String[] all = Stream.concat(Stream.of("--workspace", ws.toString()), Stream.of(args)).toArray(String[]::new);
        return cli.run(all);
    }

    @Test
    void welcomeOnAFreshMachineSaysWhatToTypeFirst() {
        CliRun.Result r = run();
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("mp-practice start 1"), r::toString);
        assertTrue(r.out().contains("mp-practice watch"), r::toString);
        assertTrue(r.out().contains(ws.toString()), "says where the work will go: " + r);
        assertFalse(Files.exists(ws), "looking around creates nothing");
    }

    @Test
    void welcomeAfterStartingShowsTheCurrentExerciseAndTheNextCommands() {
        run("start", "2");
        CliRun.Result r = run();
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Current  2 Count to three"), r::toString);
        assertTrue(r.out().contains("mp-practice check 2"), r::toString);
        assertTrue(r.out().contains("mp-practice hint 2"), r::toString);
        assertTrue(r.out().contains("0/3 done"), r::toString);
    }

    @Test
    void listShowsEveryExerciseWithStatusHintsAndAProgressBar() {
        run("start", "1");
        run("hint", "1");
        CliRun.Result r = run("list");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().matches("(?s).*1\\s+hello\\s+Say hello\\s+. started\\s+1/3.*"), r::toString);
        assertTrue(r.out().matches("(?s).*2\\s+count-up\\s+Count to three\\s+not started\\s+0/3.*"), r::toString);
        assertTrue(r.out().contains("0/3 done (0%)"), r::toString);
    }

    @Test
    void listJsonGivesTheFieldsScriptsRelyOn() throws Exception {
        run("start", "hello");
        CliRun.Result r = run("list", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode array = new ObjectMapper().readTree(r.out());
        assertTrue(array.isArray());
        assertEquals(3, array.size());
        JsonNode first = array.get(0);
        assertEquals(1, first.get("number").asInt());
        assertEquals("hello", first.get("slug").asText());
        assertEquals("Say hello", first.get("title").asText());
        assertEquals("started", first.get("status").asText());
        assertEquals(ws.resolve("01-hello/Hello.java").toAbsolutePath().toString(), first.get("file").asText());
        assertEquals(0, first.get("hintsShown").asInt());
        assertEquals(3, first.get("hintsTotal").asInt());
        assertTrue(array.get(1).get("file").isNull());
        assertEquals("not-started", array.get(1).get("status").asText());
    }

    @Test
    void startWritesTheStarterAndPrintsItsPath() throws Exception {
        CliRun.Result r = run("start", "2");
        assertEquals(0, r.code(), r::toString);
        Path file = ws.resolve("02-count-up/CountUp.java");
        assertTrue(r.out().contains(file.toString()), r::toString);
        assertEquals(Files.readString(catalogue.resolve("02-count-up/starter/CountUp.java")), Files.readString(file));
        assertTrue(Files.isRegularFile(ws.resolve(".mp-practice/state.json")));
    }

    @Test
    void startQuietPrintsOnlyThePath() {
        CliRun.Result r = run("start", "1", "-q");
        assertEquals(ws.resolve("01-hello/Hello.java") + "\n", r.out());
    }

    @Test
    void startNeverOverwritesTheLearnersFile() throws Exception {
        run("start", "1");
        Path file = ws.resolve("01-hello/Hello.java");
        Files.writeString(file, "my work");
        CliRun.Result r = run("start", "1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("already started"), r::toString);
        assertTrue(r.out().contains("mp-practice reset 1"), r::toString);
        assertEquals("my work", Files.readString(file));
    }

    @Test
    void hintRevealsOneMoreEachTimeAndRemembersTheCount() {
        CliRun.Result first = run("hint", "1");
        assertEquals(0, first.code(), first::toString);
        assertTrue(first.out().contains("Hint 1/3"), first::toString);
        assertTrue(first.out().contains("First hint of hello."), first::toString);
        assertFalse(first.out().contains("Second hint"), first::toString);
        assertTrue(first.out().contains("2 more hints"), first::toString);

        CliRun.Result second = run("hint", "hello");
        assertTrue(second.out().contains("Hint 1/3") && second.out().contains("Hint 2/3"), second::toString);
        assertTrue(second.out().contains("Second hint of hello."), second::toString);

        run("hint", "1");
        CliRun.Result fourth = run("hint", "1");
        assertTrue(fourth.out().contains("Hint 3/3"), fourth::toString);
        assertTrue(fourth.out().contains("All 3 hints are shown"), fourth::toString);
        assertTrue(fourth.out().contains("solution 1 --reveal"), fourth::toString);
        assertTrue(run("list").out().matches("(?s).*hello.*3/3.*"));
    }

    @Test
    void showPrintsDescriptionFileAndExpectedOutput() {
        CliRun.Result before = run("show", "2");
        assertEquals(0, before.code(), before::toString);
        assertTrue(before.out().contains("Exercise 2: Count to three"), before::toString);
        assertTrue(before.out().contains("Print what is expected."), before::toString);
        assertTrue(before.out().contains("| 1\n") && before.out().contains("| 3\n"), before::toString);
        assertTrue(before.out().contains("mp-practice start 2"), before::toString);
        run("start", "2");
        CliRun.Result after = run("show", "count-up");
        assertTrue(after.out().contains(ws.resolve("02-count-up/CountUp.java").toString()), after::toString);
    }

    @Test
    void resetPutsTheStarterBackAndKeepsTheLearnersVersion() throws Exception {
        run("start", "1");
        Path file = ws.resolve("01-hello/Hello.java");
        Files.writeString(file, "my precious work");
        CliRun.Result r = run("reset", "1");
        assertEquals(0, r.code(), r::toString);
        assertEquals(Files.readString(catalogue.resolve("01-hello/starter/Hello.java")), Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            Path backup = files.filter(p -> p.getFileName().toString().endsWith(".bak")).findFirst().orElseThrow();
            assertEquals("my precious work", Files.readString(backup));
            assertTrue(r.out().contains(backup.toString()), r::toString);
        }
        // A second reset keeps the second version too, under another name.
        Files.writeString(file, "second try");
        run("reset", "1");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().endsWith(".bak")).count());
        }
    }

    @Test
    void solutionStaysHiddenUntilThePassOrAnExplicitRequest() {
        CliRun.Result hidden = run("solution", "1");
        assertEquals(1, hidden.code(), hidden::toString);
        assertTrue(hidden.err().contains("solution 1 --reveal"), hidden::toString);
        assertFalse(hidden.out().contains("Hello, world"), hidden::toString);
        CliRun.Result shown = run("solution", "1", "--reveal");
        assertEquals(0, shown.code(), shown::toString);
        assertTrue(shown.out().contains("System.out.println(\"Hello, world\")"), shown::toString);
    }

    @Test
    void anUnknownExerciseIsAUsageErrorThatSuggestsTheClosest() {
        CliRun.Result r = run("show", "helo");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("There is no exercise \"helo\""), r::toString);
        assertTrue(r.err().contains("Did you mean 1 (hello)?"), r::toString);
        assertTrue(r.err().contains("mp-practice list"), r::toString);
        assertEquals(2, run("start", "42").code());
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        CliRun.Result r = run("lsit");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("There is no command \"lsit\""), r::toString);
        assertTrue(r.err().contains("Did you mean"), "suggests the command: " + r);
        CliRun.Result o = run("list", "--jsno");
        assertEquals(2, o.code(), o::toString);
        assertTrue(o.err().contains("--help"), o::toString);
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o);
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        Path other = tmp.resolve("other");
        CliRun plain = new CliRun(tmp).env("MP_PRACTICE_CATALOGUE", catalogue.toString());
        assertEquals(0, plain.run("--workspace", other.toString(), "start", "1").code());
        assertTrue(Files.exists(other.resolve("01-hello/Hello.java")));
        Path third = tmp.resolve("third");
        assertEquals(0, plain.run("start", "2", "--workspace", third.toString()).code());
        assertTrue(Files.exists(third.resolve("02-count-up/CountUp.java")));
        CliRun.Result after = plain.run("list", "--json", "--workspace", third.toString(), "--color=never", "--verbose");
        assertEquals(0, after.code(), after::toString);
        assertTrue(after.out().contains("\"status\" : \"started\""), after::toString);
        Path fourth = tmp.resolve("fourth");
        CliRun.Result cat = new CliRun(tmp).run("--catalogue", catalogue.toString(), "start", "1", "--workspace", fourth.toString());
        assertEquals(0, cat.code(), cat::toString);
    }

    @Test
    void theWorkspaceComesFromTheEnvironmentThenTheEnclosingFolderThenTheDefault() throws Exception {
        Path fromEnv = tmp.resolve("from-env");
        CliRun envRun = new CliRun(tmp).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).env("MP_PRACTICE_WORKSPACE", fromEnv.toString());
        assertEquals(0, envRun.run("start", "1").code());
        assertTrue(Files.exists(fromEnv.resolve("01-hello/Hello.java")));

        CliRun inside = new CliRun(fromEnv.resolve("01-hello")).env("MP_PRACTICE_CATALOGUE", catalogue.toString());
        CliRun.Result r = inside.run("list", "--json");
        assertTrue(r.out().contains("\"status\" : \"started\""), "found the enclosing workspace: " + r);

        // Someone who has used no workspace yet (the one above is remembered: see outsideEveryWorkspaceTheOneUsedLastIsUsedAndNamed).
        CliRun plain = new CliRun(tmp).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).env("HOME", tmp.resolve("fresh-home").toString());
        assertEquals(0, plain.run("start", "1").code());
        assertTrue(Files.exists(tmp.resolve("mp-workspace/01-hello/Hello.java")));
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        CliRun.Result r = cli.run("--help");
        assertEquals(0, r.code(), r::toString);
        for (String s : new String[] {"list", "show", "start", "hint", "check", "watch", "reset", "solution", "doctor",
                "completion", "dev", "--workspace", "--catalogue", "--color", "--verbose", "--version", "Exit codes:",
                "usage error", "workspace or catalogue problem", "internal error"}) {
            assertTrue(r.out().contains(s), "help mentions " + s + ": " + r);
        }
        CliRun.Result sub = cli.run("check", "--help");
        assertEquals(0, sub.code(), sub::toString);
        assertTrue(sub.out().contains("--all") && sub.out().contains("--workspace") && sub.out().contains("Exit codes:"), sub::toString);
    }

    @Test
    void versionNamesTheToolAndTheJava() {
        CliRun.Result r = cli.run("--version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("mp-practice "), r::toString);
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r::toString);
    }

    @Test
    void colourFollowsTheTerminalNoColorAndTheOption() {
        CliRun tty = new CliRun(tmp).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).terminal();
        assertTrue(tty.run("--workspace", ws.toString(), "list").out().contains("\033["), "colour on a terminal");
        assertFalse(cli.run("--workspace", ws.toString(), "list").out().contains("\033["), "plain when not a terminal");
        assertTrue(cli.run("--workspace", ws.toString(), "list", "--color=always").out().contains("\033["), "--color=always");
        assertFalse(tty.run("--workspace", ws.toString(), "list", "--color=never").out().contains("\033["), "--color=never");
        CliRun noColor = new CliRun(tmp).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).env("NO_COLOR", "1").terminal();
        assertFalse(noColor.run("--workspace", ws.toString(), "list").out().contains("\033["), "NO_COLOR");
    }

    @Test
    void aDamagedStateFileIsReportedWithItsPathAndAWayOutAndLeftAsItIs() throws Exception {
        run("start", "1");
        Path state = ws.resolve(".mp-practice/state.json");
        Files.writeString(state, "{ \"format\": 1, \"exercises\": { oops");
        CliRun.Result r = run("list");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains(state.toString()), r::toString);
        assertTrue(r.err().contains("mv " + state), r::toString);
        assertTrue(r.err().contains("exercise files are safe"), r::toString);
        assertEquals(3, run("hint", "1").code());
        assertEquals("{ \"format\": 1, \"exercises\": { oops", Files.readString(state), "never silently replaced");
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
        assertTrue(run("list", "--verbose").err().contains("\tat "), "a stack trace with --verbose");
    }

    @Test
    void aBrokenCatalogueIsExitCodeThreeAndNamesTheFile() throws Exception {
        Files.writeString(catalogue.resolve("02-count-up/exercise.toml"), "format = 1\nnumber = \"two\"\n");
        CliRun.Result r = run("list");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("02-count-up"), r::toString);
        CliRun.Result missing = new CliRun(tmp).run("--catalogue", tmp.resolve("nowhere").toString(), "list");
        assertEquals(3, missing.code(), missing::toString);
        assertTrue(missing.err().contains("does not exist"), missing::toString);
    }

    @Test
    void completionPrintsABashScript() {
        CliRun.Result r = cli.run("completion");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("complete -F"), r::toString);
        assertTrue(r.out().contains("mp-practice"), r::toString);
        assertTrue(r.out().contains("EXERCISE_pos_param_args=(\"1\" \"2\""), "completes exercise numbers: " + r);
    }

    @Test
    void doctorReportsJavaCompilerCatalogueAndWorkspace() {
        CliRun.Result r = run("doctor");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Java compiler (javac) available"), r::toString);
        assertTrue(r.out().contains("Catalogue: 3 exercises"), r::toString);
        assertTrue(r.out().contains("✓ A program of the mp library starts a process here"), "the platform, tried: " + r);
        assertTrue(r.out().contains(ws.toString()), r::toString);
        assertTrue(r.out().contains("All is well."), r::toString);
    }

    @Test
    void theFirstStartMakesTheWorkspaceAnIdeProjectAndSaysHowToOpenIt() throws Exception {
        CliRun.Result first = run("start", "1");
        assertEquals(0, first.code(), first::toString);
        assertTrue(first.out().contains("open the folder\n\n  " + ws + "\n"), first::toString);
        assertTrue(first.out().contains("mp-practice docs"), first::toString);
        assertTrue(Files.readString(ws.resolve("pom.xml")).contains("<module>01-hello</module>"));
        assertTrue(Files.isRegularFile(ws.resolve("01-hello/pom.xml")));

        CliRun.Result second = run("start", "2");
        assertFalse(second.out().contains("In an IDE"), "said once: " + second);
        assertTrue(Files.readString(ws.resolve("pom.xml")).contains("<module>02-count-up</module>"));
    }

    @Test
    void aWorkspacePomTheLearnerChangedIsLeftAloneAndDoctorAndStartSaySo() throws Exception {
        run("start", "1");
        Path pom = ws.resolve("pom.xml");
        String mine = Files.readString(pom).replace("<name>mp-practice workspace</name>", "<name>mine</name>");
        Files.writeString(pom, mine);
        CliRun.Result start = run("start", "2");
        assertEquals(mine, Files.readString(pom));
        assertTrue(start.out().contains("Add <module>02-count-up</module>"), start::toString);
        CliRun.Result doctor = run("doctor");
        assertEquals(0, doctor.code(), "a changed pom is the learner's right, not a problem: " + doctor);
        assertTrue(doctor.out().contains(pom + " differs from what mp-practice writes"), doctor::toString);
    }

    @Test
    void docsSaysWhereTheJavadocSourcesAndContractAre() {
        CliRun.Result before = run("docs");
        assertEquals(0, before.code(), before::toString);
        assertTrue(before.out().contains("has no IDE project yet"), before::toString);
        assertTrue(before.out().contains("docs/api.md") && before.out().contains("docs/library-names.md"), before::toString);
        assertFalse(Files.exists(ws), "docs creates nothing");

        run("start", "1");
        CliRun.Result after = run("docs");
        assertTrue(after.out().contains("dev.mppractice:mp:"), after::toString);
        assertTrue(after.out().contains(ws.resolve(".mp-practice/repository/dev/mppractice/mp").toString()), after::toString);
    }

    @Test
    void outsideEveryWorkspaceTheOneUsedLastIsUsedAndNamed() throws Exception {
        Path home = tmp.resolve("home");
        Path clone = Files.createDirectories(tmp.resolve("clone"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        CliRun inClone = new CliRun(clone).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).env("HOME", home.toString());
        CliRun outside = new CliRun(elsewhere).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).env("HOME", home.toString());
        assertEquals(0, inClone.run("start", "1").code());
        assertTrue(Files.readString(clone.resolve("mp-workspace/01-hello/Hello.java")).contains("Hello"));
        CliRun.Result list = outside.run("list");
        assertEquals(0, list.code(), list::toString);
        assertTrue(list.out().matches("(?s).*1\\s+hello\\s+Say hello\\s+. started.*"), "the progress, not a new workspace: " + list);
        assertTrue(list.err().contains("Using the workspace you used last: " + clone.resolve("mp-workspace")), list::toString);
        assertTrue(list.err().contains("--workspace DIR"), list::toString);
        assertFalse(Files.exists(elsewhere.resolve("mp-workspace")));

        Path other = tmp.resolve("other-ws");
        assertEquals(0, outside.run("--workspace", other.toString(), "start", "2").code());
        CliRun.Result again = outside.run("list");
        assertTrue(again.out().matches("(?s).*2\\s+count-up\\s+.*. started.*"), "the last used: " + again);
        assertTrue(again.err().contains("Using the workspace you used last: " + other), again::toString);
        assertTrue(again.err().contains("Also yours: " + clone.resolve("mp-workspace")), again::toString);
        assertTrue(inClone.run("list").err().isEmpty(), "./mp-workspace is used where there is one, silently");
    }

    /** CLI.md's fixed rule for scripts and for the command that makes a workspace: outside every workspace, ./mp-workspace. */
    @Test
    void startAndListJsonKeepToMpWorkspaceOutsideEveryWorkspaceAndNameTheOthers() throws Exception {
        Path home = tmp.resolve("home");
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path fresh = Files.createDirectories(tmp.resolve("fresh"));
        CliRun inFirst = new CliRun(first).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).env("HOME", home.toString());
        CliRun inFresh = new CliRun(fresh).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).env("HOME", home.toString());
        assertEquals(0, inFirst.run("start", "1").code());

        CliRun.Result json = inFresh.run("list", "--json");
        assertEquals(0, json.code(), json::toString);
        assertTrue(json.out().contains("\"status\" : \"not-started\"") && !json.out().contains("\"started\""),
                "a fresh folder's script sees a fresh workspace, not another folder's progress: " + json);
        assertTrue(json.err().contains("Your progress so far is in " + first.resolve("mp-workspace")), json::toString);
        assertFalse(Files.exists(fresh.resolve("mp-workspace")), "list makes nothing");

        CliRun.Result start = inFresh.run("start", "1");
        assertEquals(0, start.code(), start::toString);
        assertTrue(Files.isRegularFile(fresh.resolve("mp-workspace/01-hello/Hello.java")), start::toString);
        assertTrue(start.out().contains(fresh.resolve("mp-workspace/01-hello/Hello.java").toString()), start::toString);
        assertTrue(start.err().contains("Your progress so far is in " + first.resolve("mp-workspace")), start::toString);
        assertTrue(inFresh.run("list").err().isEmpty(), "now ./mp-workspace is here, and used silently");
    }

    @Test
    void watchWithoutATerminalSaysSoAndPointsToCheck() {
        CliRun.Result r = run("watch");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("interactive terminal"), r::toString);
        assertTrue(r.err().contains("mp-practice check 1"), r::toString);
    }

    @Test
    void suggestedCommandsUseTheNameTheToolWasCalledBy() {
        CliRun bin = new CliRun(tmp).env("MP_PRACTICE_CATALOGUE", catalogue.toString()).env("MP_PRACTICE_CMD", "bin/mp-practice");
        CliRun.Result r = bin.run("--workspace", ws.toString());
        assertTrue(r.out().contains("bin/mp-practice start 1"), r::toString);
    }
}
