package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UniqueNamesTest {
    @TempDir
    Path dir;

    @Test
    void namesMadeAtOnceOnManyThreadsAreAllDifferentAndFoldersAreNew() throws Exception {
        Set<String> names = java.util.Collections.synchronizedSet(new HashSet<>());
        IntStream.range(0, 4000).parallel().forEach(i -> names.add(UniqueNames.next()));
        assertEquals(4000, names.size());
        assertTrue(names.stream().allMatch(n -> n.startsWith(ProcessHandle.current().pid() + "-")), "this process's pid first");
        Path a = UniqueNames.newFolder(dir, "run-");
        Path b = UniqueNames.newFolder(dir, "run-");
        assertNotEquals(a, b);
        assertTrue(Files.isDirectory(a) && Files.isDirectory(b));
        assertTrue(a.getFileName().toString().startsWith("run-"));
    }
}
