package dev.mppractice.mp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The handshake's own HMAC-SHA256 agrees with the JDK's, on every length around the block size. */
class HmacSha256Test {

    @Test
    void sha256MatchesTheStandardTestVector() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(HmacSha256.sha256("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void sha256MatchesTheJdkForEveryLengthUpToThreeBlocks() throws Exception {
        Random random = new Random(42);
        for (int length = 0; length <= 200; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), HmacSha256.sha256(data),
                    "length " + length);
        }
    }

    @Test
    void hmacMatchesTheJdkForShortAndLongKeys() throws Exception {
        Random random = new Random(7);
        for (int keyLength : new int[] {1, 16, 32, 63, 64, 65, 100}) {
            for (int length : new int[] {0, 1, 33, 55, 56, 64, 119, 120, 200}) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[length];
                random.nextBytes(key);
                random.nextBytes(message);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                assertArrayEquals(mac.doFinal(message), HmacSha256.mac(key, message),
                        "key " + keyLength + ", message " + length);
            }
        }
    }

    @Test
    void randomBytesDiffer() {
        byte[] a = HmacSha256.random(32);
        byte[] b = HmacSha256.random(32);
        assertEquals(32, a.length);
        assertEquals(false, java.util.Arrays.equals(a, b));
    }
}
