package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Process;
import dev.mppractice.mp.internal.ClassLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryLocatorTest {
    private String saved;

    @BeforeEach
    void saveTheProperty() {
        saved = System.getProperty(LibraryLocator.LIBRARY_PROPERTY);
    }

    @AfterEach
    void restoreTheProperty() {
        if (saved == null) {
            System.clearProperty(LibraryLocator.LIBRARY_PROPERTY);
        } else {
            System.setProperty(LibraryLocator.LIBRARY_PROPERTY, saved);
        }
    }

    @Test
    void withoutThePropertyTheLibraryIsWhereThisToolLoadedIt() throws Exception {
        System.clearProperty(LibraryLocator.LIBRARY_PROPERTY);
        assertEquals(ClassLocation.of(Process.class), LibraryLocator.locate());
    }

    @Test
    void thePropertyNamesTheLibraryInstead(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("mp.jar"));
        System.setProperty(LibraryLocator.LIBRARY_PROPERTY, dir.resolve("x/../mp.jar").toString());
        assertEquals(jar.toAbsolutePath(), LibraryLocator.locate());
    }

    @Test
    void aLibraryThePropertyNamesThatIsNotThereIsToldWithWhatToDo(@TempDir Path dir) {
        System.setProperty(LibraryLocator.LIBRARY_PROPERTY, dir.resolve("gone.jar").toString());
        CheckerException e = assertThrows(CheckerException.class, LibraryLocator::locate);
        assertTrue(e.getMessage().contains(dir.resolve("gone.jar") + ") does not exist: build it"), e.getMessage());
    }
}
