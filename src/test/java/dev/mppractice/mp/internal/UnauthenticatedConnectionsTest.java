package dev.mppractice.mp.internal;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.secs;
import static dev.mppractice.mp.internal.RawSockets.closedByPeer;
import static dev.mppractice.mp.internal.RawSockets.connect;
import static dev.mppractice.mp.internal.RawSockets.readToEnd;
import static dev.mppractice.mp.internal.RawSockets.writeQuietly;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.Jvm;
import dev.mppractice.mp.NoProcessLeftBehind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7, item 7: before a connection has proved it knows the key, a hub reads nothing but the
 * handshake's own small frames, each within a deadline, from a bounded number of connections at
 * once; a live program's queue traffic goes on meanwhile. The program is a JVM of its own with a
 * small heap ({@link AttackedProgramMain}); the attacker is this test, with raw sockets.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnauthenticatedConnectionsTest {
    /** What the server allows a handshake frame to take (Handshake's deadline) and a margin for a busy machine. */
    /** The attacked program's handshake deadline: shorter than its 5 s default, so that waiting for it to pass costs less. */
    private static final long DEADLINE_MILLIS = 1_000;
    private static final long MARGIN_MILLIS = 3_000;

    /** One line of the program's report. */
    record Stat(long heap, int threads, long slowestMillis, long rounds) {
        static Stat parse(String line) {
            String[] f = line.split(" ");
            return new Stat(Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
        }
    }

    /** The program under attack, and what it reports. */
    private static final class Program implements AutoCloseable {
        final Jvm jvm;
        final Path socket;
        /** The attacker's connections to the program's hub, closed with the program. */
        final List<SocketChannel> attackers = new ArrayList<>();

        Program() throws Exception {
            jvm = Jvm.start(List.of("-Xmx256m", "-Dmp.handshakeDeadlineMillis=" + DEADLINE_MILLIS), AttackedProgramMain.class);
            socket = Path.of(jvm.awaitLine(l -> l.startsWith("SOCKET "), secs(60)).substring(7));
        }

        /** A new raw connection to the program's hub, as an outsider makes it. */
        SocketChannel attack() throws IOException {
            SocketChannel ch = connect(socket);
            attackers.add(ch);
            return ch;
        }

        List<Stat> stats() {
            List<Stat> out = new ArrayList<>();
            for (String line : jvm.stdout().split("\n")) {
                if (line.startsWith("STAT ")) {
                    out.add(Stat.parse(line));
                }
            }
            return out;
        }

        /** The next {@code n} reports (about 250 ms each). */
        List<Stat> next(int n) {
            int from = stats().size();
            await(n + " more reports of the program", secs(60), () -> stats().size() >= from + n);
            return stats().subList(from, from + n);
        }

        /** The program's queue traffic went on, none of its round trips slow, and nothing ran out of memory. */
        void assertServedPromptly(List<Stat> during, String what) {
            long slowest = during.stream().mapToLong(Stat::slowestMillis).max().orElseThrow();
            assertTrue(slowest < 1_000, "a queue round trip took " + slowest + " ms " + what + ": " + during);
            assertTrue(during.get(during.size() - 1).rounds() > during.get(0).rounds() + 10,
                    "the queue traffic went on " + what + ": " + during);
            assertFalse(jvm.stderr().contains("OutOfMemoryError"), "the program ran out of memory " + what
                    + ": " + jvm.stderr());
        }

        @Override
        public void close() {
            for (SocketChannel ch : attackers) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            jvm.close();
            try {
                jvm.process().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Stat baseline(List<Stat> quiet) {
        long heap = quiet.stream().mapToLong(Stat::heap).max().orElseThrow();
        int threads = quiet.stream().mapToInt(Stat::threads).max().orElseThrow();
        return new Stat(heap, threads, 0, 0);
    }

    @Test
    void hostileLengthPrefixesRaiseNoHeapUseAndTheQueueTrafficGoesOn() throws Exception {
        try (Program program = new Program()) {
            Stat before = baseline(program.next(4));
            for (int length : new int[] {100_000_000, 100_000_000, 100_000_000, 100_000_000,
                0x7ffffff0, 0x7ffffff0, 0x7ffffff0, 0x7ffffff0}) {
                // a length prefix, and a little of what it promises
                writeQuietly(program.attack(), ByteBuffer.allocate(4 + 16).putInt(length).array());
            }
            List<Stat> during = program.next(8);
            long most = during.stream().mapToLong(Stat::heap).max().orElseThrow();
            assertTrue(most < before.heap() + 32L * 1024 * 1024, "heap used after GC went from "
                    + before.heap() / 1024 + " KiB to " + most / 1024 + " KiB under 8 hostile length prefixes");
            program.assertServedPromptly(during, "under 8 hostile length prefixes");
            for (SocketChannel ch : program.attackers) {
                byte[] got = readToEnd(ch, secs(5));
                assertTrue(got.length <= 4 + 32 + 5, "only the challenge and a refusal came back, not "
                        + got.length + " bytes");
            }
        }
    }

    @Test
    void aSlowLorisConnectionIsDroppedAtTheHandshakeDeadline() throws Exception {
        try (Program program = new Program()) {
            program.next(2);
            int count = 6;
            long[] closedAfter = new long[count];
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                writeQuietly(program.attack(), ByteBuffer.allocate(4).putInt(64).array()); // an answer's length, then
            }
            long giveUp = t0 + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS + 4 * MARGIN_MILLIS);
            int open = count;
            while (open > 0 && System.nanoTime() < giveUp) {
                for (int i = 0; i < count; i++) {
                    SocketChannel ch = program.attackers.get(i);
                    if (closedAfter[i] == 0) {
                        writeQuietly(ch, new byte[] {7}); // ... one byte at a time
                        if (closedByPeer(ch)) {
                            closedAfter[i] = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
                            open--;
                        }
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            }
            program.next(2);
            for (int i = 0; i < count; i++) {
                assertTrue(closedAfter[i] > 0 && closedAfter[i] <= DEADLINE_MILLIS + MARGIN_MILLIS,
                        "slow connection " + i + " was dropped after " + closedAfter[i] + " ms (0: never),"
                                + " not within the deadline of " + DEADLINE_MILLIS + " ms");
            }
            List<Stat> all = program.stats();
            program.assertServedPromptly(all.subList(2, all.size()), "while slow connections trickled");
        }
    }

    @Test
    void unauthenticatedConnectionsAreCappedAndDroppedAfterTheDeadline() throws Exception {
        try (Program program = new Program()) {
            Stat before = baseline(program.next(4));
            // within what the socket's backlog holds, so that no connect waits
            for (int i = 0; i < 60; i++) {
                program.attack();
            }
            List<Stat> during = program.next(8);
            int most = during.stream().mapToInt(Stat::threads).max().orElseThrow();
            assertTrue(most <= before.threads() + Hub.MAX_STRANGERS + 8, "threads went from " + before.threads()
                    + " to " + most + " for 60 connections that never said a word");
            program.assertServedPromptly(during, "with 60 silent connections");
            for (SocketChannel ch : program.attackers) {
                readToEnd(ch, java.time.Duration.ofMillis(2 * DEADLINE_MILLIS + MARGIN_MILLIS));
            }
        }
    }

    /** A flood of connections with the wrong key fills neither the program's stderr nor its output: one line says it. */
    @Test
    void refusedConnectionsAreToldOnceNotOneLineEach() throws Exception {
        try (Program program = new Program()) {
            program.next(2);
            int count = 40;
            for (int i = 0; i < count; i++) {
                SocketChannel ch = program.attack();
                writeQuietly(ch, RawSockets.frame(new byte[64])); // an answer to the challenge, with the wrong key
                readToEnd(ch, java.time.Duration.ofMillis(DEADLINE_MILLIS + MARGIN_MILLIS)); // refused and closed
            }
            program.next(2);
            long lines = program.jvm.stderr().lines().filter(l -> l.contains("refused")).count();
            assertTrue(lines == 1, count + " refused connections printed " + lines + " lines: " + program.jvm.stderr());
            assertTrue(program.jvm.stderr().contains("further refusals"), program.jvm.stderr());
        }
    }
}
