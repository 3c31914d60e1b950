package thumbstream.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import thumbstream.imaging.Codecs;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.RenditionSpec.Format;
import thumbstream.imaging.ThumbnailRenderer;

/**
 * Output formats compared on the same resized images: encode time per rendition, bytes against
 * JPEG at the defaults, and quality (PSNR, SSIM) against the resized image before encoding; next
 * to Debian's {@code cwebp} and {@code avifenc} at equivalent settings where they are installed.
 *
 * <p>Each source of the corpus (the first {@value #IMAGES}) is resized once per box through the
 * renderer (as PNG, lossless), then every encoder gets exactly those pixels. Our encoders run
 * in-process on one thread after a warm-up image and report that thread's CPU time (steady when
 * other processes share the cores) and wall time; the command-line peers are timed as whole
 * processes (start-up and PNG reading included), so their wall time is an upper bound on the encode.
 */
final class FormatBench {

    static final int IMAGES = 20;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** libheif maps quality q to aom's cq-level as (100 - q) * 63 / 100, rounded: q=63 is 23. */
    private static final int AVIFENC_CQ_LEVEL = 23;

    /** One encoder at one box size, averaged over the images. */
    record Row(
            String box,
            String format,
            String encoder,
            String settings,
            int images,
            Double cpuMs,
            double wallMs,
            double meanBytes,
            Double bytesVsJpeg,
            double psnrDb,
            double ssim) {}

    private final ThumbnailRenderer renderer;

    FormatBench(ThumbnailRenderer renderer) {
        this.renderer = renderer;
    }

