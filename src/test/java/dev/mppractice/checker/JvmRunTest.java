package dev.mppractice.checker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.internal.JvmFlags;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The program's JVM is started as the library starts its short-lived children. */
class JvmRunTest {
    @Test
    void theProgramsJvmHasTheLibrarysStartUpFlagsAndABoundedHeap() throws Exception {
        List<String> cmd = new JvmRun(List.of("lib.jar", "classes"), "Main", Path.of("."), Map.of("k", "v")).command();
        assertTrue(cmd.containsAll(JvmFlags.startUp(JvmFlags.Work.SHORT)), cmd.toString());
        assertTrue(cmd.containsAll(JvmFlags.heap(List.of())), cmd.toString());
        assertTrue(cmd.contains("-Dk=v") && cmd.contains("-Dfile.encoding=UTF-8"), cmd.toString());
        assertTrue(cmd.indexOf("-Dk=v") < cmd.indexOf(RunMain.class.getName()), cmd.toString());
    }
}
