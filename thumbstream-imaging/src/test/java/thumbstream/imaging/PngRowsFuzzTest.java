package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Coverage-guided fuzzing of the PNG row decoder, which parses chunks and hands untrusted zlib data
 * to libdeflate (when installed) and to {@code java.util.zip}. Contract: an image or null (the
 * ImageIO path then judges the file), never an exception or a crash, and the same pixels whichever
 * inflate runs. The size is capped as the renderer caps it before decoding. Seeds: small PNGs of
 * each kind the decoder takes, in
 * {@code src/test/resources/thumbstream/imaging/PngRowsFuzzTestInputs/}.
 */
class PngRowsFuzzTest {

    /** Declared sizes above this are refused first, as the renderer's pixel limit would. */
    private static final long MAX_PIXELS = 4_000_000;

    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void decodingAnyBytesGivesAnImageOrNullAndTheSamePixelsEitherWay(byte[] data) {
        PngChunks chunks = PngRows.taken(data);
        if (chunks == null || (long) chunks.width() * chunks.height() > MAX_PIXELS) {
            return;
        }
        int factor = 1 + (data.length % 4);
        BufferedImage whole = PngRows.decode(data, factor, true);
        BufferedImage zlib = PngRows.decode(data, factor, false);
        if (zlib == null) {
            assertThat(whole).isNull();
        } else {
            assertThat(whole).isNotNull();
            assertThat(pixels(whole)).isEqualTo(pixels(zlib));
        }
    }

    private static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }
}