    /** Measures every encoder available here on {@code corpus} at the boxes of {@code specs}. */
    List<Row> measure(Corpus corpus, List<RenditionSpec> specs, PrintStream out) throws Exception {
        List<Row> rows = new ArrayList<>();
        Path work = Files.createTempDirectory("thumbstream-formats-");
        try {
            for (RenditionSpec box : specs) {
                String boxName = box.width() + "x" + box.height();
                List<BufferedImage> resized = resized(corpus, box);
                List<Encoding> encodings = encodings();
                Map<String, Row> byEncoder = new LinkedHashMap<>();
                for (Encoding encoding : encodings) {
                    encoding.encode(resized.get(0), work); // warm-up: JIT, library loading
                    Row row = run(boxName, encoding, resized, work);
                    byEncoder.put(encoding.name(), row);
                    out.printf(
                            Locale.ROOT,
                            "  formats %s %s: %.1f ms wall, %.0f B, PSNR %.2f dB, SSIM %.4f%n",
                            boxName,
                            encoding.name(),
                            row.wallMs(),
                            row.meanBytes(),
                            row.psnrDb(),
                            row.ssim());
                }
                double jpegBytes = byEncoder.get("jpg").meanBytes();
                byEncoder.values().forEach(r -> rows.add(withRatio(r, jpegBytes)));
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
        return rows;
    }

    static void print(PrintStream out, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "%nOutput formats (same resized pixels; encode time one thread; quality vs the resized image)%n");
        out.printf(
                Locale.ROOT,
                "%-9s %-6s %-15s %-24s %7s %8s %8s %8s %8s %7s%n",
                "box",
                "format",
                "encoder",
                "settings",
                "CPU ms",
                "wall ms",
                "bytes",
                "vs JPEG",
                "PSNR dB",
                "SSIM");
        for (Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-9s %-6s %-15s %-24s %7s %8.1f %8.0f %8s %8.2f %7.4f%n",
                    r.box(),
                    r.format(),
                    r.encoder(),
                    r.settings(),
                    r.cpuMs() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.cpuMs()),
                    r.wallMs(),
                    r.meanBytes(),
                    r.bytesVsJpeg() == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * r.bytesVsJpeg()),
                    r.psnrDb(),
                    r.ssim());
        }
    }

    private List<BufferedImage> resized(Corpus corpus, RenditionSpec box) throws Exception {
        RenditionSpec png = RenditionSpec.parse("f:" + box.width() + "x" + box.height() + ":fit:png");
        List<BufferedImage> images = new ArrayList<>();
        for (Path file : corpus.files().subList(0, Math.min(IMAGES, corpus.size()))) {
            byte[] encoded = renderer.render(Files.readAllBytes(file), List.of(png))
                    .get(0)
                    .bytes();
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(encoded));
            BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(decoded, 0, 0, null);
            images.add(rgb);
        }
        return images;
    }

    private static Row run(String box, Encoding encoding, List<BufferedImage> images, Path work) throws Exception {
        double nanos = 0, cpuNanos = 0, bytes = 0, psnr = 0, ssim = 0;
        for (BufferedImage image : images) {
            long started = System.nanoTime();
            long cpuStarted = THREADS.getCurrentThreadCpuTime();
            byte[] encoded = encoding.encode(image, work);
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStarted;
            nanos += System.nanoTime() - started;
            bytes += encoded.length;
            BufferedImage decoded = Codecs.decode(encoded);
            psnr += ImageQuality.psnr(image, decoded);
            ssim += ImageQuality.ssim(image, decoded);
        }
        int n = images.size();
        return new Row(
                box,
                encoding.format(),
                encoding.name(),
                encoding.settings(),
                n,
                encoding.inProcess() ? cpuNanos / n / 1e6 : null,
                nanos / n / 1e6,
                bytes / n,
                null,
                psnr / n,
                ssim / n);
    }

    private static Row withRatio(Row r, double jpegBytes) {
        return new Row(
                r.box(),
                r.format(),
                r.encoder(),
                r.settings(),
                r.images(),
                r.cpuMs(),
                r.wallMs(),
                r.meanBytes(),
                r.meanBytes() / jpegBytes,
                r.psnrDb(),
                r.ssim());
    }

    /** The encoders to compare: ours for every format this machine can encode, then the installed peers. */
    private static List<Encoding> encodings() {
        List<Encoding> all = new ArrayList<>();
        all.add(ours("jpg", "jpg", Format.JPG, "q=85 (default)", "t:1x1:fit:jpg"));
        if (Codecs.canEncode(Format.WEBP)) {
            all.add(ours("webp", "webp", Format.WEBP, "q=79 effort=4 (default)", "t:1x1:fit:webp"));
        }
        if (Codecs.canEncode(Format.AVIF)) {
            all.add(ours("avif", "avif", Format.AVIF, "q=63 speed=8 (default)", "t:1x1:fit:avif"));
            all.add(ours("avif speed=6", "avif", Format.AVIF, "q=63 speed=6", "t:1x1:fit:avif:speed=6"));
        }
        if (Files.isExecutable(Path.of("/usr/bin/cwebp"))) {
            all.add(tool("cwebp (CLI)", "webp", "-q 79 -m 4", "/usr/bin/cwebp", "-quiet", "-q", "79", "-m", "4"));
        }
        if (Files.isExecutable(Path.of("/usr/bin/avifenc"))) {
            all.add(tool(
                    "avifenc (CLI)",
                    "avif",
                    "cq-level " + AVIFENC_CQ_LEVEL + " speed 8",
                    "/usr/bin/avifenc",
                    "-j",
                    "1",
                    "-s",
                    "8",
                    "--min",
                    "0",
                    "--max",
                    "63",
                    "-a",
                    "end-usage=q",
                    "-a",
                    "cq-level=" + AVIFENC_CQ_LEVEL));
        }
        return all;
    }

    private static Encoding ours(String name, String format, Format f, String settings, String spec) {
        RenditionSpec parsed = RenditionSpec.parse(spec);
        return new Encoding(name, format, settings, true, (image, work) -> Codecs.encode(image, parsed, f));
    }

    /** A peer: the resized image as PNG in, the encoded file out, timed as a whole process. */
    private static Encoding tool(String name, String format, String settings, String... command) {
        return new Encoding(name, format, settings, false, (image, work) -> {
            Path in = work.resolve("in.png");
            Path outFile = work.resolve("out." + format);
            ImageIO.write(image, "png", in.toFile());
            List<String> args = new ArrayList<>(List.of(command));
            if (command[0].endsWith("cwebp")) {
                args.addAll(List.of(in.toString(), "-o", outFile.toString()));
            } else {
                args.addAll(List.of(in.toString(), outFile.toString()));
            }
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(name + " failed");
            }
            return Files.readAllBytes(outFile);
        });
    }

    /** One encoder under test. */
    private record Encoding(String name, String format, String settings, boolean inProcess, Encode encode) {
        byte[] encode(BufferedImage image, Path work) throws Exception {
            return encode.apply(image, work);
        }
    }

    @FunctionalInterface
    private interface Encode {
        byte[] apply(BufferedImage image, Path work) throws Exception;
    }
}
