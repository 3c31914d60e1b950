package thumbstream.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Paints deterministic photo-like pictures: a lit gradient backdrop, a shaded "product" in the
 * middle, smaller objects around it, and sensor-like noise.
 *
 * <p>Why not flat shapes: JPEG and PNG sizes (and so decode times) depend on detail. Flat
 * synthetic images compress ten times better than photos and would flatter every decoder; the
 * noise brings the files to the size photos of the same resolution have.
 */
final class PhotoPainter {

    private PhotoPainter() {}

    /**
     * An opaque picture of {@code width x height}; {@code noise} is the amplitude of the
     * per-pixel noise in levels (6 gives camera-like JPEG sizes, 2 wallpaper-like PNG sizes).
     */
    static BufferedImage paint(int width, int height, int noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(random, 140, 255), width, height, color(random, 60, 200)));
            g.fillRect(0, 0, width, height);
            int side = Math.min(width, height);
            for (int i = 0; i < 12; i++) {
                float size = (float) (side * (0.05 + random.nextDouble() * 0.25));
                float x = (float) (random.nextDouble() * width);
                float y = (float) (random.nextDouble() * height);
                g.setPaint(new RadialGradientPaint(
                        x, y, size, new float[] {0f, 1f}, new Color[] {color(random, 80, 255), color(random, 0, 160)}));
                g.fill(
                        i % 2 == 0
                                ? new Ellipse2D.Float(x - size / 2, y - size / 2, size, size)
                                : new RoundRectangle2D.Float(
                                        x - size / 2, y - size / 3, size, size / 1.5f, size / 5, size / 5));
            }
            float product = side * 0.55f;
            g.setPaint(new RadialGradientPaint(
                    width * 0.45f, height * 0.4f, product * 0.8f, new float[] {0f, 0.7f, 1f}, new Color[] {
                        color(random, 200, 255), color(random, 40, 200), color(random, 0, 80)
                    }));
            g.fill(new RoundRectangle2D.Float(
                    (width - product) / 2, (height - product) / 2, product, product, product / 4, product / 4));
        } finally {
            g.dispose();
        }
        addNoise(((DataBufferInt) image.getRaster().getDataBuffer()).getData(), noise, random);
        return image;
    }

    /** Adds the same noise to the three channels of each pixel (luminance noise, like a sensor's). */
    private static void addNoise(int[] pixels, int amplitude, SplittableRandom random) {
        if (amplitude <= 0) {
            return;
        }
        int span = 2 * amplitude + 1;
        for (int i = 0; i < pixels.length; i++) {
            int n = random.nextInt(span) - amplitude;
            int p = pixels[i];
            pixels[i] = clamp((p >> 16 & 0xff) + n) << 16 | clamp((p >> 8 & 0xff) + n) << 8 | clamp((p & 0xff) + n);
        }
    }

    private static Color color(SplittableRandom random, int low, int high) {
        return new Color(random.nextInt(low, high), random.nextInt(low, high), random.nextInt(low, high));
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
