package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A decoder may only produce the size that was checked against the pixel limit and charged to
 * the budget: where a file's container says one size and its coded stream another, the render is
 * corrupt, whichever decoder reads it.
 */
class DecodedSizeTrustTest {

    private static final List<RenditionSpec> SMALL = RenditionSpec.parseList("small:32x32:fit:jpg");

    private final ThumbnailRenderer renderer =
            new ThumbnailRenderer(100_000_000, Budget.ofPixels(10_000_000), JpegBackend.IMAGEIO);

    @Test
    void aWebpWhoseCanvasIsSmallerThanItsFrameIsCorrupt() throws Exception {
        OutsideTools.assumeWebp();
        // given a VP8X canvas of 64x48 in front of a 640x480 VP8 frame
        byte[] frame = WebpEncoder.encode(TestImages.photo(640, 480), 80, 4);
        byte[] lying = withCanvas(frame, 64, 48);
        assertThat(ImageProbe.probe(lying)).as("what was checked").isEqualTo(new ImageHeader("webp", 64, 48));

        // when rendered, then it is corrupt: the frame is not the size that was checked
        assertThatThrownBy(() -> renderer.render(lying, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT))
                .hasMessageContaining("640x480")
                .hasMessageContaining("64x48");
        // and the same frame with an honest canvas renders
        assertThat(renderer.render(withCanvas(frame, 640, 480), SMALL)).hasSize(1);
    }

    @Test
    void anAnimatedWebpWhoseFirstFrameIsLargerThanItsRectangleIsCorrupt() throws Exception {
        OutsideTools.assumeWebp();
        // given an animation whose first ANMF rectangle is 64x48 around a 640x480 VP8 frame
        byte[] frame = WebpEncoder.encode(TestImages.photo(640, 480), 80, 4);
        byte[] lying = animated(frame, 64, 48);
        assertThat(ImageProbe.probe(lying)).as("what was checked").isEqualTo(new ImageHeader("webp", 64, 48));

        assertThatThrownBy(() -> renderer.render(lying, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT))
                .hasMessageContaining("640x480");
        assertThat(renderer.render(animated(frame, 640, 480), SMALL)).hasSize(1);
    }

    @Test
    void theFrameSizeIsReadFromTheLossyAndTheLosslessHeader() {
        OutsideTools.assumeWebp();
        byte[] lossy = WebpEncoder.encode(TestImages.photo(300, 200), 80, 4);
        // a VP8L header: signature 0x2f, then width - 1 and height - 1 in 14 bits each
        int bits = (300 - 1) | (200 - 1) << 14;
        byte[] lossless = riff(
                chunk("VP8X", new byte[10]), // canvas 1x1
                chunk(
                        "VP8L",
                        new byte[] {0x2f, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)}));

        assertThat(WebpFrames.codedSize(lossy))
                .as("simple format: one header only")
                .isNull();
        assertThat(WebpFrames.codedSize(withCanvas(lossy, 30, 20))).isEqualTo(new Dimensions(300, 200));
        assertThat(WebpFrames.codedSize(lossless)).isEqualTo(new Dimensions(300, 200));
        assertThat(WebpFrames.codedSize(TestImages.jpeg(8, 8))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png"})
    void aBmpWhoseEmbeddedImageIsAnotherSizeIsCorrupt(String embedded) throws Exception {
        // given a 64x48 BMP header over an embedded 4000x3000 JPEG or PNG (BI_JPEG, BI_PNG): the
        // JDK reader decodes the embedded image with its own reader, sized by its own header
        byte[] lying = bmpAround(
                encode(new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB), embedded), 64, 48, embedded);
        assertThat(ImageProbe.probe(lying)).as("what was checked").isEqualTo(new ImageHeader("bmp", 64, 48));

        assertThatThrownBy(() -> renderer.render(lying, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT))
                .hasMessageContaining("4000x3000");
        byte[] honest = bmpAround(encode(TestImages.photo(64, 48), embedded), 64, 48, embedded);
        assertThat(renderer.render(honest, SMALL)).hasSize(1);
    }

