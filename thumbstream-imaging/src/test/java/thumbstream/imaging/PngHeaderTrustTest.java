package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PNG's size is read once, checked against the pixel limit and charged to the budget: a file
 * whose header could give a decoder another size (a second IHDR, an IHDR that is not first) is
 * corrupt, on the row decoder and on the ImageIO path alike.
 */
class PngHeaderTrustTest {

    private static final List<RenditionSpec> SMALL = RenditionSpec.parseList("small:32x32:fit:jpg");
    private static final int SIGNATURE = 8;
    private static final int IHDR_CHUNK = 8 + 13 + 4;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSecondIhdrWithAnotherSizeIsCorruptAndNothingIsAllocatedForIt(boolean pngRows) throws Exception {
        byte[] png = png(64, 64);
        byte[] twoHeaders = insertAfterFirstChunk(png, ihdr(20_000, 20_000));
        Budget budget = Budget.ofPixels(1_000_000);
        ThumbnailRenderer renderer = new ThumbnailRenderer(100_000_000, budget, JpegBackend.IMAGEIO, pngRows);

        assertThatThrownBy(() -> renderer.render(twoHeaders, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT))
                .hasMessageContaining("second IHDR");
        assertThat(renderer.render(png, SMALL)).hasSize(1); // the same file, once, renders
    }

    @Test
    void rowsFromAHeaderThatIsNotTheCheckedOneAreRefused() {
        byte[] png = png(64, 64);
        byte[] twoHeaders = insertAfterFirstChunk(png, ihdr(20_000, 20_000));

        assertThat(PngChunks.headerDefect(png)).isNull();
        assertThat(PngChunks.headerDefect(twoHeaders)).contains("second IHDR");
        assertThat(PngChunks.parse(twoHeaders))
                .as("the row decoder never takes a second size")
                .isNull();
    }

    @Test
    void aFileWhoseFirstChunkIsNotIhdrIsCorrupt() {
        byte[] png = png(64, 64);
        byte[] text = PngStreams.chunk("tEXt", "Comment\0hello".getBytes(StandardCharsets.ISO_8859_1));
        byte[] misplaced = new byte[png.length + text.length];
        System.arraycopy(png, 0, misplaced, 0, SIGNATURE);
        System.arraycopy(text, 0, misplaced, SIGNATURE, text.length);
        System.arraycopy(png, SIGNATURE, misplaced, SIGNATURE + text.length, png.length - SIGNATURE);

        assertThat(PngChunks.headerDefect(misplaced)).contains("not IHDR");
    }

    private static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] ihdr(int width, int height) {
        ByteBuffer data = ByteBuffer.allocate(13).putInt(width).putInt(height);
        data.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit RGB
        return PngStreams.chunk("IHDR", data.array());
    }

    private static byte[] insertAfterFirstChunk(byte[] png, byte[] chunk) {
        int at = SIGNATURE + IHDR_CHUNK;
        byte[] out = new byte[png.length + chunk.length];
        System.arraycopy(png, 0, out, 0, at);
        System.arraycopy(chunk, 0, out, at, chunk.length);
        System.arraycopy(png, at, out, at + chunk.length, png.length - at);
        return out;
    }
}
