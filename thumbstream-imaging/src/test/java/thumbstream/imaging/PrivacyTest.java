package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A thumbnail carries nothing of its source but pixels: {@code gps.jpg} holds a GPS position, a
 * camera serial number, an XMP copy of the position and a comment, and none of it may come out.
 */
@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class PrivacyTest {

    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int COM = 0xFE;

    private final ThumbnailRenderer renderer;

    PrivacyTest(JpegBackend jpeg) {
        this.renderer = JpegBackends.renderer(jpeg);
    }

    @Test
    void theFixtureReallyCarriesExifAndAComment() {
        // Guards the tests below against passing vacuously on a fixture that lost its metadata.
        byte[] source = Fixtures.bytes("gps.jpg");

        assertThat(markersBeforeImageData(source)).contains(APP1, COM);
        assertThat(new String(source, StandardCharsets.ISO_8859_1)).contains("SN-4711", "secret-comment-4711");
    }

    @Test
    void jpegThumbnailsHaveNoExifXmpOrCommentSegments() throws ImagingException {
        for (RenderedImage thumb :
                renderer.render(Fixtures.bytes("gps.jpg"), RenditionSpec.parseList("s:60x60,m:120x120"))) {
            List<Integer> markers = markersBeforeImageData(thumb.bytes());

            assertThat(markers)
                    .as("APPn and COM segments of %s", thumb.spec().name())
                    .filteredOn(m -> (m >= 0xE0 && m <= 0xEF) || m == COM)
                    .containsOnly(APP0); // the JFIF header, which says nothing about the source
            assertThat(new String(thumb.bytes(), StandardCharsets.ISO_8859_1))
                    .doesNotContain("Exif", "SN-4711", "FixtureCam", "secret-comment", "52.516");
        }
    }

    @Test
    void pngThumbnailsHaveOnlyPixelChunks() throws ImagingException {
        RenderedImage thumb = renderer.render(Fixtures.bytes("gps.jpg"), RenditionSpec.parseList("p:60x60:fit:png"))
                .get(0);

        assertThat(pngChunkTypes(thumb.bytes())).isSubsetOf("IHDR", "PLTE", "tRNS", "IDAT", "IEND");
    }

    @Test
    void exiftoolFindsNoGpsInTheThumbnail(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(exiftoolRuns(), "exiftool is not on PATH; the marker scan above still ran");
        Path source = Files.write(dir.resolve("source.jpg"), Fixtures.bytes("gps.jpg"));
        Path thumb = Files.write(
                dir.resolve("thumb.jpg"),
                renderer.render(Files.readAllBytes(source), RenditionSpec.parseList("s:60x60"))
                        .get(0)
                        .bytes());

        assertThat(exiftool(source)).contains("GPSLatitude"); // proves exiftool would have seen it
        assertThat(exiftool(thumb)).doesNotContain("GPS", "SerialNumber", "Model", "Comment");
    }

    /** The marker codes of the segments between SOI and SOS, in file order. */
    private static List<Integer> markersBeforeImageData(byte[] jpeg) {
        assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
        List<Integer> markers = new ArrayList<>();
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xDA) {
                break;
            }
            markers.add(marker);
            pos += 2 + ((jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff));
        }
        assertThat(pos + 1 < jpeg.length && (jpeg[pos + 1] & 0xff) == 0xDA)
                .as("reached SOS")
                .isTrue();
        return markers;
    }

    private static List<String> pngChunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        for (int pos = 8; pos + 8 <= png.length; ) {
            int length = (png[pos] & 0xff) << 24
                    | (png[pos + 1] & 0xff) << 16
                    | (png[pos + 2] & 0xff) << 8
                    | (png[pos + 3] & 0xff);
            types.add(new String(png, pos + 4, 4, StandardCharsets.US_ASCII));
            pos += 12 + length;
        }
        return types;
    }

    private static boolean exiftoolRuns() {
        try {
            return new ProcessBuilder("exiftool", "-ver")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Every tag exiftool finds, one {@code Group:Tag: value} per line, including duplicates. */
    private static String exiftool(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("exiftool", "-a", "-G", "-s", "-n", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output.replace(file.toString(), "<file>");
    }
}
