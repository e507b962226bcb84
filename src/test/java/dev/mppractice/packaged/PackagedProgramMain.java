package dev.mppractice.packaged;

import dev.mppractice.mp.Pool;
import java.util.List;

/** A program as Maven packages it (see PackagedProgramTest): its lambda must run in the pool's workers. */
public final class PackagedProgramMain {
    public static void main(String[] args) {
        try (Pool pool = new Pool(2)) {
            System.out.println(pool.map(x -> x * 2, List.of(1, 2, 3)));
        }
    }
}
