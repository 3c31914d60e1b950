package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules that charge native (off-heap) codec memory to the {@link Budget}: every render
 * holds a lease for what libjpeg-turbo, the JDK's libjpeg, libheif and libdeflate allocate for
 * the checked size, before they allocate it.
 */
class NativeChargesTest {

    private static final List<RenditionSpec> SMALL = List.of(RenditionSpecParser.parse("small:320x320:fit:jpg"));

    @ParameterizedTest
    @CsvSource({
        // sampling of Y (Cb, Cr at 1x1), size, coefficient bytes
        "2, 2, 1000, 1000, 3048192", // 4:2:0: luma 126x126 blocks (rounded to the 2x2 MCU), chroma 63x63 each
        "1, 1, 1000, 1000, 6000000", // 4:4:4: 125x125 blocks of each of three components
        "2, 1, 1000, 1000, 4032000", // 4:2:2: luma 126x125, chroma 63x125 each
    })
    void coefficientsAreTwoBytesPerCoefficientOfEveryBlockAtFullResolution(
            int h, int v, int width, int height, long bytes) {
        JpegFrame frame = new JpegFrame(true, width, height, new int[] {h, 1, 1}, new int[] {v, 1, 1}, 0);

        assertThat(frame.coefficientBytes()).isEqualTo(bytes);
    }

    @Test
    void greyscaleHasOneComponent() {
        JpegFrame frame = new JpegFrame(true, 1000, 1000, new int[] {1}, new int[] {1}, 0);

        assertThat(frame.coefficientBytes()).isEqualTo(125L * 125 * 128);
    }

    @Test
    void theFrameIsReadFromTheSegmentsBeforeTheFirstScan() throws Exception {
        byte[] progressive = jpeg(600, 400, true);
        byte[] baseline = jpeg(600, 400, false);

        JpegFrame p = JpegFrame.parse(progressive);
        JpegFrame b = JpegFrame.parse(baseline);

        assertThat(p.progressive()).isTrue();
        assertThat(p.buffersWholeImage(progressive)).isTrue();
        assertThat(b.progressive()).isFalse();
        assertThat(b.buffersWholeImage(baseline)).as("one interleaved scan").isFalse();
        assertThat(new int[] {p.width(), p.height()}).containsExactly(600, 400);
        assertThat(p.hSampling()).containsExactly(2, 1, 1); // the JDK writer's 4:2:0
        assertThat(p.scanStart()).isBetween(100, progressive.length);
        assertThat(JpegFrame.parse(Fixtures.bytes("rgba.png"))).isNull();
    }

