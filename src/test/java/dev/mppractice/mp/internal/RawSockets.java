package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/** What the security tests do to a hub as an outsider would: raw bytes on a raw Unix socket. */
final class RawSockets {
    private RawSockets() {
    }

    static SocketChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
    }

    /** A frame of the library's wire format: a 4-byte big-endian length, then the payload. */
    static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /** Writes what the socket takes; a server that already hung up is the point of these tests. */
    static void writeQuietly(SocketChannel ch, byte[] bytes) {
        try {
            ch.write(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            // the server may already have hung up
        }
    }

    /** Reads from {@code ch} until end of stream; fails if it has not come within {@code timeout}. */
    static byte[] readToEnd(SocketChannel ch, Duration timeout) throws IOException {
        ch.configureBlocking(false);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            ch.register(selector, SelectionKey.OP_READ);
            while (true) {
                int n;
                try {
                    n = ch.read(buf.clear());
                } catch (IOException e) {
                    return got.toByteArray(); // reset by the peer: the end too
                }
                if (n < 0) {
                    return got.toByteArray();
                }
                got.write(buf.array(), 0, n);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("the connection was not closed within " + timeout.toMillis() + " ms; received "
                            + got.size() + " bytes");
                }
                if (n == 0) {
                    selector.select(Math.max(1, left / 1_000_000));
                    selector.selectedKeys().clear();
                }
            }
        }
    }

    /** True once the server has closed {@code ch} (what it sent before is read and dropped); never waits. */
    static boolean closedByPeer(SocketChannel ch) {
        try {
            ch.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(4096);
            int n;
            while ((n = ch.read(buf.clear())) > 0) {
                // the challenge, or a refusal
            }
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
