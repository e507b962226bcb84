package dev.mppractice.mp.internal;

import dev.mppractice.mp.AuthenticationException;
import java.io.IOException;
import java.security.MessageDigest;

/**
 * Mutual challenge-response on every connection, as CPython's {@code authkey} handshake: each
 * side sends a random nonce and the other answers with HMAC-SHA256(key, role + nonce). The key
 * itself never crosses the wire; a peer that does not know it learns nothing and gets nothing.
 *
 * <p>Until it has answered, a peer is a stranger, and what it sends is read as such: only frames
 * the size of the handshake's own ({@value #MAX_FRAME} bytes at most: an HMAC and a nonce), each
 * of which must arrive whole within a deadline. The server's deadline (5,000
 * ms) is shorter than the client's, so that a client kept waiting by a server busy with strangers
 * (see {@link Hub}) still gets its turn; a real peer answers in about a millisecond.
 */
final class Handshake {
    private static final int NONCE = 32;
    /** The largest frame of the handshake: the client's answer, an HMAC and its own nonce. */
    static final int MAX_FRAME = 64;
    /** The server's deadline: 5 s, or shorter with {@code -Dmp.handshakeDeadlineMillis} (tests that wait for it to pass). */
    static final long SERVER_DEADLINE_MILLIS = Math.max(100, Math.min(5_000, Long.getLong("mp.handshakeDeadlineMillis", 5_000)));
    private static final long CLIENT_DEADLINE_MILLIS = 10_000;

    private Handshake() {
    }

    /** The side that accepted the connection. */
    static void server(Wire wire, byte[] key) throws IOException {
        byte[] challenge = nonce();
        wire.send(challenge);
        byte[] answer = receive(wire, MAX_FRAME, SERVER_DEADLINE_MILLIS);
        // answer = mac(client, challenge) + the client's own challenge
        if (answer.length != 64 || !MessageDigest.isEqual(slice(answer, 0), mac(key, 'C', challenge))) {
            wire.send(new byte[] {0});
            throw new AuthenticationException("a connection was refused: it did not prove it knows the key");
        }
        wire.send(mac(key, 'S', slice(answer, 32)));
    }

    /** The side that connected. */
    static void client(Wire wire, byte[] key) throws IOException {
        byte[] challenge = receive(wire, NONCE, CLIENT_DEADLINE_MILLIS);
        byte[] mine = nonce();
        byte[] answer = new byte[64];
        System.arraycopy(mac(key, 'C', challenge), 0, answer, 0, 32);
        System.arraycopy(mine, 0, answer, 32, 32);
        wire.send(answer);
        byte[] proof = receive(wire, NONCE, CLIENT_DEADLINE_MILLIS);
        if (!MessageDigest.isEqual(proof, mac(key, 'S', mine))) {
            throw new AuthenticationException("the process at the other end does not know this process tree's key");
        }
    }

    private static byte[] receive(Wire wire, int maxLength, long deadlineMillis) throws IOException {
        byte[] b;
        try {
            b = wire.receiveSmall(maxLength, deadlineMillis * 1_000_000L);
        } catch (Wire.OversizedFrameException e) {
            throw new AuthenticationException("a connection was refused: " + e.getMessage() + " in the handshake");
        }
        if (b == null) {
            throw new AuthenticationException("a connection was refused: no complete handshake frame within "
                    + deadlineMillis + " ms");
        }
        return b;
    }

    static byte[] nonce() {
        return HmacSha256.random(NONCE);
    }

    private static byte[] slice(byte[] b, int from) {
        byte[] s = new byte[32];
        System.arraycopy(b, from, s, 0, 32);
        return s;
    }

    static byte[] mac(byte[] key, char role, byte[] nonce) {
        byte[] message = new byte[nonce.length + 1];
        message[0] = (byte) role;
        System.arraycopy(nonce, 0, message, 1, nonce.length);
        return HmacSha256.mac(key, message);
    }
}
