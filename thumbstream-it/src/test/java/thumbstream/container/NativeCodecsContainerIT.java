package thumbstream.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import thumbstream.event.ThumbnailEvent;
import thumbstream.event.UploadEvent;
import thumbstream.testkit.ResultsReader;

/**
 * The native codec paths inside the image, whose base carries only the libraries the service
 * loads: the start-up log names libjpeg-turbo, libwebp, libheif and libdeflate as loaded, and a JPEG,
 * a PNG, a HEIC (libheif + libde265) and an AVIF (libheif + dav1d) each come out as JPEG, WebP
 * (libwebp's encoder) and AVIF (libheif's AV1 encoder, aom). A library missing from the image, or one
 * of its dependencies, shows here as a codec absent from the log or as a failed upload.
 */
class NativeCodecsContainerIT {

    private static final Path FIXTURES = Path.of(System.getProperty("basedir", ""))
            .toAbsolutePath()
            .getParent()
            .resolve("thumbstream-imaging/src/test/resources/fixtures");

    @BeforeAll
    static void engine() {
        DockerEngine.require();
    }

    @Test
    void loadsEveryNativeCodecAndRendersJpegPngHeicAndAvifToJpegWebpAndAvif() throws Exception {
        long started = System.nanoTime();
        ContainerScenario s = new ContainerScenario("codecs", 2);
        List<UploadEvent> uploads = List.of(
                s.upload("photo.jpg", encode("jpg"), "image/jpeg"),
                s.upload("graphic.png", encode("png"), "image/png"),
                s.upload("halves.heic", Files.readAllBytes(FIXTURES.resolve("halves.heic")), "image/heic"),
                s.upload("halves.avif", Files.readAllBytes(FIXTURES.resolve("halves.avif")), "image/avif"));
        Replica replica = Replica.start(
                "codecs", s.infra, s.env(Map.of("THUMBSTREAM_RENDITIONS", "small:48x48:fit:jpg+webp+avif")));
        try (ResultsReader reader = s.results("read_uncommitted")) {
            s.announce(uploads);
            List<ThumbnailEvent> results = reader.read(uploads.size(), Duration.ofMinutes(2));
            String logs = replica.logs();
            assertThat(results)
                    .as("results; replica log:%n%s", logs)
                    .hasSize(uploads.size())
                    .allSatisfy(r -> {
                        assertThat(r.status())
                                .as("%s: %s", r.key(), r.error())
                                .isEqualTo(ThumbnailEvent.Status.COMPLETED);
                        assertThat(r.renditions())
                                .extracting(ThumbnailEvent.RenditionResult::contentType)
                                .as("renditions of %s", r.key())
                                .containsExactlyInAnyOrder("image/jpeg", "image/webp", "image/avif");
                    });

            String codecs = logs.lines()
                    .filter(l -> l.contains("thumbstream started:"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no start-up line in:\n" + logs));
            assertThat(codecs.substring(codecs.indexOf("native codecs:")))
                    .as("native codecs the start-up line names")
                    .contains("libjpeg-turbo ", "libwebp ", "libheif ", "libdeflate");
            assertThat(logs)
                    .as("native decode paths taken")
                    .containsPattern("JPEG decode: libjpeg-turbo [^\\n]*\\(native\\)")
                    .containsPattern("PNG inflate: libdeflate[^\\n]*\\(native\\)");
        } finally {
            replica.close();
        }
        System.out.printf("NativeCodecsContainerIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static byte[] encode(String format) throws Exception {
        BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 60, 40));
        g.fillRect(0, 0, 96, 64);
        g.setColor(Color.WHITE);
        g.fillOval(24, 12, 48, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
