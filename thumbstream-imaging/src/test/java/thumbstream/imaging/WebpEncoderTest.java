package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our WebP output, decoded by libwebp's own dwebp and by ImageMagick, compared by pixels. */
class WebpEncoderTest {

    @BeforeEach
    void needsLibwebp() {
        OutsideTools.assumeWebp();
    }

    @Test
    void givenAPhotoAtTheDefaultQuality_whenDwebpDecodesIt_thenThePixelsMatchTheSource() throws Exception {
        BufferedImage source = Scenes.photo(320, 240);

        byte[] webp = WebpEncoder.encode(source, 79, 4);

        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        BufferedImage decoded = OutsideTools.DWEBP.decode(webp, "webp");
        assertThat(decoded.getWidth()).isEqualTo(320);
        assertThat(decoded.getHeight()).isEqualTo(240);
        assertThat(TestImages.meanAbsoluteDifference(decoded, source)).isLessThan(4.0);
    }

    @Test
    void givenOurWebp_whenImageMagickDecodesIt_thenItAgreesWithDwebp() throws Exception {
        byte[] webp = WebpEncoder.encode(Scenes.photo(200, 150), 79, 4);

        BufferedImage byMagick = OutsideTools.MAGICK.decode(webp, "webp");
        BufferedImage byDwebp = OutsideTools.DWEBP.decode(webp, "webp");

        assertThat(TestImages.meanAbsoluteDifference(byMagick, byDwebp)).isLessThan(1.0);
    }

    @Test
    void givenATransparentRegion_whenEncoded_thenTheAlphaChannelSurvives() throws Exception {
        BufferedImage source = new BufferedImage(64, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = source.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 32, 32);
        g.dispose();

        BufferedImage decoded = OutsideTools.DWEBP.decode(WebpEncoder.encode(source, 79, 4), "webp");

        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        assertThat(decoded.getRGB(8, 16) >>> 24).isEqualTo(255);
        TestImages.assertRoughly(new Color(decoded.getRGB(8, 16)), Color.RED);
        assertThat(decoded.getRGB(56, 16) >>> 24).isEqualTo(0);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1,1", "3,5", "17,1", "1,300"})
    void givenTinyAndOddSizes_whenEncoded_thenDwebpDecodesThemAtThatSize(int width, int height) throws Exception {
        BufferedImage decoded =
                OutsideTools.DWEBP.decode(WebpEncoder.encode(Scenes.photo(width, height), 79, 4), "webp");

        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
    }

    @Test
    void givenLowerQuality_whenEncoded_thenTheFileIsSmaller() {
        BufferedImage source = Scenes.photo(320, 240);

        assertThat(WebpEncoder.encode(source, 30, 4).length).isLessThan(WebpEncoder.encode(source, 90, 4).length);
    }

    @Test
    void givenADifferentEffort_whenEncoded_thenLibwebpWorkedDifferently() {
        BufferedImage source = Scenes.photo(320, 240);

        byte[] fast = WebpEncoder.encode(source, 79, 0);
        byte[] thorough = WebpEncoder.encode(source, 79, 6);

        assertThat(Arrays.equals(fast, thorough)).isFalse();
    }

    @Test
    void givenTheSameImage_whenEncodedTwice_thenTheBytesAreIdentical() {
        BufferedImage source = Scenes.photo(100, 80);

        assertThat(WebpEncoder.encode(source, 79, 4)).isEqualTo(WebpEncoder.encode(source, 79, 4));
    }
}