    @Test
    void aSequentialJpegInSeveralScansBuffersTheWholeImageToo() {
        // SOI, SOF0 (3 components, 16x16), SOS for component 1 only, SOS for 2 and 3, EOI
        byte[] data = bytes(
                0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0, 16, 0, 16, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xDA, 0, 8,
                1, 1, 0, 0, 63, 0, 0x12, 0xFF, 0xDA, 0, 10, 2, 2, 0, 3, 0, 0, 63, 0, 0x34, 0xFF, 0xD9);

        JpegFrame frame = JpegFrame.parse(data);

        assertThat(frame.progressive()).isFalse();
        assertThat(frame.buffersWholeImage(data)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(JpegBackend.class)
    void aProgressiveJpegIsChargedItsFullSizeCoefficientsWhateverTheScale(JpegBackend backend) throws Exception {
        Assumptions.assumeTrue(backend.available(), "libturbojpeg.so.0 is not installed");
        byte[] jpeg = jpeg(2000, 1500, true);
        JpegFrame frame = JpegFrame.parse(jpeg);
        Budget budget = Budget.ofBytes(1L << 30);

        new ThumbnailRenderer(100_000_000, Budget.ofPixels(100_000_000), budget, backend, true).render(jpeg, SMALL);

        // 2000x1500 4:2:0: 250x188 luma blocks + 2 x 125x94 chroma blocks, 128 bytes each
        assertThat(frame.coefficientBytes()).isEqualTo(9_024_000);
        assertThat(budget.largestLeaseBytes()).isGreaterThanOrEqualTo(frame.coefficientBytes());
        long expected = backend == JpegBackend.LIBJPEG_TURBO
                ? NativeCharges.turboJpeg(jpeg, frame, 500, 375) // decoded at 1/4
                : NativeCharges.imageIoJpeg(jpeg, frame, 2000, 1500);
        assertThat(budget.largestLeaseBytes()).isBetween(expected, expected + 1023);
        assertThat(budget.availableBytes()).as("given back").isEqualTo(budget.capacityBytes());
    }

    @Test
    void aBaselineJpegIsChargedItsSourceCopyOutputAndRowsOnly() throws Exception {
        Assumptions.assumeTrue(JpegBackend.LIBJPEG_TURBO.available(), "libturbojpeg.so.0 is not installed");
        byte[] jpeg = jpeg(2000, 1500, false);
        JpegFrame frame = JpegFrame.parse(jpeg);
        Budget budget = Budget.ofBytes(1L << 30);

        new ThumbnailRenderer(100_000_000, Budget.ofPixels(100_000_000), budget, JpegBackend.LIBJPEG_TURBO, true)
                .render(jpeg, SMALL);

        long expected = jpeg.length + 500L * 375 * 4 + NativeCharges.JPEG_BUFFERED_ROWS * (2000 + 16L) * 3;
        assertThat(NativeCharges.turboJpeg(jpeg, frame, 500, 375)).isEqualTo(expected);
        assertThat(budget.largestLeaseBytes()).isBetween(expected, expected + 1023);
        assertThat(budget.largestLeaseBytes()).isLessThan(frame.coefficientBytes());
    }

    @Test
    void anUnreadableJpegFrameIsChargedAsProgressive444() {
        assertThat(NativeCharges.imageIoJpeg(new byte[0], null, 1000, 1000))
                .isEqualTo(6_000_000L + NativeCharges.JPEG_BUFFERED_ROWS * 1016L * 3);
    }

    @ParameterizedTest
    @CsvSource({
        "halves.heic, 64, 48, 6", // 8-bit RGB: the codec's planes and the interleaved image, 3 bytes each
        "rgba.avif, 80, 40, 8", // 8-bit RGBA
        "halves-10bit.avif, 64, 48, 12", // 10 bits a sample: 2 bytes each
    })
    void aHeifIsChargedItsSourceCopyAndPlanesNatively(String fixture, int width, int height, int nativePerPixel)
            throws Exception {
        Assumptions.assumeTrue(HeifLibrary.api().isPresent(), "libheif is not installed");
        byte[] heif = Fixtures.bytes(fixture);
        Budget budget = Budget.ofBytes(1L << 30);

        new ThumbnailRenderer(100_000_000, Budget.ofPixels(100_000_000), budget, JpegBackend.IMAGEIO, true)
                .render(heif, SMALL);

        long expected = heif.length + (long) width * height * nativePerPixel;
        assertThat(budget.largestLeaseBytes()).isBetween(expected, expected + 1023);
    }

    @Test
    void aPngInflatedWholeByLibdeflateIsChargedItsBlock() throws Exception {
        BufferedImage image = gradient(800, 600, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        byte[] png = out.toByteArray();
        PngChunks chunks = PngRows.taken(png);
        Assumptions.assumeTrue(PngRows.workingBytes(chunks) > 0, "libdeflate is not installed");
        Budget budget = Budget.ofBytes(1L << 30);

        new ThumbnailRenderer(100_000_000, Budget.ofPixels(100_000_000), budget, JpegBackend.IMAGEIO, true)
                .render(png, SMALL);

        long expected = PngRows.workingBytes(chunks);
        assertThat(expected).isGreaterThanOrEqualTo(600L * (1 + 800 * 3));
        assertThat(budget.largestLeaseBytes()).isBetween(expected, expected + 1023);
    }

    static byte[] jpeg(int width, int height, boolean progressive) throws Exception {
        BufferedImage image = gradient(width, height, BufferedImage.TYPE_INT_RGB);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static BufferedImage gradient(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
