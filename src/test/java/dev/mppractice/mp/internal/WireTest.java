package dev.mppractice.mp.internal;

import static dev.mppractice.mp.internal.RawSockets.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.MpTesting;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A frame's length prefix is a claim: a {@link Wire} allocates for the bytes that came, not for the claim. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WireTest {
    private Path dir;
    private ServerSocketChannel server;
    private SocketChannel raw;
    private Wire wire;

    /** A {@link Wire} on one end of a real Unix socket, raw bytes on the other. */
    @BeforeEach
    void connect() throws IOException {
        dir = Files.createTempDirectory("mp-wire-test");
        Path socket = dir.resolve("w.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        wire = Wire.connect(socket);
        raw = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        wire.close();
        raw.close();
        server.close();
        Files.deleteIfExists(dir.resolve("w.sock"));
        Files.deleteIfExists(dir);
    }

    /** Bytes allocated by this thread so far (HotSpot's per-thread counter). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            raw.write(b);
        }
    }

    @Test
    void aHugeLengthPrefixAllocatesNothingAheadOfTheBytesThatCame() throws IOException {
        send(ByteBuffer.allocate(4 + 1000).putInt(0x7ffffff0).array());
        raw.shutdownOutput();
        long before = allocated();
        assertThrows(EOFException.class, () -> wire.receive(), "the peer ended in the middle of the frame");
        long spent = allocated() - before;
        assertTrue(spent < 1024 * 1024, "receiving 1,000 bytes of a frame that claims 2 GiB allocated " + spent + " bytes");
    }

    @Test
    void aLargeFrameThatComesInPiecesArrivesWholeInLittleMoreThanItsSize() throws Exception {
        byte[] payload = MpTesting.pattern(16 * 1024 * 1024 + 3, 7);
        byte[] framed = frame(payload);
        Thread writer = new Thread(() -> {
            try {
                for (int at = 0; at < framed.length; at += 1_000_000) {
                    raw.write(ByteBuffer.wrap(framed, at, Math.min(1_000_000, framed.length - at)));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "slow-writer");
        writer.start();
        long before = allocated();
        byte[] got = wire.receive();
        long spent = allocated() - before;
        writer.join();
        assertArrayEquals(payload, got);
        assertTrue(spent < payload.length * 3L / 2 + 2 * 1024 * 1024, "a 16 MiB frame cost " + spent + " bytes of allocation");
    }

    @Test
    void framesSentTogetherArriveWholeAndInOrderWhateverTheirSizes() throws Exception {
        // small ones share a write; one larger than the batch goes on its own, between them
        java.util.List<byte[]> payloads = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            payloads.add(MpTesting.pattern(i % 40, i));
        }
        payloads.add(2500, MpTesting.pattern(200_000, 1));
        payloads.add(MpTesting.pattern(65_532, 2)); // fills a batch exactly
        payloads.add(new byte[0]);
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (byte[] p : payloads) {
            expected.writeBytes(frame(p));
        }
        Thread writer = new Thread(() -> {
            try {
                wire.sendAll(payloads);
                wire.sendAll(payloads.subList(0, 3));
                wire.shutdownOutput();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "batch-writer");
        writer.start();
        for (byte[] p : payloads.subList(0, 3)) {
            expected.writeBytes(frame(p));
        }
        byte[] got = RawSockets.readToEnd(raw, java.time.Duration.ofSeconds(30));
        writer.join(30_000);
        assertArrayEquals(expected.toByteArray(), got);
    }

    @Test
    void aSmallFrameRefusesALongerClaimWithoutReadingIt() throws IOException {
        send(ByteBuffer.allocate(4).putInt(0x7ffffff0).array());
        long before = allocated();
        Wire.OversizedFrameException e = assertThrows(Wire.OversizedFrameException.class,
                () -> wire.receiveSmall(64, TimeUnit.SECONDS.toNanos(5)));
        long spent = allocated() - before;
        assertTrue(spent < 1024 * 1024, "allocated " + spent + " bytes for a refused claim");
        assertTrue(e.getMessage().contains("2147483632") && e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void aSmallFrameMustArriveWholeByItsDeadline() throws IOException {
        send(ByteBuffer.allocate(4 + 10).putInt(64).array()); // 10 of the 64 bytes announced
        long t0 = System.nanoTime();
        assertNull(wire.receiveSmall(64, TimeUnit.MILLISECONDS.toNanos(300)));
        long took = MpTesting.millisSince(t0);
        assertTrue(took >= 250 && took < 3_000, "gave up after " + took + " ms");
        send(new byte[54]);
        assertArrayEquals(new byte[64], wire.receiveSmall(64, TimeUnit.SECONDS.toNanos(5)), "the rest, once it came");
    }

    /**
     * A wire that adapts its spin stops spinning once its spins catch nothing (on a loaded machine
     * they only take a core from the thread that would reply); one that does not adapt keeps it.
     */
    @Test
    void anAdaptiveSpinThatCatchesNothingShrinksToNoneAndOnlyOnAWireThatAdapts() throws IOException {
        for (int i = 0; i < 8; i++) {
            assertNull(wire.receive(TimeUnit.MILLISECONDS.toNanos(200)));
        }
        assertEquals(Wire.SPIN_NANOS, wire.spinNanos(), "a wire that does not adapt keeps its spin");
        wire.adaptSpin();
        for (int i = 0; i < 8; i++) {
            assertNull(wire.receive(TimeUnit.MILLISECONDS.toNanos(200)));
        }
        assertEquals(0, wire.spinNanos(), "after 8 waits in which nothing came");
    }

    /**
     * Without a spin, every {@link Wire#PROBE_EVERY}th wait spins in full: once a reply comes within
     * it (a peer that answers at once), the wire spins again.
     */
    @Test
    void anAdaptiveSpinComesBackWhenRepliesComeWithinIt() throws Exception {
        Assumptions.assumeTrue(Wire.SPIN_NANOS > 0, "spinning is switched off (-Dmp.spinNanos=0)");
        wire.adaptSpin();
        for (int i = 0; i < 8; i++) {
            assertNull(wire.receive(TimeUnit.MILLISECONDS.toNanos(200)));
        }
        assertEquals(0, wire.spinNanos());
        raw.configureBlocking(false);
        AtomicBoolean stop = new AtomicBoolean();
        Thread echo = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocate(64);
            try {
                while (!stop.get()) {
                    int n = raw.read(b); // looks again at once: replies within microseconds when it has a core
                    if (n < 0) {
                        return;
                    }
                    if (b.position() >= 5) {
                        b.flip();
                        while (b.hasRemaining()) {
                            raw.write(b);
                        }
                        b.clear();
                    }
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                // the test ended
            }
        }, "wire-test-echo");
        echo.setDaemon(true);
        echo.start();
        try {
            MpTesting.await("a spin caught an echo", MpTesting.secs(30), () -> {
                try {
                    for (int k = 0; k < 2 * Wire.PROBE_EVERY && wire.spinNanos() == 0; k++) {
                        wire.send(new byte[] {42});
                        assertArrayEquals(new byte[] {42}, wire.receive(TimeUnit.SECONDS.toNanos(5)));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return wire.spinNanos() > 0;
            });
        } finally {
            stop.set(true);
            echo.join();
        }
    }
}
