package thumbstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What {@code bench/photo-corpus.sh} cuts out of real photographs (Debian's wallpaper packages): a
 * catalogue-like mix as in issue 22, {@link #CROPS} crops of about 1 MP at varied aspect ratios and
 * JPEG qualities (4:2:0, a quarter progressive) and {@link #LARGE} whole photos of 2–8 MP, {@link
 * #PNGS} of them PNG, interleaved by name so that every pass meets a large one now and then. The
 * choices are deterministic (one seed), so every machine builds the same corpus from the same
 * packages; ImageMagick ({@code convert}) does the pixels.
 *
 * <p>{@code java -cp thumbstream-dev.jar thumbstream.bench.PhotoCorpusPlan SOURCES.tsv} reads
 * {@code path width height} lines and prints one {@link Job} a line (see {@link Job#line()}).
 */
public final class PhotoCorpusPlan {

    static final int CROPS = 600;
    static final int LARGE = 24;
    static final int PNGS = 11;
    private static final long SEED = 22;

    /** Aspect ratios of catalogue crops, width:height: square, camera, portrait, wide. */
    static final double[][] ASPECTS = {{1, 1}, {4, 3}, {3, 4}, {3, 2}, {2, 3}, {16, 9}, {4, 5}, {1, 1}};
    /** JPEG qualities as cameras and catalogue exports write them; 85–90 most often. */
    static final int[] QUALITIES = {75, 80, 85, 85, 88, 90, 90, 92, 95};

    /** A source photograph: its path and pixel size. */
    public record Source(String path, int width, int height) {
        long pixels() {
            return (long) width * height;
        }
    }

    /**
     * One output file: the {@code cropW x cropH + x + y} region of {@code source}, resized to
     * {@code width x height} (equal to the crop when taken at the photo's own resolution), written
     * as {@code format} ({@code jpg}: {@code quality}, 4:2:0, progressive or baseline).
     */
    public record Job(
            String name,
            Source source,
            int cropW,
            int cropH,
            int x,
            int y,
            int width,
            int height,
            String format,
            int quality,
            boolean progressive) {

        /** {@code name source cropW cropH x y width height format quality progressive(0|1)}, tab-separated. */
        public String line() {
            return String.join(
                    "\t",
                    name,
                    source.path(),
                    Integer.toString(cropW),
                    Integer.toString(cropH),
                    Integer.toString(x),
                    Integer.toString(y),
                    Integer.toString(width),
                    Integer.toString(height),
                    format,
                    Integer.toString(quality),
                    progressive ? "1" : "0");
        }

        long pixels() {
            return (long) width * height;
        }
    }

    private PhotoCorpusPlan() {}

    /** The whole corpus from {@code sources} (each at least 1 MP; some at least 2 MP). */
    public static List<Job> plan(List<Source> sources) {
        if (sources.isEmpty() || sources.stream().noneMatch(s -> s.pixels() >= 2_000_000)) {
            throw new IllegalArgumentException("needs photos, some of at least 2 MP");
        }
        SplittableRandom random = new SplittableRandom(SEED);
        List<Source> big = sources.stream().filter(s -> s.pixels() >= 2_000_000).toList();
        List<Job> jobs = new ArrayList<>();
        int total = CROPS + LARGE;
        int every = total / LARGE; // 26: one large photo in every 26 by name
        int crops = 0;
        int large = 0;
        for (int i = 0; i < total; i++) {
            String prefix = String.format(Locale.ROOT, "%04d", i);
            if (i % every == every - 1 && large < LARGE) {
                boolean png = large % 2 == 1 && large < 2 * PNGS; // the odd ones up to 21: 11 of 24
                jobs.add(large(prefix, big.get(random.nextInt(big.size())), random, png));
                large++;
            } else {
                jobs.add(crop(prefix, sources.get(crops % sources.size()), random));
                crops++;
            }
        }
        return jobs;
    }

    /** About 1 MP, at the photo's own resolution or downscaled 1.5–3x from a larger region. */
    static Job crop(String prefix, Source source, SplittableRandom random) {
        double[] aspect = ASPECTS[random.nextInt(ASPECTS.length)];
        double megapixels = 0.9 + 0.2 * random.nextDouble();
        double ratio = aspect[0] / aspect[1];
        int w = (int) Math.round(Math.sqrt(megapixels * 1e6 * ratio));
        int h = (int) Math.round(w / ratio);
        boolean fits = w <= source.width() && h <= source.height();
        if (!fits && h <= source.width() && w <= source.height()) { // portrait crop of a landscape photo: turn it
            int t = w;
            w = h;
            h = t;
        } else if (!fits) { // too large either way: the largest that fits, as chosen
            double fit = Math.min((double) source.width() / w, (double) source.height() / h);
            w = (int) (w * fit);
            h = (int) (h * fit);
        }
        double[] scales = {1, 1, 1, 1.5, 2, 3};
        double scale = scales[random.nextInt(scales.length)];
        scale = Math.max(1, Math.min(scale, Math.min((double) source.width() / w, (double) source.height() / h)));
        int cropW = (int) (w * scale);
        int cropH = (int) (h * scale);
        int x = random.nextInt(source.width() - cropW + 1);
        int y = random.nextInt(source.height() - cropH + 1);
        int quality = QUALITIES[random.nextInt(QUALITIES.length)];
        boolean progressive = random.nextInt(4) == 0;
        return new Job(prefix + "-crop.jpg", source, cropW, cropH, x, y, w, h, "jpg", quality, progressive);
    }

    /** The whole photo, downscaled (never up) to 2–8 MP. */
    static Job large(String prefix, Source source, SplittableRandom random, boolean png) {
        double megapixels = Math.min(2 + 6 * random.nextDouble(), source.pixels() / 1e6);
        double f = Math.min(1, Math.sqrt(megapixels * 1e6 / source.pixels()));
        int w = (int) (source.width() * f);
        int h = (int) (source.height() * f);
        int quality = QUALITIES[random.nextInt(QUALITIES.length)];
        boolean progressive = !png && random.nextInt(4) == 0;
        return new Job(
                prefix + "-large." + (png ? "png" : "jpg"),
                source,
                source.width(),
                source.height(),
                0,
                0,
                w,
                h,
                png ? "png" : "jpg",
                quality,
                progressive);
    }

    /** Reads {@code path width height} lines (tabs or spaces). */
    static List<Source> read(Path tsv) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            sources.add(new Source(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2])));
        }
        return sources;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: PhotoCorpusPlan SOURCES.tsv   (lines: path width height)");
            System.exit(2);
        }
        for (Job job : plan(read(Path.of(args[0])))) {
            System.out.println(job.line());
        }
    }
}
