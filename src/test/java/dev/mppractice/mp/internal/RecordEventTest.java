package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The record's event names are defined once: docs/record.md documents exactly the library's list. */
class RecordEventTest {
    private static final Path DOC = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")), "docs/record.md");

    @Test
    void theDocumentedEventsAreExactlyTheLibrarysEvents() throws Exception {
        Set<String> documented = new LinkedHashSet<>();
        // Only the first cell of a row of the Events table names events: `a` or `a` / `b`.
        Pattern row = Pattern.compile("^\\| (`[a-z-]+`(?: / `[a-z-]+`)*) \\|");
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                Matcher name = Pattern.compile("`([a-z-]+)`").matcher(m.group(1));
                while (name.find()) documented.add(name.group(1));
            }
        }
        // The fields table's rows (`ev`, `pid`, ...) are not events.
        documented.removeAll(List.of("ev", "pid", "proc", "ms", "us"));
        List<String> expected = new ArrayList<>(RecordEvent.names());
        expected.sort(null);
        List<String> actual = new ArrayList<>(documented);
        actual.sort(null);
        assertEquals(expected, actual);
    }

    @Test
    void everyNameLeadsBackToItsEvent() {
        for (RecordEvent e : RecordEvent.values()) {
            assertEquals(e, RecordEvent.byName(e.wireName()).orElseThrow());
        }
    }
}
