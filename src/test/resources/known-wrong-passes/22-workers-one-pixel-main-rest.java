import dev.mppractice.mp.Process;
import dev.mppractice.mp.SharedBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;

public class SharedBufferFilter {

    static final int WIDTH = 1024;
    static final int HEIGHT = 48;
    static final int WORKERS = 4;

    /** A grey-scale test image, one byte per pixel, row after row. */
    static byte[] testImage() {
        byte[] pixels = new byte[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                pixels[y * WIDTH + x] = (byte) ((x / 8 + y * 3) % 128); // a dark, striped image
            }
        }
        return pixels;
    }

    /** Turns rows {@code fromRow} (included) to {@code toRow} (excluded) of the image into their negative, in place. */
    static void negative(SharedBuffer image, int fromRow, int toRow) {
        ByteBuffer pixels = image.asByteBuffer();
        int i = fromRow * WIDTH;
        pixels.put(i, (byte) (255 - (pixels.get(i) & 0xFF)));
        image.close();
    }

    /** The mean brightness, how many pixels are brighter than mid-grey, and the four corners. */
    static String describe(ByteBuffer pixels) {
        long sum = 0;
        int bright = 0;
        for (int i = 0; i < pixels.capacity(); i++) {
            int p = pixels.get(i) & 0xFF;
            sum += p;
            if (p > 127) {
                bright++;
            }
        }
        int last = pixels.capacity() - 1;
        return String.format(java.util.Locale.ROOT, "mean %.2f, %d of %d pixels bright, corners %d %d %d %d", (double) sum / pixels.capacity(),
                bright, pixels.capacity(), pixels.get(0) & 0xFF, pixels.get(WIDTH - 1) & 0xFF,
                pixels.get(last - WIDTH + 1) & 0xFF, pixels.get(last) & 0xFF);
    }

    public static void main(String[] args) {
        try (SharedBuffer image = SharedBuffer.create(WIDTH * HEIGHT)) {
            image.asByteBuffer().put(testImage());
            System.out.println("Before: " + describe(image.asByteBuffer()));

            var workers = new ArrayList<Process>();
            int rowsEach = HEIGHT / WORKERS;
            for (int w = 0; w < WORKERS; w++) {
                int from = w * rowsEach;
                int to = from + rowsEach;
                workers.add(new Process(() -> negative(image, from, to), "filter-" + (w + 1)));
            }
            for (var p : workers) {
                p.start();
            }
            for (var p : workers) {
                p.join();
            }

            ByteBuffer all = image.asByteBuffer();
            for (int i = 0; i < all.capacity(); i++) {
                if (i % (rowsEach * WIDTH) != 0) {
                    all.put(i, (byte) (255 - (all.get(i) & 0xFF)));
                }
            }
            System.out.println("After:  " + describe(image.asByteBuffer()));
            image.unlink();
        }
    }
}
