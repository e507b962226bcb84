package dev.mppractice.mp.internal;

import static dev.mppractice.mp.MpTesting.await;
import static dev.mppractice.mp.MpTesting.secs;
import static dev.mppractice.mp.internal.RawSockets.contains;
import static dev.mppractice.mp.internal.RawSockets.frame;
import static dev.mppractice.mp.internal.RawSockets.readToEnd;
import static dev.mppractice.mp.internal.RawSockets.writeQuietly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mppractice.mp.AuthenticationException;
import dev.mppractice.mp.IntValue;
import dev.mppractice.mp.Manager;
import dev.mppractice.mp.MpTesting;
import dev.mppractice.mp.Multiprocessing;
import dev.mppractice.mp.NoProcessLeftBehind;
import dev.mppractice.mp.Pipe;
import dev.mppractice.mp.Pool;
import dev.mppractice.mp.Process;
import dev.mppractice.mp.Queue;
import dev.mppractice.mp.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SEMANTICS.md 36: what the library listens on serves only the process tree that knows its key;
 * the key never crosses the wire, and is neither on a child's command line nor in its
 * environment.
 */
@ExtendWith(NoProcessLeftBehind.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecurityTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The private directory of this process tree, found the way an outsider would look for it. */
    private static Path privateDirOnDisk() throws IOException {
        Context.get().hub();
        long me = ProcessHandle.current().pid();
        Path base = LinuxPaths.sharedMemoryBase();
        try (Stream<Path> dirs = Files.list(base)) {
            // mp-<pid>-<random>; a stale one of an earlier process with this pid would have no live hub
            List<Path> mine = dirs.filter(p -> p.getFileName().toString().startsWith("mp-" + me + "-"))
                    .filter(p -> Files.exists(p.resolve("h" + me + ".sock"))).collect(Collectors.toList());
            assertEquals(1, mine.size(), "one private directory for this tree under " + base + ": " + mine);
            return mine.get(0);
        }
    }

    /** The socket of process {@code pid}'s hub: {@code /dev/shm/mp-<main pid>-*}{@code /h<pid>.sock}. */
    private static Path hubSocket(long pid) throws IOException {
        Path socket = privateDirOnDisk().resolve("h" + pid + ".sock");
        assertTrue(Files.exists(socket), "no hub socket at " + socket);
        return socket;
    }

    private static byte[] hmac(byte[] key, char role, byte[] nonce) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((byte) role);
        return mac.doFinal(nonce);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The key in every form it might be written down in: raw, hex, Base64. */
    private static List<byte[]> formsOf(byte[] key) {
        List<byte[]> forms = new ArrayList<>();
        forms.add(key);
        forms.add(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        forms.add(HexFormat.of().withUpperCase().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        forms.add(Base64.getEncoder().encode(key));
        forms.add(Base64.getUrlEncoder().withoutPadding().encode(key));
        // a part of it is as bad as all of it
        forms.add(java.util.Arrays.copyOf(key, 12));
        forms.add(HexFormat.of().formatHex(key, 0, 12).getBytes(StandardCharsets.US_ASCII));
        return forms;
    }

    private static void assertKeyNotIn(byte[] bytes, String where) {
        for (byte[] form : formsOf(TestAccess.key())) {
            assertFalse(contains(bytes, form), "the key (or a form of it) is in " + where);
        }
    }

    private static String queueId(Queue<?> q) {
        String s = q.toString(); // Queue[<id>]
        return s.substring(s.indexOf('[') + 1, s.indexOf(']')).split(",")[0];
    }

    // --- a connection that does not know the key ------------------------------------------

    @Test
    void aConnectionThatDoesNotKnowTheKeyIsRefusedAndServedNothing() throws Exception {
        Queue<String> q = new Queue<>();
        Process p = new Process(() -> q.put("the secret item"));
        p.start();
        p.join(secs(60));
        assertEquals(0, p.exitCode());
        await("the child's item reached the queue", secs(10), () -> q.qsize() == 1);
        Path socket = hubSocket(ProcessHandle.current().pid());
        byte[] secret = "the secret item".getBytes(StandardCharsets.UTF_8);

        // a client that runs the handshake with a key of its own, then asks for the item anyway
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer header = ByteBuffer.allocate(4);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // the challenge's length
            }
            int length = header.flip().getInt();
            assertEquals(32, length, "the server opens with a 32-byte challenge");
            ByteBuffer challenge = ByteBuffer.allocate(length);
            while (challenge.hasRemaining() && ch.read(challenge) >= 0) {
                // the challenge
            }
            byte[] answer = new byte[64];
            System.arraycopy(hmac(random(32), 'C', challenge.array()), 0, answer, 0, 32);
            System.arraycopy(random(32), 0, answer, 32, 32);
            writeQuietly(ch, frame(answer));
            writeQuietly(ch, frame(Msg.of(Proto.HELLO_RPC).bytes()));
            writeQuietly(ch, frame(Msg.of(Proto.Q_GET).str(queueId(q)).i64(0).bytes()));
            byte[] rest = readToEnd(ch, secs(10));
            assertTrue(rest.length <= 5, "after a wrong answer, at most a refusal comes back, not " + rest.length + " bytes");
            assertFalse(contains(rest, secret));
        }

        // a client that skips the handshake and asks at once
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            writeQuietly(ch, frame(Msg.of(Proto.HELLO_RPC).bytes()));
            writeQuietly(ch, frame(Msg.of(Proto.Q_GET).str(queueId(q)).i64(0).bytes()));
            byte[] got = readToEnd(ch, secs(10));
            assertTrue(got.length <= 4 + 32 + 5, "only the challenge and a refusal come back, not " + got.length + " bytes");
            assertFalse(contains(got, secret));
        }

        // the library's own client, with a wrong key, is refused too
        try (Wire w = Wire.connect(socket)) {
            assertThrows(AuthenticationException.class, () -> Handshake.client(w, random(32)));
        }

        assertEquals(1, q.qsize(), "nothing was taken from the queue");
        assertEquals("the secret item", q.get(secs(1)));
    }

    @Test
    void theManagerRefusesAConnectionThatDoesNotKnowTheKey() throws Exception {
        try (Manager manager = Manager.start()) {
            Map<String, String> dict = manager.dict();
            dict.put("k", "the manager's secret");
            Path socket = hubSocket(manager.pid());
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                writeQuietly(ch, frame(random(64)));
                writeQuietly(ch, frame(Msg.of(Proto.HELLO_RPC).bytes()));
                writeQuietly(ch, frame(Msg.of(Proto.M_NEW).str(ManagerServer.REGISTRY).str("dict").bytes()));
                byte[] got = readToEnd(ch, secs(10));
                assertTrue(got.length <= 4 + 32 + 5, "only the challenge and a refusal come back, not " + got.length + " bytes");
                assertFalse(contains(got, "secret".getBytes(StandardCharsets.UTF_8)));
            }
            try (Wire w = Wire.connect(socket)) {
                assertThrows(AuthenticationException.class, () -> Handshake.client(w, random(32)));
            }
            assertEquals(1, dict.size(), "the manager still serves the tree");
        }
    }

    @Test
    void aServerThatDoesNotKnowTheKeyIsNotBelieved() throws Exception {
        Path dir = Files.createTempDirectory("mp-fake-hub");
        Path socket = dir.resolve("fake.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread impostor = new Thread(() -> {
                try (SocketChannel ch = server.accept()) {
                    ch.write(ByteBuffer.wrap(frame(random(32))));
                    ByteBuffer answer = ByteBuffer.allocate(4 + 64);
                    while (answer.hasRemaining() && ch.read(answer) >= 0) {
                        // the client's answer and its own challenge
                    }
                    ch.write(ByteBuffer.wrap(frame(random(32)))); // a proof made up without the key
                    ch.read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    // the client hung up
                }
            }, "impostor");
            impostor.setDaemon(true);
            impostor.start();
            try (Wire w = Wire.connect(socket)) {
                assertThrows(AuthenticationException.class, () -> Handshake.client(w, TestAccess.key()));
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    // --- the private directory ---------------------------------------------------------------

    @Test
    void thePrivateDirectoryIsMode0700AndHoldsTheSockets() throws Exception {
        Queue<Integer> q = new Queue<>();
        Process p = new Process(() -> q.put(1));
        p.start();
        assertEquals(1, q.get(secs(60)));
        p.join(secs(60));
        Path dir = privateDirOnDisk();
        assertEquals(dir, TestAccess.privateDir());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(System.getProperty("user.name"), Files.getOwner(dir).getName());
        assertTrue(Files.exists(dir.resolve("h" + ProcessHandle.current().pid() + ".sock")));
    }

    // --- the key never crosses the wire ------------------------------------------------------

    /** A relay between clients and the real hub that keeps a copy of every byte each way. */
    private static final class Recorder implements AutoCloseable {
        final List<ByteArrayOutputStream> up = new ArrayList<>();
        final List<ByteArrayOutputStream> down = new ArrayList<>();
        private final ServerSocketChannel server;
        private final Path target;

        Recorder(Path listen, Path target) throws IOException {
            this.target = target;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(listen));
            Thread t = new Thread(this::accept, "recorder-accept");
            t.setDaemon(true);
            t.start();
        }

        private void accept() {
            while (true) {
                try {
                    SocketChannel client = server.accept();
                    SocketChannel hub = SocketChannel.open(StandardProtocolFamily.UNIX);
                    hub.connect(UnixDomainSocketAddress.of(target));
                    ByteArrayOutputStream u = new ByteArrayOutputStream();
                    ByteArrayOutputStream d = new ByteArrayOutputStream();
                    synchronized (this) {
                        up.add(u);
                        down.add(d);
                    }
                    // the relays outlive the recorder: connections made through it must keep working
                    pump(client, hub, u);
                    pump(hub, client, d);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void pump(SocketChannel from, SocketChannel to, ByteArrayOutputStream copy) {
            Thread t = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                try {
                    while (from.read(buf.clear()) >= 0) {
                        buf.flip();
                        synchronized (copy) {
                            copy.write(buf.array(), 0, buf.limit());
                        }
                        while (buf.hasRemaining()) {
                            to.write(buf);
                        }
                    }
                    to.shutdownOutput();
                } catch (IOException e) {
                    try {
                        to.close();
                        from.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }, "recorder-pump");
            t.setDaemon(true);
            t.start();
        }

        synchronized List<byte[]> captured(List<ByteArrayOutputStream> side) {
            List<byte[]> out = new ArrayList<>();
            for (ByteArrayOutputStream b : side) {
                synchronized (b) {
                    out.add(b.toByteArray());
                }
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void theKeyNeverCrossesTheWire() throws Exception {
        Context.get().hub();
        Path hub = hubSocket(ProcessHandle.current().pid());
        Path moved = hub.resolveSibling("real-" + HexFormat.of().formatHex(random(4)) + ".sock");
        List<byte[]> up;
        List<byte[]> down;
        // The hub's socket moves aside and a recorder takes its place, so that the processes of
        // the tree connect through the recorder: every byte they exchange with this hub is kept.
        Files.move(hub, moved);
        try (Recorder recorder = new Recorder(hub, moved)) {
            Queue<String> q = new Queue<>();
            Pipe pipe = Pipe.open();
            var theirs = pipe.right();
            Process p = new Process(() -> {
                q.put("recorded item");
                theirs.send(q.qsize());
            });
            p.start();
            assertEquals("recorded item", q.get(secs(60)));
            // qsize is a call through the recorder too; it races with the get above (0 or 1 left).
            int left = pipe.left().recv();
            assertTrue(left == 0 || left == 1, "qsize seen by the child: " + left);
            p.join(secs(60));
            assertEquals(0, p.exitCode());
            up = recorder.captured(recorder.up);
            down = recorder.captured(recorder.down);
        } finally {
            Files.deleteIfExists(hub);
            Files.move(moved, hub);
        }

        assertTrue(up.size() >= 2, "connections recorded: " + up.size());
        int handshakes = 0;
        for (int i = 0; i < up.size(); i++) {
            byte[] u = up.get(i);
            byte[] d = down.get(i);
            assertKeyNotIn(u, "what a client sent (connection " + i + ")");
            assertKeyNotIn(d, "what the hub sent (connection " + i + ")");
            if (d.length >= 36 && ByteBuffer.wrap(d).getInt() == 32 && u.length >= 68 && ByteBuffer.wrap(u).getInt() == 64) {
                handshakes++; // a challenge, then an answer of HMAC + nonce
            }
        }
        assertTrue(handshakes >= 2, "complete handshakes recorded: " + handshakes);
        byte[] item = "recorded item".getBytes(StandardCharsets.UTF_8);
        assertTrue(up.stream().anyMatch(u -> contains(u, item)), "the child's traffic went through the recorder");

        // the hub is back where it was and serves the tree
        Queue<Integer> after = new Queue<>();
        Process p = new Process(() -> after.put(7));
        p.start();
        assertEquals(7, after.get(secs(60)));
        p.join(secs(60));
    }

    @Test
    void theKeyIsNotOnAChildsCommandLineNorInItsEnvironment() throws Exception {
        IntValue running = Value.ofInt(0);
        IntValue stop = Value.ofInt(0);
        Process p = new Process(() -> {
            running.set(1);
            MpTesting.passGate(stop);
        });
        try (Pool pool = new Pool(1); Manager manager = Manager.start()) {
            p.start();
            long worker = pool.applyAsync(Multiprocessing::currentPid).get(secs(60));
            await("the child runs", secs(60), () -> running.get() == 1);
            Set<Long> pids = new TreeSet<>(List.of(p.pid(), worker, manager.pid()));
            pids.addAll(TestAccess.sparePids());
            ProcessHandle.current().descendants().forEach(h -> pids.add(h.pid()));
            for (long pid : pids) {
                for (String file : new String[] {"cmdline", "environ"}) {
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
                    } catch (IOException e) {
                        continue; // ended meanwhile
                    }
                    assertKeyNotIn(bytes, "/proc/" + pid + "/" + file);
                }
            }
            assertTrue(pids.size() >= 3);
        } finally {
            stop.set(1);
            p.join(secs(30));
        }
    }

    // --- the handshake's parts (HmacSha256Test checks the HMAC itself against the JDK's) ---------

    @Test
    void theHandshakeAnswersWithHmacSha256OfRoleAndNonce() throws Exception {
        byte[] key = random(32);
        byte[] nonce = random(32);
        assertArrayEquals(hmac(key, 'C', nonce), Handshake.mac(key, 'C', nonce));
        assertArrayEquals(hmac(key, 'S', nonce), Handshake.mac(key, 'S', nonce));
        assertFalse(java.util.Arrays.equals(Handshake.mac(key, 'C', nonce), Handshake.mac(key, 'S', nonce)),
                "a client's answer cannot be replayed as a server's proof");
    }

    @Test
    void keysAndNoncesAreFreshRandomBytes() {
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(HexFormat.of().formatHex(Handshake.nonce())), "a nonce repeated");
        }
        assertEquals(32, TestAccess.key().length, "a 256-bit key");
        assertFalse(java.util.Arrays.equals(new byte[32], TestAccess.key()));
    }
}
