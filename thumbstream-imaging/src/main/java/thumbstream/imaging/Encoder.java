package thumbstream.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes a resized image as JPEG, PNG, WebP ({@link WebpEncoder}) or AVIF ({@link AvifEncoder}).
 *
 * <p>Images are written with no metadata at all, so nothing from the source (EXIF, GPS position,
 * camera serial, ICC profile) leaks into a thumbnail. Thread-safe: writers are reused per thread
 * ({@link ThreadCache}), never shared between threads.
 */
final class Encoder {

    /** JPEG quality when a spec sets none: visually clean for thumbnails at about half the q=95 size. */
    static final int DEFAULT_JPEG_QUALITY = 85;

    private static final ThreadCache<String, ImageWriter> IDLE = new ThreadCache<>();

    private Encoder() {}

    /** Encodes {@code image} in {@code spec.format()}, JPEGs with ImageIO; the image itself is never modified. */
    static byte[] encode(BufferedImage image, RenditionSpec spec) {
        return encode(image, spec, spec.format(), JpegBackend.IMAGEIO);
    }

    /** Encodes {@code image} in {@code spec.format()}, JPEGs with {@code jpeg}. */
    static byte[] encode(BufferedImage image, RenditionSpec spec, JpegBackend jpeg) {
        return encode(image, spec, spec.format(), jpeg);
    }

    /**
     * Encodes {@code image} as {@code format} with the spec's settings for it, JPEGs with
     * {@code jpeg}; the image itself is never modified. Both JPEG encoders write baseline 4:2:0
     * with the same quality scaling and only a JFIF header. WebP and AVIF keep transparency.
     *
     * @throws IllegalStateException when the format's native library is missing (start-up checks
     *                               this through {@link Codecs}, so it means a bug)
     */
    static byte[] encode(BufferedImage image, RenditionSpec spec, RenditionSpec.Format format, JpegBackend jpeg) {
        int quality = spec.quality(format);
        return switch (format) {
            case JPG ->
                jpeg == JpegBackend.LIBJPEG_TURBO
                        ? TurboJpeg.encode(flattenOntoWhite(image), quality)
                        : write(flattenOntoWhite(image), "jpeg", quality);
            // PNG is lossless; a quality in the spec is accepted for symmetry but has nothing to tune.
            case PNG -> write(image, "png", null);
            case WEBP -> {
                Codecs.missingEncoder(format).ifPresent(why -> {
                    throw new IllegalStateException(why);
                });
                yield WebpEncoder.encode(image, quality, spec.webpEffort());
            }
            case AVIF -> {
                Codecs.missingEncoder(format).ifPresent(why -> {
                    throw new IllegalStateException(why);
                });
                yield AvifEncoder.encode(image, quality, spec.avifSpeed());
            }
        };
    }

    /**
     * Returns an opaque RGB copy of {@code image} with transparent areas painted white. JPEG has
     * no alpha channel; without this, transparent pixels come out black (or the writer rejects the
     * image), while the web convention for "no background" is white.
     */
    static BufferedImage flattenOntoWhite(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static byte[] write(BufferedImage image, String formatName, Integer quality) {
        ImageWriter writer = IDLE.take(formatName, () -> writerFor(formatName));
        boolean writerHealthy = false;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
            }
            // Null stream and image metadata: the writer emits only what the pixels require.
            writer.write(null, new IIOImage(image, null, null), param);
            writerHealthy = true;
        } catch (IOException e) {
            // Writing to memory cannot fail for I/O reasons; a failure here is a bug, not bad input.
            throw new UncheckedIOException("cannot encode " + formatName, e);
        } finally {
            release(formatName, writer, writerHealthy);
        }
        return bytes.toByteArray();
    }

    /**
     * Keeps a writer for this thread's next image; one that failed mid-write is disposed instead,
     * as its state is no longer trusted. reset() drops the output stream, listeners and locale.
     */
    private static void release(String formatName, ImageWriter writer, boolean reusable) {
        if (reusable) {
            writer.reset();
            if (IDLE.giveBack(formatName, writer)) {
                return;
            }
        }
        writer.dispose();
    }

    private static ImageWriter writerFor(String formatName) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + formatName + " is installed");
        }
        return writers.next();
    }
}
