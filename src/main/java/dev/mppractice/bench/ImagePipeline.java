package dev.mppractice.bench;

import dev.mppractice.mp.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Exercise 9's workload (the seed's image pipeline), as the benchmark runs it. */
final class ImagePipeline {
    private ImagePipeline() {
    }

    static int processPixel(int val) {
        return (int) (Math.sqrt(val * 255.0) * Math.sin(val / 255.0 * Math.PI));
    }

    static int[] processImage(int[] pixels) {
        int[] out = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = processPixel(pixels[i]);
        }
        return out;
    }

    static List<int[]> serial(List<int[]> images) {
        List<int[]> out = new ArrayList<>();
        for (int[] img : images) {
            out.add(processImage(img));
        }
        return out;
    }

    /** The seed's version: a new pool inside the timed region. */
    static List<int[]> parallel(List<int[]> images) {
        try (Pool pool = new Pool()) {
            return pool.map(ImagePipeline::processImage, images);
        }
    }

    static List<int[]> images(int pixels) {
        Random r = new Random(7);
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int[] img = new int[pixels];
            for (int j = 0; j < pixels; j++) {
                img[j] = r.nextInt(256);
            }
            images.add(img);
        }
        return images;
    }
}
