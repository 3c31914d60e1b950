package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Builds test images in memory, so the tests need no fixture files. */
final class TestImages {

    private TestImages() {}

    /** An opaque RGB image with a gradient, so encoders have real detail to compress. */
    static BufferedImage photo(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static byte[] jpeg(int width, int height) {
        return encode(photo(width, height), "jpeg");
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /** A PNG whose left half is opaque red and whose right half is fully transparent. */
    static byte[] halfTransparentPng(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        return png(image);
    }

    /**
     * A PNG that is only a signature and an IHDR chunk (correct CRC) declaring the given size:
     * enough for a header reader, no pixel data at all.
     */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(4 + 13)
                .put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width)
                .putInt(height)
                .put((byte) 8) // bit depth
                .put((byte) 6) // colour type RGBA
                .put((byte) 0) // compression
                .put((byte) 0) // filter
                .put((byte) 0); // interlace
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13)
                .put(ihdr.array())
                .putInt((int) crc.getValue())
                .array();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new AssertionError("no ImageIO reader for the rendered bytes");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new AssertionError("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Asserts a colour up to JPEG's lossy error. */
    static void assertRoughly(Color actual, Color expected) {
        assertThat(actual.getRed()).as("red of %s", actual).isCloseTo(expected.getRed(), within(12));
        assertThat(actual.getGreen()).as("green of %s", actual).isCloseTo(expected.getGreen(), within(12));
        assertThat(actual.getBlue()).as("blue of %s", actual).isCloseTo(expected.getBlue(), within(12));
    }

    /** Mean absolute difference per colour channel (0..255) of two images of the same size. */
    static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((p >> shift & 0xff) - (q >> shift & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    /** A gradient with noise, circles and lines: every PNG filter type gets used on it. */
    static BufferedImage detailed(int width, int height, boolean alpha) {
        BufferedImage image =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(250, 180, 40, alpha ? 120 : 255), width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setStroke(new BasicStroke(Math.max(1, width / 200f)));
        Random random = new Random(42);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            int r = random.nextInt(Math.max(2, width / 6));
            g.drawOval(random.nextInt(width), random.nextInt(height), r, r);
            g.drawLine(random.nextInt(width), random.nextInt(height), random.nextInt(width), random.nextInt(height));
        }
        g.dispose();
        for (int i = 0; i < width * height / 50; i++) {
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            image.setRGB(x, y, image.getRGB(x, y) ^ 0x00101010);
        }
        if (alpha) {
            for (int y = 0; y < height / 4; y++) {
                for (int x = 0; x < width; x++) {
                    image.setRGB(x, y, image.getRGB(x, y) & 0x00ffffff); // a fully transparent band
                }
            }
        }
        return image;
    }
}
