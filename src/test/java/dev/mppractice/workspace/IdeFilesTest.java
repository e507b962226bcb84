package dev.mppractice.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdeFilesTest {
    @Test
    void fillWritesWhatFormattedWritesForTheTemplatesPlaceholders() {
        String template = "<a>%s</a>\n<n>%d</n>\n<b>%s</b> 100 %% of nothing else: %x stays\n";
        assertEquals("<a>x &amp; y</a>\n<n>17</n>\n<b>null</b> 100 %% of nothing else: %x stays\n",
                IdeFiles.fill(template, "x &amp; y", 17, null));
        assertEquals(String.format("<a>%s</a><n>%d</n>", "v", 17), IdeFiles.fill("<a>%s</a><n>%d</n>", "v", 17));
        assertThrows(IllegalArgumentException.class, () -> IdeFiles.fill("%s %s", "one"));
        assertThrows(IllegalArgumentException.class, () -> IdeFiles.fill("%s", "one", "two"));
    }
}
