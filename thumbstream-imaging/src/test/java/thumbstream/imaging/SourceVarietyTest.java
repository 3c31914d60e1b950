package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.imaging.TestImages.assertRoughly;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The renderer copes with the pixel layouts real uploads arrive in, and with concurrent callers. */
@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class SourceVarietyTest {

    private final ThumbnailRenderer renderer;

    SourceVarietyTest(JpegBackend jpeg) {
        this.renderer = JpegBackends.renderer(jpeg);
    }

    private final List<RenditionSpec> specs = RenditionSpec.parseList("s:32x32:fit:jpg,p:24x24:crop:png");

    @ParameterizedTest(name = "BufferedImage type {0}")
    @ValueSource(
            ints = {
                BufferedImage.TYPE_BYTE_GRAY,
                BufferedImage.TYPE_USHORT_GRAY,
                BufferedImage.TYPE_BYTE_INDEXED,
                BufferedImage.TYPE_BYTE_BINARY,
                BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_4BYTE_ABGR
            })
    void rendersPngsOfEveryPixelLayout(int type) throws ImagingException {
        BufferedImage source = new BufferedImage(64, 48, type);
        Graphics2D g = source.createGraphics();
        g.drawImage(TestImages.photo(64, 48), 0, 0, null);
        g.dispose();

        assertRendersBothSpecs(TestImages.png(source));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bmp", "gif", "tiff"})
    void rendersOtherReadableFormats(String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(TestImages.photo(64, 48), format, out)).isTrue();

        assertRendersBothSpecs(out.toByteArray());
    }

    @Test
    void usesTheFirstFrameOfAnAnimatedGif() throws Exception {
        byte[] gif = animatedGif(solid(Color.RED), solid(Color.BLUE));

        RenderedImage thumb = renderer.render(gif, List.of(RenditionSpec.parse("s:20x20:fit:jpg")))
                .get(0);

        BufferedImage decoded = TestImages.decode(thumb.bytes());
        assertRoughly(new Color(decoded.getRGB(10, 10)), Color.RED);
    }

    @Test
    void doesNotCopySourceMetadataIntoThumbnails() throws ImagingException {
        byte[] secret = "camera-serial-4711".getBytes(StandardCharsets.US_ASCII);
        byte[] source = withJpegComment(TestImages.jpeg(200, 100), secret);

        for (RenderedImage thumb : renderer.render(source, specs)) {
            assertThat(new String(thumb.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("camera-serial");
        }
    }

    @Test
    void oneRendererServesManyThreadsAtOnce() throws Exception {
        byte[] source = TestImages.jpeg(1600, 1200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<RenderedImage>>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> renderer.render(source, specs)));
            }
            for (Future<List<RenderedImage>> result : results) {
                assertThat(result.get())
                        .extracting(r -> r.width() + "x" + r.height())
                        .containsExactly("32x24", "24x24");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertRendersBothSpecs(byte[] source) throws ImagingException {
        List<RenderedImage> rendered = renderer.render(source, specs);

        assertThat(ImageProbe.probe(rendered.get(0).bytes())).isEqualTo(new ImageHeader("jpeg", 32, 24));
        assertThat(ImageProbe.probe(rendered.get(1).bytes())).isEqualTo(new ImageHeader("png", 24, 24));
    }

    private static BufferedImage solid(Color color) {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 40, 40);
        g.dispose();
        return image;
    }

    private static byte[] animatedGif(BufferedImage... frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Inserts a JPEG COM segment holding {@code text} right after the SOI marker. */
    private static byte[] withJpegComment(byte[] jpeg, byte[] text) {
        int length = text.length + 2;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }
}
