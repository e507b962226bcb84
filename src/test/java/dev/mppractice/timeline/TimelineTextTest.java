package dev.mppractice.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.internal.timeline.Timeline;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Recorded runs drawn at 80 columns, compared character for character with src/test/resources/timeline/expected. */
class TimelineTextTest {
    private static final TimelineText UTF8 = new TimelineText(true, false, 80);
    private static final TimelineText ASCII = new TimelineText(false, false, 80);

    @ParameterizedTest
    @ValueSource(strings = {"ex3-today", "ex3-spans", "ex9-pool", "stuck-stopped", "ex18-semaphore", "ex26-phases"})
    void compactInUtf8(String run) {
        String text = UTF8.compact(Records.timeline(run));
        assertEquals(Records.expected(run + ".compact.txt", text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ex3-today", "ex3-spans", "ex9-pool", "stuck-stopped", "ex18-semaphore", "ex26-phases"})
    void fullInUtf8(String run) {
        String text = UTF8.full(Records.timeline(run));
        assertEquals(Records.expected(run + ".full.txt", text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ex3-spans", "ex9-pool", "ex26-phases"})
    void compactAndFullInAscii(String run) {
        String text = ASCII.compact(Records.timeline(run)) + "\n" + ASCII.full(Records.timeline(run));
        assertEquals(Records.expected(run + ".ascii.txt", text), text);
        assertTrue(text.chars().allMatch(c -> c < 128), "only ASCII without UTF-8");
    }

    @Test
    void colourPaintsEachStretchOnceAndNoColourHasNoEscapes() {
        String text = new TimelineText(true, true, 80).compact(Records.timeline("ex3-spans"));
        assertEquals(Records.expected("ex3-spans.compact.color.txt", text), text);
        assertTrue(UTF8.full(Records.timeline("ex3-spans")).indexOf('\u001b') < 0);
    }

    @Test
    void compactIsAtMostTenLinesHoweverManyProcesses() {
        Timeline t = Records.timeline("ex9-pool");
        var many = new java.util.ArrayList<>(t.lanes());
        for (int i = 0; i < 12; i++) {
            Timeline.Lane w = t.lanes().get(1);
            many.add(new Timeline.Lane(9000 + i, "PoolWorker-" + (i + 3), false, w.beginUs(), w.endUs(), 0, w.spans(), w.segments()));
        }
        String text = UTF8.compact(new Timeline(t.startUs(), t.endUs(), many, t.messages(), false));
        assertEquals(Records.expected("many.compact.txt", text), text);
        assertTrue(text.lines().count() <= 9, text);
    }

    @Test
    void rowsFitTheWidthGiven() {
        for (int width : new int[] {40, 60, 80, 120}) {
            String text = new TimelineText(true, false, width).compact(Records.timeline("ex3-spans"))
                    + new TimelineText(true, false, width).full(Records.timeline("ex3-spans"));
            for (String line : text.split("\n")) {
                boolean drawn = line.contains("█") || line.contains("░") || line.contains("┼") || line.contains("──");
                if (drawn) assertTrue(line.length() <= width, width + ": " + line);
            }
        }
    }

    @Test
    void aMainThatSleptIsDrawnSleepingNotRunningWithItsOwnColumnInTheSummary() {
        Timeline t = Records.timeline("ex1-main-sleeps");
        String text = UTF8.compact(t) + UTF8.full(t);
        assertEquals(Records.expected("ex1-main-sleeps.txt", text), text);
        String ascii = new TimelineText(false, false, 80).compact(t);
        assertEquals(Records.expected("ex1-main-sleeps.ascii.txt", ascii), ascii);
    }

    @Test
    void aRunWithNothingRecordedDrawsNothingCompactAndSaysSoInFull() {
        assertEquals("", UTF8.compact(Timeline.empty()));
        assertEquals("  The run recorded nothing to draw.\n", UTF8.full(Timeline.empty()));
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(50_000, TimelineText.niceStep(214_000, 6));
        assertEquals(100_000, TimelineText.niceStep(401_000, 5));
        assertEquals(1, TimelineText.niceStep(3, 6));
        assertEquals(2_000_000, TimelineText.niceStep(9_000_000, 5));
    }
}