    @Test
    void aHeifWhoseIspeIsSmallerThanItsCodedImageIsCorrupt() throws Exception {
        OutsideTools.assumeHeif();
        // given halves.heic (a 64x48 grid) with its primary image's ispe box saying 32x24
        byte[] lying = withIspe(Fixtures.bytes("halves.heic"), 64, 48, 32, 24);
        assertThat(ImageProbe.probe(lying)).as("what was checked").isEqualTo(new ImageHeader("heif", 32, 24));

        assertThatThrownBy(() -> renderer.render(lying, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT))
                .hasMessageContaining("64x48")
                .hasMessageContaining("32x24");
    }

    /** The VP8 chunk of a simple-format {@code webp} behind a VP8X chunk declaring {@code width x height}. */
    static byte[] withCanvas(byte[] webp, int width, int height) {
        assertThat(new String(webp, 12, 4, StandardCharsets.ISO_8859_1)).isEqualTo("VP8 ");
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putInt(0); // no flags
        putInt24(vp8x, width - 1);
        putInt24(vp8x, height - 1);
        return riff(chunk("VP8X", vp8x.array()), Arrays.copyOfRange(webp, 12, webp.length));
    }

    /** A one-frame animation of the VP8 chunk of {@code webp}, its ANMF rectangle (and canvas) {@code width x height}. */
    static byte[] animated(byte[] webp, int width, int height) {
        byte[] frameChunk = Arrays.copyOfRange(webp, 12, webp.length);
        ByteBuffer vp8x = ByteBuffer.allocate(10)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x02)
                .put(new byte[3]);
        putInt24(vp8x, width - 1);
        putInt24(vp8x, height - 1);
        ByteBuffer anmf = ByteBuffer.allocate(16 + frameChunk.length).order(ByteOrder.LITTLE_ENDIAN);
        putInt24(anmf, 0);
        putInt24(anmf, 0);
        putInt24(anmf, width - 1);
        putInt24(anmf, height - 1);
        putInt24(anmf, 100); // duration, ms
        anmf.put((byte) 0).put(frameChunk);
        return riff(chunk("VP8X", vp8x.array()), chunk("ANIM", new byte[6]), chunk("ANMF", anmf.array()));
    }

    private static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] chunk : chunks) {
            body.writeBytes(chunk);
        }
        ByteBuffer riff = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.ISO_8859_1))
                .putInt(body.size())
                .put(body.toByteArray());
        return riff.array();
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer chunk =
                ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        chunk.put(type.getBytes(StandardCharsets.ISO_8859_1))
                .putInt(data.length)
                .put(data);
        return chunk.array();
    }

    /** A BITMAPV5HEADER BMP of {@code width x height} whose pixels are {@code image}, compressed BI_JPEG or BI_PNG. */
    static byte[] bmpAround(byte[] image, int width, int height, String format) {
        int header = 124;
        ByteBuffer bmp = ByteBuffer.allocate(14 + header + image.length).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(14 + header);
        bmp.putInt(header).putInt(width).putInt(height).putShort((short) 1).putShort((short) 0);
        bmp.putInt(format.equals("jpeg") ? 4 : 5)
                .putInt(image.length)
                .putInt(2835)
                .putInt(2835);
        bmp.position(14 + header);
        bmp.put(image);
        return bmp.array();
    }

    private static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** {@code heif} with the ispe box that says {@code fromWidth x fromHeight} rewritten. */
    static byte[] withIspe(byte[] heif, int fromWidth, int fromHeight, int width, int height) {
        byte[] copy = heif.clone();
        byte[] ispe = "ispe".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 16 <= copy.length; i++) {
            ByteBuffer box = ByteBuffer.wrap(copy, i + 8, 8);
            if (Arrays.equals(copy, i, i + 4, ispe, 0, 4) && box.getInt() == fromWidth && box.getInt() == fromHeight) {
                ByteBuffer.wrap(copy, i + 8, 8).putInt(width).putInt(height);
                return copy;
            }
        }
        throw new AssertionError("no ispe box of " + fromWidth + "x" + fromHeight);
    }

    private static void putInt24(ByteBuffer buffer, int value) {
        buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }
}
