package thumbstream.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes the default benchmark corpus, the same bytes on every run: {@code product/} (≈1 MP JPEG
 * product shots), {@code large/} (8–24 MP JPEG photos) and {@code png/} (2–8 MP PNG wallpapers).
 *
 * <p>Files go to disk, not just memory, so that {@code bench/compare.sh} runs Pillow and libvips
 * on exactly what Thumbstream rendered. A folder that already holds a complete corpus of the
 * same shape (a {@code .complete} marker naming it) is reused: painting 50 large photos takes a minute.
 */
public final class CorpusGenerator {

    /** One sub-corpus: {@code count} images between {@code minMegapixels} and {@code maxMegapixels}. */
    public record Kind(String name, int count, double minMegapixels, double maxMegapixels, String format, int noise) {}

    /** Full size: what `make bench` runs. */
    public static final List<Kind> FULL = List.of(
            new Kind("product", 1000, 0.9, 1.1, "jpg", 6),
            new Kind("large", 50, 8, 24, "jpg", 6),
            new Kind("png", 20, 2, 8, "png", 2));
    /** `--quick`: the same kinds, fewer images. */
    public static final List<Kind> QUICK = List.of(
            new Kind("product", 200, 0.9, 1.1, "jpg", 6),
            new Kind("large", 10, 8, 24, "jpg", 6),
            new Kind("png", 6, 2, 8, "png", 2));

    /** width:height of product shots and photos: square, landscape and portrait. */
    private static final double[] ASPECTS = {1.0, 4.0 / 3, 3.0 / 4, 3.0 / 2, 2.0 / 3, 16.0 / 9};

    private static final float JPEG_QUALITY = 0.9f;

    private CorpusGenerator() {}

    /** Makes sure {@code root/<kind>/} holds each kind's images; returns the folders in order. */
    public static List<Path> ensure(Path root, List<Kind> kinds, int threads) throws Exception {
        List<Path> folders = new ArrayList<>();
        for (Kind kind : kinds) {
            Path folder = root.resolve(kind.name());
            Path marker = folder.resolve(".complete");
            String shape = kind.toString();
            if (!Files.exists(marker) || !Files.readString(marker).equals(shape)) {
                generate(folder, kind, threads);
                Files.writeString(marker, shape);
            }
            folders.add(folder);
        }
        return folders;
    }

    private static void generate(Path folder, Kind kind, int threads) throws Exception {
        System.out.printf(Locale.ROOT, "generating %d %s images in %s ...%n", kind.count(), kind.name(), folder);
        if (Files.isDirectory(folder)) {
            try (var old = Files.list(folder)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(folder);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < kind.count(); i++) {
                int index = i;
                done.add(pool.submit(() -> write(folder, kind, index)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void write(Path folder, Kind kind, int index) throws IOException {
        // One seed per image, from its kind and number: the same file whatever the thread order.
        SplittableRandom random = new SplittableRandom(kind.name().hashCode() * 1_000_003L + index);
        double megapixels = kind.minMegapixels() + random.nextDouble() * (kind.maxMegapixels() - kind.minMegapixels());
        double aspect = ASPECTS[random.nextInt(ASPECTS.length)];
        int width = (int) Math.round(Math.sqrt(megapixels * 1e6 * aspect));
        int height = (int) Math.round(megapixels * 1e6 / width);
        BufferedImage image = PhotoPainter.paint(width, height, kind.noise(), random.nextLong());
        Path file = folder.resolve(
                String.format(Locale.ROOT, "%s-%04d-%dx%d.%s", kind.name(), index + 1, width, height, kind.format()));
        if (kind.format().equals("png")) {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } else {
            writeJpeg(image, file);
        }
        return null;
    }

    private static void writeJpeg(BufferedImage image, Path path) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (OutputStream file = Files.newOutputStream(path);
                ImageOutputStream out = new MemoryCacheImageOutputStream(file)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
