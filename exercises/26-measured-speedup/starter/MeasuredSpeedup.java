import dev.mppractice.mp.Multiprocessing;
import dev.mppractice.mp.Pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

public class MeasuredSpeedup {
    static final int HASH_ROUNDS = 1_000_000;
    static final List<String> PASSWORDS = List.of("correct", "horse", "battery", "staple",
            "tr0ub4dor", "hunter2", "letmein", "swordfish");

    /** Stretches a password into a key: SHA-256 applied HASH_ROUNDS times (CPU work, about 0.1 s). */
    static String stretch(String password) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < HASH_ROUNDS; i++) {
            key = sha.digest(key);
        }
        return HexFormat.of().formatHex(key, 0, 6);
    }

    static List<String> serial(List<String> passwords) throws NoSuchAlgorithmException {
        List<String> keys = new ArrayList<>();
        for (String p : passwords) {
            keys.add(stretch(p));
        }
        return keys;
    }

    // TODO: compute the same keys in the pool's workers, one password per task, in input order.
    static List<String> parallel(Pool pool, List<String> passwords) throws NoSuchAlgorithmException {
        return serial(passwords);
    }

    public static void main(String[] args) {
        // TODO: create the pool once, here, and use it in every round: starting its JVMs is not
        //       part of the work to time. Keep the two Multiprocessing.timed calls as they are: the
        //       checker measures the speed-up from them.
        Pool pool = null;
        {
            List<String> keys = List.of();
            for (int round = 1; round <= 3; round++) {
                List<String> s = Multiprocessing.timed("serial", () -> serial(PASSWORDS));
                List<String> p = Multiprocessing.timed("parallel", () -> parallel(pool, PASSWORDS));
                System.out.println("round " + round + ": " + (s.equals(p) ? "the same keys" : "DIFFERENT keys"));
                keys = p;
            }
            for (int i = 0; i < PASSWORDS.size(); i++) {
                System.out.println(PASSWORDS.get(i) + " -> " + keys.get(i));
            }
        }
    }
}
