package thumbstream.imaging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Decoders that are not ours — Debian's command-line tools — to check what our encoders write and
 * what our HEIF reader reads. A test that needs a tool that is not installed is skipped with an
 * assumption naming the Debian package.
 */
final class OutsideTools {

    /** {@code dwebp} from Debian's {@code webp} (libwebp's own decoder). */
    static final Tool DWEBP = new Tool("webp", "/usr/bin/dwebp");
    /** {@code avifdec} from Debian's {@code libavif-bin} (libavif with dav1d/aom: not libheif). */
    static final Tool AVIFDEC = new Tool("libavif-bin", "/usr/bin/avifdec");
    /** {@code heif-convert} from Debian's {@code libheif-examples}. */
    static final Tool HEIF_CONVERT = new Tool("libheif-examples", "/usr/bin/heif-convert");
    /** {@code heif-info} from Debian's {@code libheif-examples}. */
    static final Tool HEIF_INFO = new Tool("libheif-examples", "/usr/bin/heif-info");
    /** ImageMagick 6's {@code convert} (by its Debian path: a stand-in may come first on PATH). */
    static final Tool MAGICK = new Tool("imagemagick", "/usr/bin/convert");

    private OutsideTools() {}

    /** Skips the calling test unless libwebp can be loaded here. */
    static void assumeWebp() {
        assumeTrue(WebpLibrary.loaded().isPresent(), "needs libwebp: apt-get install libwebp7");
    }

    /** Skips the calling test unless libheif with an AV1 encoder can be loaded here. */
    static void assumeHeif() {
        assumeTrue(AvifEncoder.available(), "needs libheif with aom: apt-get install libheif1");
    }

    /** One command-line tool and the package that installs it. */
    record Tool(String debianPackage, String path) {

        /** Skips the calling test when the tool is missing. */
        Tool require() {
            assumeTrue(Files.isExecutable(Path.of(path)), path + " is not installed: apt-get install " + debianPackage);
            return this;
        }

        /** Writes {@code encoded} to a file named {@code *.suffix}, decodes it to PNG with this tool, reads that. */
        BufferedImage decode(byte[] encoded, String suffix) throws IOException, InterruptedException {
            require();
            Path dir = Files.createTempDirectory("thumbstream-tool-");
            try {
                Path in = dir.resolve("in." + suffix);
                Path out = dir.resolve("out.png");
                Files.write(in, encoded);
                List<String> command = new ArrayList<>(List.of(path));
                if (path.endsWith("dwebp")) {
                    command.addAll(List.of(in.toString(), "-o", out.toString()));
                } else {
                    command.addAll(List.of(in.toString(), out.toString()));
                }
                run(command);
                BufferedImage image = ImageIO.read(out.toFile());
                if (image == null) {
                    throw new AssertionError(path + " wrote no readable PNG");
                }
                return image;
            } finally {
                deleteTree(dir);
            }
        }

        /** Runs the tool on {@code encoded} (written to {@code *.suffix}) with {@code args}; returns its output. */
        String inspect(byte[] encoded, String suffix, String... args) throws IOException, InterruptedException {
            require();
            Path dir = Files.createTempDirectory("thumbstream-tool-");
            try {
                Path in = dir.resolve("in." + suffix);
                Files.write(in, encoded);
                List<String> command = new ArrayList<>(List.of(path));
                command.addAll(List.of(args));
                command.add(in.toString());
                return run(command);
            } finally {
                deleteTree(dir);
            }
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " failed (" + process.exitValue() + "): " + text);
        }
        return text;
    }

    private static void deleteTree(Path dir) throws IOException {
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                Files.deleteIfExists(f.toPath());
            }
        }
        Files.deleteIfExists(dir);
    }
}
