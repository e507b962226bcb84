import dev.mppractice.mp.Pool;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

// Simulate an image processing pipeline where each "image" is a list of pixels.
// The operation is CPU-intensive (computing per-pixel transformations).
public class ImagePipeline {

    static int processPixel(int val) {
        // Simulate expensive per-pixel computation
        return (int) (Math.sqrt(val * 255) * Math.sin(val / 255.0 * Math.PI));
    }

    static List<Integer> processImage(List<Integer> pixels) {
        return pixels.stream().map(ImagePipeline::processPixel).toList();
    }

    static List<List<Integer>> processImagesSerial(List<List<Integer>> images) {
        return images.stream().map(ImagePipeline::processImage).toList();
    }

    static List<List<Integer>> processImagesParallel(List<List<Integer>> images) {
        try (var pool = new Pool()) {
            return pool.map(ImagePipeline::processImage, images);
        }
    }

    /** Prints a boolean the way the Python original did: True or False. */
    static String pythonic(boolean value) {
        return value ? "True" : "False";
    }

    public static void main(String[] args) {
        var random = new Random(7);
        var images = IntStream.range(0, 8)
                .mapToObj(i -> random.ints(1000, 0, 256).boxed().toList())
                .toList();

        long t0 = System.nanoTime();
        var serialResults = processImagesSerial(images);
        double serialMs = (System.nanoTime() - t0) / 1e6;

        t0 = System.nanoTime();
        var parallelResults = processImagesParallel(images);
        double parallelMs = (System.nanoTime() - t0) / 1e6;

        System.out.println("Results match: " + pythonic(serialResults.size() == parallelResults.size() && serialResults.get(0).size() == parallelResults.get(0).size()));
        System.out.printf(Locale.ROOT, "Serial: %.1fms, Parallel: %.1fms%n", serialMs, parallelMs);
    }
}
