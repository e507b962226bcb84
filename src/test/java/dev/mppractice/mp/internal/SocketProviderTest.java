package dev.mppractice.mp.internal;

import static dev.mppractice.mp.MpTesting.secs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mppractice.mp.NoProcessLeftBehind;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import java.nio.channels.spi.SelectorProvider;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A child JVM makes its sockets with its parent's provider, named on its command line when it is
 * the JDK's own (so that the child does not look for one on the class path).
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketProviderTest {

    @Test
    void aChildIsToldItsParentsProviderAndUsesIt() {
        String parents = SelectorProvider.provider().getClass().getName();
        Queue<List<String>> seen = new Queue<>();
        Process p = new Process(() -> seen.put(Arrays.asList(SelectorProvider.provider().getClass().getName(),
                System.getProperty(ChildProcess.SELECTOR_PROVIDER_PROPERTY))));
        p.start();
        List<String> child = seen.get(secs(60));
        p.join();
        assertEquals(0, p.exitCode());
        assertEquals(Arrays.asList(parents, parents), child, "the child's provider, and the one its command line names");
    }
}
