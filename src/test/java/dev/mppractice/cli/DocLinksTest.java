package dev.mppractice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every link between the repository's Markdown files resolves in a clone: nothing points outside it. */
class DocLinksTest {
    private static final Path PROJECT = Path.of(System.getProperty("mp.project.dir", System.getProperty("user.dir")));
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static List<Path> markdownFiles() throws Exception {
        List<Path> files = new ArrayList<>(List.of(PROJECT.resolve("README.md")));
        for (String dir : List.of("docs", "exercises")) {
            try (Stream<Path> walk = Files.walk(PROJECT.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void everyRelativeLinkNamesAFileOfTheRepository() throws Exception {
        List<String> broken = new ArrayList<>();
        for (Path md : markdownFiles()) {
            Matcher m = LINK.matcher(Files.readString(md));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*") || target.startsWith("#")) continue;   // a web address or an anchor
                Path file = md.getParent().resolve(target.replaceFirst("#.*", "")).normalize();
                if (!file.startsWith(PROJECT) || !Files.exists(file)) broken.add(PROJECT.relativize(md) + ": " + target);
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void noDocumentSendsTheReaderOutsideTheRepository() throws Exception {
        List<String> outside = new ArrayList<>();
        for (Path md : markdownFiles()) {
            String text = Files.readString(md);
            if (text.contains("shared/spec") || text.contains("../API.md")) outside.add(PROJECT.relativize(md).toString());
        }
        assertEquals(List.of(), outside);
    }
}
