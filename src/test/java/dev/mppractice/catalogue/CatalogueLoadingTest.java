package dev.mppractice.catalogue;

import static dev.mppractice.catalogue.CatalogueDirs.exercise;
import static dev.mppractice.catalogue.CatalogueDirs.java;
import static dev.mppractice.catalogue.CatalogueDirs.replaceIn;
import static dev.mppractice.catalogue.CatalogueDirs.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueLoadingTest {
    @TempDir
    Path dir;

    private CatalogueException loadFails() {
        return assertThrows(CatalogueException.class, () -> Catalogue.load(dir));
    }

    private static void assertMentions(CatalogueException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
        }
    }

    @Test
    void loadsEveryFieldOfAValidExercise() throws Exception {
        exercise(dir, 1, "process-basics", "ProcessBasics");
        Path second = exercise(dir, 3, "queue-primes", "QueuePrimes");
        replaceIn(second.resolve("exercise.toml"), "match = \"exact\"", "match = \"pattern\"");
        replaceIn(second.resolve("exercise.toml"), "time-limit = \"5s\"", "time-limit = \"1500ms\"");
        write(second.resolve("exercise.toml"), Files.readString(second.resolve("exercise.toml"))
                + "\n[[behaviour]]\nevent = \"pool-chunk\"\nfrom = \"any\"\nwhere-not = { ok = false, worker = [0, \"none\"] }\n"
                + "min = 4\ndistinct = \"worker\"\ncap-at-cpus = true\nmessage = \"Not enough workers.\"\n");

        Catalogue c = Catalogue.load(dir);

        assertEquals(List.of(1, 3), c.exercises().stream().map(Exercise::number).toList());
        Exercise ex = c.find("queue-primes").orElseThrow();
        assertEquals(3, ex.number());
        assertEquals("Exercise 3", ex.title());
        assertEquals("Start a process.", ex.description());
        assertEquals("QueuePrimes", ex.className());
        assertEquals("QueuePrimes.java", ex.fileName());
        assertTrue(ex.starterSource().contains("// TODO"));
        assertTrue(ex.solutionSource().contains("System.out.println"));
        assertEquals("done\n", ex.expectedOutput());
        assertEquals(OutputMatch.PATTERN, ex.match());
        assertEquals(List.of("one", "two", "three"), ex.hints());
        assertEquals(Duration.ofMillis(1500), ex.timeLimit());
        assertEquals(List.of("Process"), ex.topics());
        assertEquals(2, ex.behaviour().size());
        BehaviourRule first = ex.behaviour().get(0);
        assertEquals(new BehaviourRule("process-exit", "main", Map.of("exitcode", 0L), Map.of(), 1, null, false,
                "No child process ended with exit code 0."), first);
        BehaviourRule second2 = ex.behaviour().get(1);
        assertEquals(Map.of("ok", false, "worker", List.of(0L, "none")), second2.whereNot(), "a list: none of these");
        assertEquals("worker", second2.distinct());
        assertEquals(4, second2.min());
        assertTrue(second2.capAtCpus());
        assertEquals(2, second2.effectiveMin(2));
        assertEquals(4, second2.effectiveMin(8));
        assertEquals(OutputMatch.EXACT, c.find("1").orElseThrow().match());
    }

    @Test
    void findsExercisesByNumberPaddedNumberOrSlug() throws Exception {
        exercise(dir, 3, "queue-primes", "QueuePrimes");
        Catalogue c = Catalogue.load(dir);
        assertEquals("queue-primes", c.find("3").orElseThrow().slug());
        assertEquals("queue-primes", c.find("03").orElseThrow().slug());
        assertEquals(3, c.find("queue-primes").orElseThrow().number());
        assertTrue(c.find("4").isEmpty());
        assertTrue(c.find("queue").isEmpty());
    }

    @Test
    void outputMatchDefaultsToExactAndBehaviourToNone() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String toml = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), toml.substring(0, toml.indexOf("\n[output]")) + "\n");
        Exercise loaded = Catalogue.load(dir).exercises().get(0);
        assertEquals(OutputMatch.EXACT, loaded.match());
        assertTrue(loaded.behaviour().isEmpty());
    }

    @Test
    void ignoresFilesAndHiddenFoldersBesideTheExercises() throws Exception {
        exercise(dir, 1, "hello", "Hello");
        write(dir.resolve("README.md"), "my course\n");
        Files.createDirectories(dir.resolve(".git"));
        assertEquals(1, Catalogue.load(dir).exercises().size());
    }

    @Test
    void badTomlNamesTheFileLineAndColumn() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "number = 1", "number = ");
        CatalogueException e = loadFails();
        assertMentions(e, ex.resolve("exercise.toml").toString(), "not valid TOML", "line 2");
    }

    @Test
    void missingFieldNamesTheFileAndTheField() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "time-limit = \"5s\"\n", "");
        CatalogueException e = loadFails();
        assertMentions(e, ex.resolve("exercise.toml").toString(), "'time-limit'", "missing");
    }

    @Test
    void mistypedFieldSaysWhatTypeItMustBe() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "number = 1", "number = \"1\"");
        assertMentions(loadFails(), "exercise.toml", "field 'number'", "must be an integer, not a string");
    }

    @Test
    void unknownKeyIsRefused() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "format = 1\n", "format = 1\ntimelimit = \"5s\"\n");
        assertMentions(loadFails(), "exercise.toml", "field 'timelimit'", "not a field");
    }

    @Test
    void unknownKeyInABehaviourRuleIsRefused() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "from = \"main\"", "from = \"main\"\nminimum = 2");
        assertMentions(loadFails(), "field 'behaviour[1].minimum'");
    }

    @Test
    void unknownEventIsRefused() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "event = \"process-exit\"", "event = \"process-end\"");
        assertMentions(loadFails(), "field 'behaviour[1].event'", "\"process-end\"", "docs/record.md");
    }

    @Test
    void badFromIsRefused() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "from = \"main\"", "from = \"parent\"");
        assertMentions(loadFails(), "field 'behaviour[1].from'", "\"parent\"");
    }

    @Test
    void theRuleFormsBeyondCountingLoad() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        write(ex.resolve("exercise.toml"), Files.readString(ex.resolve("exercise.toml"))
                + "\n[[behaviour]]\neach = \"process\"\nevent = \"event-wait\"\nmessage = \"{missing} did not wait.\"\n"
                + "\n[[behaviour]]\nevent = \"pool-call\"\nwhere = { call = \"applyAsync\" }\n"
                + "before = { event = \"async-get\", from = \"main\" }\nmessage = \"{late} late.\"\n"
                + "\n[[behaviour]]\nevent = \"chunk-begin\"\nat-once = 2\nmessage = \"{most} at once.\"\n"
                + "\n[[behaviour]]\nevent = \"lock-acquire\"\nmade-in = { lock = \"same\" }\nmax = 0\n"
                + "message = \"Own locks: {locks}. Code such as { ... } is no placeholder.\"\n"
                + "\n[[behaviour]]\nevent = \"semaphore-acquire\"\nat-most = 2\nmessage = \"{most} at once.\"\n");
        List<BehaviourRule> rules = Catalogue.load(dir).exercises().get(0).behaviour();
        assertEquals(6, rules.size());
        assertEquals(BehaviourRule.Kind.EACH, rules.get(1).kind());
        assertEquals("process", rules.get(1).each());
        assertEquals(BehaviourRule.Kind.ORDER, rules.get(2).kind());
        assertEquals(new BehaviourRule.Match("async-get", "main"), rules.get(2).before());
        assertEquals(BehaviourRule.Kind.AT_ONCE, rules.get(3).kind());
        assertEquals(2, rules.get(3).atOnce());
        assertEquals(BehaviourRule.Kind.COUNT, rules.get(4).kind());
        assertEquals(Map.of("lock", "same"), rules.get(4).match().madeIn());
        assertEquals(0, rules.get(4).min(), "with only a max, the min is 0");
        assertEquals(0, rules.get(4).max());
        assertEquals(BehaviourRule.Kind.AT_MOST, rules.get(5).kind());
        assertEquals(2, rules.get(5).atMost());
        assertEquals(1, rules.get(5).min(), "at-most asks for at least one span");
    }

    @Test
    void atMostNeedsASpanEventAPositiveLimitAndNoCapAtCpus() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "from = \"main\"", "from = \"main\"\nat-most = 0\ncap-at-cpus = true");
        assertMentions(loadFails(), "field 'behaviour[1].at-most' must be 1 or more",
                "field 'behaviour[1].at-most' needs an event that opens a span", "semaphore-acquire",
                "field 'behaviour[1].cap-at-cpus' cannot go with 'at-most'");
    }

    @Test
    void aWhereValueIsAScalarOrAListOfScalars() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"wait\"\nwhere = { call = [{ a = 1 }] }\n"
                + "where-not = { pipes = { b = 2 } }\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].where.call' must hold strings, numbers or booleans, not a table",
                "field 'behaviour[2].where-not.pipes' must be a string, number or boolean, or a list of them, not a table");
    }

    @Test
    void aSpeedUpRuleLoadsAndIsValidated() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"phase-end\"\nfrom = \"main\"\n"
                + "speedup = { serial = \"serial\", parallel = \"parallel\", at-least = 1.5 }\nmessage = \"Slow: {measured}\"\n");
        List<BehaviourRule> rules = Catalogue.load(dir).exercises().get(0).behaviour();
        assertEquals(BehaviourRule.Kind.SPEEDUP, rules.get(1).kind());
        assertEquals(new BehaviourRule.Speedup("serial", "parallel", 1.5), rules.get(1).speedup());

        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"chunk-begin\"\nmin = 2\nat-once = 2\n"
                + "speedup = { serial = \"a\", parallel = \"a\", at-least = 1, by = 2 }\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].event' must be \"phase-end\"", "field 'behaviour[2].speedup.by'",
                "field 'behaviour[2].speedup.parallel' is \"a\", the same label", "field 'behaviour[2].speedup.at-least' must be more than 1",
                "'min' and 'cap-at-cpus' do not go with 'speedup'", "may have only one of 'each', 'before', 'at-once', 'at-most', 'speedup' and 'one-order'");
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"phase-end\"\nspeedup = 1.5\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].speedup' must be an inline table");
    }

    @Test
    void badRuleFormsAreRefusedNamingTheField() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "from = \"main\"", "from = \"main\"\neach = \"runner\"\n"
                + "made-in = { child = \"parent\" }\nbefore = { event = \"process-end\", when = 1 }\nat-once = 2");
        replaceIn(ex.resolve("exercise.toml"), "exit code 0.", "exit code 0 ({counted}).");
        assertMentions(loadFails(), "field 'behaviour[1].each' \"runner\"", "field 'behaviour[1].from' cannot go with 'each'",
                "field 'behaviour[1].made-in.child'", "field 'behaviour[1].before.event' \"process-end\"",
                "field 'behaviour[1].before.when'", "field 'behaviour[1].at-once' needs an event that opens a span",
                "'behaviour[1]' may have only one of", "{counted}, which is not a placeholder");
    }

    @Test
    void perLastingMsAndFirstOnlyAreReadAndTheirMisusesRefused() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"lock-acquire\"\nfrom = \"child\"\ndistinct = \"pid\"\n"
                + "per = \"lock\"\nmin = 2\nmessage = \"m\"\n"
                + "\n[[behaviour]]\nevent = \"semaphore-acquire\"\nat-once = 2\nlasting-ms = 100\nmessage = \"m\"\n"
                + "\n[[behaviour]]\nevent = \"value-write\"\nfrom = \"main\"\n"
                + "before = { event = \"event-set\", from = \"main\", first-only = true }\nmessage = \"m\"\n");
        List<BehaviourRule> rules = Catalogue.load(dir).exercises().get(0).behaviour();
        assertEquals("lock", rules.get(1).per());
        assertEquals(100, rules.get(2).lastingMillis());
        assertTrue(rules.get(3).before().firstOnly());
        assertEquals(null, rules.get(0).per(), "none unless given");
        assertEquals(0, rules.get(0).lastingMillis());

        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"lock-acquire\"\nper = \"lock\"\nlasting-ms = 5\n"
                + "before = { event = \"event-set\", first-only = \"yes\" }\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].per' goes only with 'distinct'",
                "field 'behaviour[2].lasting-ms' goes only with 'at-once', 'at-most' or a count", "field 'behaviour[2].before.first-only' must be true or false");

        // a count of the spans that lasted that long (exercise 18: no lock held for a whole download)
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"lock-acquire\"\nfrom = \"child\"\nlasting-ms = 200\n"
                + "max = 0\nmessage = \"m\"\n");
        assertEquals(200, Catalogue.load(dir).exercises().get(0).behaviour().get(1).lastingMillis());
        // per with at-most: each semaphore apart
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"semaphore-acquire\"\nat-most = 2\nper = \"semaphore\"\n"
                + "message = \"m\"\n");
        assertEquals("semaphore", Catalogue.load(dir).exercises().get(0).behaviour().get(1).per());
        // per with a plain count: the greatest count of one value (exercise 18: one downloader's failed takes)
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"semaphore-timeout\"\nper = \"pid\"\nmax = 200\n"
                + "message = \"m\"\n");
        assertEquals("pid", Catalogue.load(dir).exercises().get(0).behaviour().get(1).per());
        // at-most with lasting-ms: the long spans of every semaphore together (exercise 18's connections, a console's permit left out)
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"semaphore-acquire\"\nat-most = 2\nlasting-ms = 100\n"
                + "message = \"m\"\n");
        BehaviourRule longPermits = Catalogue.load(dir).exercises().get(0).behaviour().get(1);
        assertEquals(2, longPermits.atMost());
        assertEquals(100, longPermits.lastingMillis());
        // one-order: the locks taken in one order (exercise 16)
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"lock-acquire\"\nwhere-not = { try = true }\n"
                + "one-order = \"lock\"\nmessage = \"m\"\n");
        BehaviourRule ordered = Catalogue.load(dir).exercises().get(0).behaviour().get(1);
        assertEquals(BehaviourRule.Kind.ONE_ORDER, ordered.kind());
        assertEquals("lock", ordered.oneOrder());
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"queue-put\"\none-order = \"lock\"\nmin = 2\n"
                + "at-once = 2\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].one-order' needs an event that opens a span",
                "field 'behaviour[2].one-order' goes with none of 'min'", "may have only one of 'each', 'before', 'at-once', 'at-most', 'speedup' and 'one-order'");
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"queue-put\"\nlasting-ms = 200\nmax = 0\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].lasting-ms' needs an event that opens a span");
    }

    @Test
    void aCanaryRunIsReadWithWhetherEveryNumberMustComeFromTheProcesses() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        assertEquals(null, Catalogue.load(dir).exercises().get(0).canary(), "none unless given");
        write(ex.resolve("exercise.toml"), "canary = \"whole\"\n" + base);
        assertEquals(new CanaryRun("whole", false), Catalogue.load(dir).exercises().get(0).canary());
        write(ex.resolve("exercise.toml"), "canary = \"{kept} of the {total}\"\ncanary-every-number = true\n" + base);
        CanaryRun canary = Catalogue.load(dir).exercises().get(0).canary();
        assertEquals(new CanaryRun("{kept} of the {total}", true), canary);
        assertEquals("2 of the 5", canary.told(2, 5));

        write(ex.resolve("exercise.toml"), "canary-every-number = true\n" + base);
        assertMentions(loadFails(), "field 'canary-every-number' is set without a canary");
        write(ex.resolve("exercise.toml"), "canary = \"c\"\ncanary-every-number = \"yes\"\n" + base);
        assertMentions(loadFails(), "field 'canary-every-number' must be true or false");
    }

    @Test
    void canaryLinesAreReadWithTheirMessagesAndALineBeyondTheExpectedOutputIsRefused() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), base + "\n[[canary-line]]\nline = 1\nmessage = \" The line. \"\n");
        assertEquals(new CanaryRun(null, false, List.of(new CanaryRun.Line(1, "The line."))),
                Catalogue.load(dir).exercises().get(0).canary(), "a canary run of that line alone");
        long lines = Files.readString(ex.resolve("expected.txt")).lines().count();
        write(ex.resolve("exercise.toml"), base + "\n[[canary-line]]\nline = " + (lines + 1) + "\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'canary-line[1].line' is " + (lines + 1) + ", but", "has " + lines + " line");
        write(ex.resolve("exercise.toml"), base + "\n[[canary-line]]\nline = 0\n");
        assertMentions(loadFails(), "field 'canary-line[1].line' must be 1 or more", "field 'canary-line[1].message' is missing");
        write(ex.resolve("exercise.toml"), "canary-line = 2\n" + base);
        assertMentions(loadFails(), "field 'canary-line' must be an array of tables");
        write(ex.resolve("exercise.toml"), "canary-marks-failures = true\n" + base + "\n[[canary-line]]\nline = 1\nmessage = \"m\"\n");
        assertEquals(new CanaryRun(null, false, List.of(new CanaryRun.Line(1, "m")), true),
                Catalogue.load(dir).exercises().get(0).canary(), "failures' messages marked too");
        write(ex.resolve("exercise.toml"), "canary-marks-failures = true\n" + base);
        assertMentions(loadFails(), "field 'canary-marks-failures' is set without a canary run");
    }

    @Test
    void aCanarysCheckOfItsLinesBeyondTheirNumbersIsReadAndNeedsACanary() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), "canary = \"c\"\ncanary-same-lines = \" Other lines. \"\n" + base);
        assertEquals(new CanaryRun("c", false, List.of(), false, "Other lines."), Catalogue.load(dir).exercises().get(0).canary());
        write(ex.resolve("exercise.toml"), "canary = \"c\"\n" + base);
        assertEquals(null, Catalogue.load(dir).exercises().get(0).canary().sameLines(), "none unless given");
        write(ex.resolve("exercise.toml"), "canary-same-lines = \"s\"\n" + base);
        assertMentions(loadFails(), "field 'canary-same-lines' is set without a canary run");
        write(ex.resolve("exercise.toml"), "canary = \"c\"\ncanary-same-lines = \" \"\n" + base);
        assertMentions(loadFails(), "field 'canary-same-lines' is empty");
    }

    @Test
    void aCanaryThatSparesAMapsFirstResultIsReadAndNeedsACanary() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), "canary = \"c\"\ncanary-spares-the-first = true\n" + base);
        assertEquals(new CanaryRun("c", false, List.of(), false, null, true), Catalogue.load(dir).exercises().get(0).canary());
        write(ex.resolve("exercise.toml"), "canary = \"c\"\n" + base);
        assertFalse(Catalogue.load(dir).exercises().get(0).canary().sparesTheFirst(), "every result altered unless asked");
        write(ex.resolve("exercise.toml"), "canary-spares-the-first = true\n" + base);
        assertMentions(loadFails(), "field 'canary-spares-the-first' is set without a canary run");
    }

    @Test
    void aSlowedRunIsReadWithItsMessage() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        assertEquals(null, Catalogue.load(dir).exercises().get(0).slowPuts(), "none unless given");
        write(ex.resolve("exercise.toml"), "slow-puts = \" Stop on the sentinel alone. \"\n" + base);
        assertEquals("Stop on the sentinel alone.", Catalogue.load(dir).exercises().get(0).slowPuts());
        write(ex.resolve("exercise.toml"), "slow-puts = \" \"\n" + base);
        assertMentions(loadFails(), "field 'slow-puts' is empty");
        write(ex.resolve("exercise.toml"), "slow-puts = true\n" + base);
        assertMentions(loadFails(), "slow-puts");
        write(ex.resolve("exercise.toml"), base);
        assertEquals(null, Catalogue.load(dir).exercises().get(0).slowReceives(), "no slowed receives unless given");
        write(ex.resolve("exercise.toml"), "slow-receives = \" Read each pipe to its end. \"\n" + base);
        assertEquals("Read each pipe to its end.", Catalogue.load(dir).exercises().get(0).slowReceives());
        write(ex.resolve("exercise.toml"), "slow-receives = \"\"\n" + base);
        assertMentions(loadFails(), "field 'slow-receives' is empty");
        write(ex.resolve("exercise.toml"), base);
        assertEquals(null, Catalogue.load(dir).exercises().get(0).lateArrival(), "no late arrival unless given");
        write(ex.resolve("exercise.toml"), "late-arrival = \" Wait for the slowest. \"\n" + base);
        assertEquals("Wait for the slowest.", Catalogue.load(dir).exercises().get(0).lateArrival());
        write(ex.resolve("exercise.toml"), "late-arrival = \"\"\n" + base);
        assertMentions(loadFails(), "field 'late-arrival' is empty");
        write(ex.resolve("exercise.toml"), base);
        assertEquals(null, Catalogue.load(dir).exercises().get(0).lateStarts(), "no late starts unless given");
        write(ex.resolve("exercise.toml"), "late-starts = \" Signal after every change. \"\n" + base);
        assertEquals("Signal after every change.", Catalogue.load(dir).exercises().get(0).lateStarts());
        write(ex.resolve("exercise.toml"), "late-starts = \"\"\n" + base);
        assertMentions(loadFails(), "field 'late-starts' is empty");
    }

    @Test
    void inARowIsReadAndItsMisusesRefused() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"pool-call\"\n"
                + "before = { event = \"async-get\", in-a-row = true }\nmin = 5\nmessage = \"m\"\n");
        BehaviourRule rule = Catalogue.load(dir).exercises().get(0).behaviour().get(1);
        assertEquals(true, rule.before().inARow());
        assertEquals(BehaviourRule.Kind.ORDER, rule.kind());
        assertEquals(false, Catalogue.load(dir).exercises().get(0).behaviour().get(0).before() != null
                && Catalogue.load(dir).exercises().get(0).behaviour().get(0).before().inARow(), "off unless given");

        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"pool-call\"\n"
                + "before = { event = \"async-get\", in-a-row = true }\nmessage = \"m\"\n\n[[behaviour]]\nevent = \"pool-call\"\n"
                + "before = { event = \"async-get\", in-a-row = true, first-only = true }\nmin = 2\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].before.in-a-row' needs 'min'",
                "field 'behaviour[3].before.in-a-row' cannot go with 'by-ms', 'first-only' or 'min-only'");
    }

    @Test
    void minOnlyIsReadAndItsMisusesRefused() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"queue-get\"\n"
                + "before = { event = \"event-set\", min-only = true }\nmin = 3\nmessage = \"m\"\n");
        BehaviourRule rule = Catalogue.load(dir).exercises().get(0).behaviour().get(1);
        assertEquals(true, rule.before().minOnly());
        assertEquals(false, rule.before().inARow());

        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"queue-get\"\n"
                + "before = { event = \"event-set\", min-only = true }\nmessage = \"m\"\n\n[[behaviour]]\nevent = \"queue-get\"\n"
                + "before = { event = \"event-set\", min-only = true, first-only = true }\nmin = 2\nmessage = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].before.min-only' needs 'min'",
                "field 'behaviour[3].before.min-only' cannot go with 'by-ms' or 'first-only'");
    }

    @Test
    void sumIsReadAndItsMisusesRefused() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        String base = Files.readString(ex.resolve("exercise.toml"));
        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"pool-call\"\nfrom = \"main\"\n"
                + "where = { call = \"starmap\" }\nsum = \"tasks\"\nmin = 5\nmessage = \"m\"\n");
        List<BehaviourRule> rules = Catalogue.load(dir).exercises().get(0).behaviour();
        assertEquals("tasks", rules.get(1).sum());
        assertEquals(BehaviourRule.Kind.COUNT, rules.get(1).kind());
        assertEquals(null, rules.get(0).sum(), "none unless given");

        write(ex.resolve("exercise.toml"), base + "\n[[behaviour]]\nevent = \"pool-call\"\nsum = \"tasks\"\ndistinct = \"pid\"\n"
                + "message = \"m\"\n\n[[behaviour]]\nevent = \"pool-call\"\nsum = \"tasks\"\n"
                + "before = { event = \"pool-chunk\" }\nmessage = \"m\"\n\n[[behaviour]]\nevent = \"pool-call\"\nsum = \"\"\n"
                + "message = \"m\"\n");
        assertMentions(loadFails(), "field 'behaviour[2].sum' cannot go with 'distinct'",
                "'behaviour[3]' 'distinct', 'sum' and 'max' go only with a counting rule", "field 'behaviour[4].sum' is empty");
    }

    @Test
    void fixturesLoadBesideTheirExerciseAndAreValidated() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        Path good = ex.resolve("fixtures").resolve("unusual");
        write(good.resolve("Hello.java"), java("Hello", "System.out.println(\"hi\");"));
        write(good.resolve("fixture.toml"), "expect = \"pass\"\nwhy = \"prints it another way\"\n");
        Path wrong = ex.resolve("fixtures").resolve("in-main");
        write(wrong.resolve("Hello.java"), java("Hello", "System.out.println(\"hi\");"));
        write(wrong.resolve("fixture.toml"), "expect = \"fail\"\nwhy = \"no child\"\nmessage = \"No child\"\n"
                + "outcome = \"behaviour\"\nrace-shows-in-output = true\n");
        Catalogue c = Catalogue.load(dir);
        List<Fixture> fixtures = c.fixtures(c.exercises().get(0));
        assertEquals(List.of("in-main", "unusual"), fixtures.stream().map(Fixture::name).toList());
        assertEquals(new Fixture("in-main", java("Hello", "System.out.println(\"hi\");"), false, "no child", "No child",
                "behaviour", true), fixtures.get(0));
        assertTrue(fixtures.get(1).pass());

        write(wrong.resolve("fixture.toml"), "expect = \"refuse\"\nwhy = \"no child\"\nhint = 1\n");
        write(good.resolve("fixture.toml"), "expect = \"pass\"\nwhy = \"x\"\nmessage = \"m\"\nrace-shows-in-output = true\n");
        write(ex.resolve("fixtures").resolve("no-java").resolve("fixture.toml"), "expect = \"pass\"\nwhy = \"x\"\n");
        assertMentions(loadFails(), "in-main/fixture.toml: field 'hint'", "field 'expect' \"refuse\"",
                "unusual/fixture.toml: field 'message' goes only with expect = \"fail\"", "no-java/Hello.java: is missing",
                "unusual/fixture.toml: field 'race-shows-in-output' goes only with expect = \"fail\"");
    }

    /**
     * The catalogue the tool carries leaves each exercise to be read when it is asked for, and its fixtures when
     * {@code dev check} asks for them (every command loads the catalogue, most need one exercise): they read as the
     * whole load reads them, and one that is wrong is told, with every problem and where, when it is asked for.
     */
    @Test
    void exercisesAndFixturesLeftForLaterReadTheSameFromAJarAndTellTheirProblemsWhenAskedFor() throws Exception {
        Path ex = exercise(dir, 1, "hello", "Hello");
        exercise(dir, 2, "bye", "Bye");
        Path good = ex.resolve("fixtures").resolve("unusual");
        write(good.resolve("Hello.java"), java("Hello", "System.out.println(\"hi\");"));
        write(good.resolve("fixture.toml"), "expect = \"pass\"\nwhy = \"prints it another way\"\n");
        Catalogue eager = Catalogue.load(dir);
        Path jar = jarOf(dir);
        try {
            Catalogue later = new CatalogueLoader(new CatalogueFiles.InJar(jar, "exercises")).loadOnDemand();
            assertEquals(eager.exercises().get(1), later.find("bye").orElseThrow());
            assertEquals(eager.exercises(), later.exercises());
            assertEquals(eager.find("2"), later.find("02"));
            assertEquals(java.util.Optional.empty(), later.find("3"));
            assertEquals(eager.fixtures(eager.exercises().get(0)), later.fixtures(later.exercises().get(0)));
            assertEquals(List.of(), later.fixtures(later.exercises().get(1)));

            write(good.resolve("fixture.toml"), "expect = \"refuse\"\nwhy = \"x\"\nhint = 1\n");
            Files.delete(jar);
            jarOf(dir);
            Catalogue broken = new CatalogueLoader(new CatalogueFiles.InJar(jar, "exercises")).loadOnDemand();
            assertEquals(2, broken.exercises().size(), "the exercises load: their fixtures are not read yet");
            CatalogueException e = assertThrows(CatalogueException.class, () -> broken.fixtures(broken.exercises().get(0)));
            assertMentions(e, "2 problems", jar + "!/exercises/01-hello/fixtures/unusual/fixture.toml: field 'hint'",
                    "field 'expect' \"refuse\"");

            replaceIn(dir.resolve("02-bye").resolve("exercise.toml"), "title = ", "titel = ");
            Files.delete(jar);
            jarOf(dir);
            Catalogue wrong = new CatalogueLoader(new CatalogueFiles.InJar(jar, "exercises")).loadOnDemand();
            assertEquals("hello", wrong.find("1").orElseThrow().slug(), "the others read");
            IllegalStateException bad = assertThrows(IllegalStateException.class, () -> wrong.find("bye"));
            assertTrue(bad.getMessage().contains(jar + "!/exercises/02-bye/exercise.toml: field 'title' is missing"), bad.getMessage());
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    /** {@code dir} packed into a jar beside it, under {@code exercises/}. */
    private static Path jarOf(Path dir) throws IOException {
        Path jar = dir.resolveSibling(dir.getFileName() + ".jar");
        try (var fs = java.nio.file.FileSystems.newFileSystem(jar, Map.of("create", "true"))) {
            Path target = fs.getPath("/exercises");
            try (var walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path to = target.resolve(dir.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(to);
                    else Files.copy(p, to);
                }
            }
        }
        return jar;
    }

    @Test
    void badDurationIsRefused() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "\"5s\"", "\"5 seconds\"");
        assertMentions(loadFails(), "field 'time-limit'", "\"5 seconds\"", "\"10s\"");
    }

    @Test
    void badMatchModeIsRefused() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "match = \"exact\"", "match = \"regex\"");
        assertMentions(loadFails(), "field 'output.match'", "\"regex\"");
    }

    @Test
    void hintsMustBeExactlyThree() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "\"one\", \"two\", \"three\"", "\"one\", \"two\"");
        assertMentions(loadFails(), "field 'hints'", "exactly 3", "not 2");
    }

    @Test
    void newerFormatAsksForANewerTool() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "format = 1", "format = 2");
        assertMentions(loadFails(), "field 'format'", "update mp-practice");
    }

    @Test
    void duplicateNumberNamesBothFiles() {
        exercise(dir, 1, "hello", "Hello");
        exercise(dir, 1, "goodbye", "Goodbye");
        assertMentions(loadFails(), "field 'number' 1 is already the number of",
                dir.resolve("01-goodbye").resolve("exercise.toml").toString(),
                dir.resolve("01-hello").resolve("exercise.toml").toString());
    }

    @Test
    void duplicateSlugIsRefused() {
        exercise(dir, 1, "hello", "Hello");
        exercise(dir, 2, "hello", "Hello");
        assertMentions(loadFails(), "field 'slug' \"hello\" is already the slug of");
    }

    @Test
    void folderNameMustAgreeWithNumberAndSlug() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "number = 1", "number = 2");
        replaceIn(ex.resolve("exercise.toml"), "slug = \"hello\"", "slug = \"hi\"");
        CatalogueException e = loadFails();
        assertMentions(e, "field 'number' is 2 but the folder name 01-hello says 1",
                "field 'slug' is \"hi\" but the folder name 01-hello says \"hello\"");
        assertEquals(2, e.problems().size());
    }

    @Test
    void folderThatIsNotAnExerciseIsRefused() {
        exercise(dir, 1, "hello", "Hello");
        write(dir.resolve("notes").resolve("a.txt"), "x");
        assertMentions(loadFails(), dir.resolve("notes").toString(), "NN-slug");
    }

    @Test
    void missingExerciseTomlIsNamed() throws IOException {
        Path ex = exercise(dir, 1, "hello", "Hello");
        Files.delete(ex.resolve("exercise.toml"));
        assertMentions(loadFails(), ex.resolve("exercise.toml").toString(), "missing");
    }

    @Test
    void missingSolutionFileIsNamed() throws IOException {
        Path ex = exercise(dir, 1, "hello", "Hello");
        Files.delete(ex.resolve("solution").resolve("Hello.java"));
        assertMentions(loadFails(), ex.resolve("solution").resolve("Hello.java").toString(), "is missing");
    }

    @Test
    void missingExpectedOutputIsNamed() throws IOException {
        Path ex = exercise(dir, 1, "hello", "Hello");
        Files.delete(ex.resolve("expected.txt"));
        assertMentions(loadFails(), ex.resolve("expected.txt").toString(), "is missing");
    }

    @Test
    void classNameThatDoesNotMatchTheFilesIsRefused() throws IOException {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("exercise.toml"), "class = \"Hello\"", "class = \"Greeting\"");
        assertMentions(loadFails(), ex.resolve("starter").resolve("Greeting.java").toString(),
                "is missing", "found Hello.java");
    }

    @Test
    void fileThatDeclaresAnotherClassIsRefused() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        replaceIn(ex.resolve("starter").resolve("Hello.java"), "public class Hello", "public class Hallo");
        assertMentions(loadFails(), "starter/Hello.java", "declares public class Hallo", "field 'class'");
    }

    @Test
    void packageDeclarationIsRefused() {
        Path ex = exercise(dir, 1, "hello", "Hello");
        Path file = ex.resolve("solution").resolve("Hello.java");
        replaceIn(file, "public class Hello", "package demo;\npublic class Hello");
        assertMentions(loadFails(), file.toString(), "package declaration");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Path one = exercise(dir, 1, "hello", "Hello");
        Path two = exercise(dir, 2, "bye", "Bye");
        replaceIn(one.resolve("exercise.toml"), "title = \"Exercise 1\"\n", "");
        replaceIn(two.resolve("exercise.toml"), "hints = [\"one\", \"two\", \"three\"]\n", "");
        CatalogueException e = loadFails();
        assertEquals(2, e.problems().size(), e.getMessage());
        assertMentions(e, "2 problems", "field 'title' is missing", "field 'hints' is missing");
    }

    @Test
    void emptyOrMissingCatalogueIsRefused() {
        assertMentions(loadFails(), "holds no exercise folders");
        CatalogueException e = assertThrows(CatalogueException.class,
                () -> Catalogue.load(dir.resolve("nothing-here")));
        assertMentions(e, "nothing-here", "is not a directory");
    }

    @Test
    void loadsTheSameCatalogueFromInsideAJarAndNamesProblemsThere() throws Exception {
        exercise(dir, 1, "hello", "Hello");
        exercise(dir, 2, "bye", "Bye");
        Path jar = jarOf(dir);
        try {
            Catalogue c = new CatalogueLoader(new CatalogueFiles.InJar(jar, "exercises")).load();
            assertEquals(List.of("hello", "bye"), c.exercises().stream().map(Exercise::slug).toList());
            assertEquals("done\n", c.exercises().get(0).expectedOutput());
            assertEquals(jar + "!/exercises", c.source());
            // Problems inside a jar are named by their place in it.
            write(dir.resolve("01-hello").resolve("exercise.toml"), "format = 1\n");
            try (var fs = java.nio.file.FileSystems.newFileSystem(jar)) {
                Files.copy(dir.resolve("01-hello").resolve("exercise.toml"),
                        fs.getPath("/exercises/01-hello/exercise.toml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            CatalogueException e = assertThrows(CatalogueException.class,
                    () -> new CatalogueLoader(new CatalogueFiles.InJar(jar, "exercises")).load());
            assertMentions(e, jar + "!/exercises/01-hello/exercise.toml: field 'number' is missing");
        } finally {
            Files.deleteIfExists(jar);
        }
        assertFalse(Files.exists(jar));
    }
}
