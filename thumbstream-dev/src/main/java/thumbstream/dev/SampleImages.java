package thumbstream.dev;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Deterministic, photo-like sample images (gradients, shapes, soft edges) in JPEG and PNG, of
 * varied sizes and aspect ratios: square, landscape, portrait, panorama and a tall strip. The same
 * seed always gives the same bytes, so demo and test runs are repeatable.
 */
public final class SampleImages {

    /** One generated image. */
    public record Sample(String name, String contentType, byte[] bytes, int width, int height) {}

    /** width:height ratios that real catalogues contain. */
    private static final double[][] ASPECTS = {{1, 1}, {4, 3}, {3, 4}, {16, 9}, {9, 16}, {3, 1}, {1, 3}, {3, 2}};

    private SampleImages() {}

    /** {@code count} images; every third one is a PNG (with transparency), the rest JPEGs. */
    public static List<Sample> generate(int count, long seed) {
        Random random = new Random(seed);
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] aspect = ASPECTS[i % ASPECTS.length];
            int longSide = 400 + random.nextInt(2400);
            int w = (int) Math.max(1, aspect[0] >= aspect[1] ? longSide : longSide * aspect[0] / aspect[1]);
            int h = (int) Math.max(1, aspect[0] >= aspect[1] ? longSide * aspect[1] / aspect[0] : longSide);
            boolean png = i % 3 == 2;
            BufferedImage image = draw(w, h, png, random);
            String name = String.format(Locale.ROOT, "sample-%03d-%dx%d.%s", i + 1, w, h, png ? "png" : "jpg");
            out.add(new Sample(name, png ? "image/png" : "image/jpeg", encode(image, png ? "png" : "jpg"), w, h));
        }
        return out;
    }

    private static BufferedImage draw(int w, int h, boolean alpha, Random random) {
        BufferedImage image = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (!alpha) {
                g.setPaint(new GradientPaint(0, 0, randomColor(random, 255), w, h, randomColor(random, 255)));
                g.fillRect(0, 0, w, h);
            }
            int shapes = 6 + random.nextInt(10);
            for (int s = 0; s < shapes; s++) {
                g.setColor(randomColor(random, 120 + random.nextInt(136)));
                int size = Math.max(4, (int) (Math.min(w, h) * (0.1 + random.nextDouble() * 0.5)));
                int x = random.nextInt(Math.max(1, w - size / 2));
                int y = random.nextInt(Math.max(1, h - size / 2));
                if (s % 2 == 0) {
                    g.fillOval(x, y, size, size);
                } else {
                    g.setStroke(new BasicStroke(Math.max(2, size / 12f)));
                    g.drawRect(x, y, size, size / 2);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Color randomColor(Random random, int alpha) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), alpha);
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
