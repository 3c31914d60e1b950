package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our AVIF output (libheif + aom), decoded by libavif's avifdec (another AVIF implementation) and
 * by libheif's heif-convert, compared by pixels.
 */
class AvifEncoderTest {

    @BeforeEach
    void needsLibheif() {
        OutsideTools.assumeHeif();
    }

    @Test
    void givenAPhotoAtTheDefaultQuality_whenAvifdecDecodesIt_thenThePixelsMatchTheSource() throws Exception {
        BufferedImage source = Scenes.photo(320, 240);

        byte[] avif = AvifEncoder.encode(source, 63, 8);

        assertThat(new String(avif, 4, 8, StandardCharsets.US_ASCII)).isEqualTo("ftypavif");
        BufferedImage decoded = OutsideTools.AVIFDEC.decode(avif, "avif");
        assertThat(decoded.getWidth()).isEqualTo(320);
        assertThat(decoded.getHeight()).isEqualTo(240);
        assertThat(TestImages.meanAbsoluteDifference(decoded, source)).isLessThan(5.0);
    }

    @Test
    void givenOurAvif_whenHeifConvertAndImageMagickDecodeIt_thenTheyAgreeWithAvifdec() throws Exception {
        byte[] avif = AvifEncoder.encode(Scenes.photo(200, 150), 63, 8);

        BufferedImage byAvifdec = OutsideTools.AVIFDEC.decode(avif, "avif");

        // Not 0: libavif and libheif upsample the 4:2:0 chroma differently (about 1.6 here).
        assertThat(TestImages.meanAbsoluteDifference(OutsideTools.HEIF_CONVERT.decode(avif, "avif"), byAvifdec))
                .isLessThan(2.5);
        assertThat(TestImages.meanAbsoluteDifference(OutsideTools.MAGICK.decode(avif, "avif"), byAvifdec))
                .isLessThan(2.5);
    }

    @Test
    void givenATransparentRegion_whenEncoded_thenTheAlphaPlaneSurvives() throws Exception {
        BufferedImage source = new BufferedImage(64, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = source.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 32, 32);
        g.dispose();

        BufferedImage decoded = OutsideTools.AVIFDEC.decode(AvifEncoder.encode(source, 63, 8), "avif");

        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        assertThat(decoded.getRGB(8, 16) >>> 24).isGreaterThan(250);
        TestImages.assertRoughly(new Color(decoded.getRGB(8, 16)), Color.BLUE);
        assertThat(decoded.getRGB(56, 16) >>> 24).isLessThan(5);
    }

    @Test
    void givenOurAvif_whenInspected_thenItDeclaresSrgbAndCarriesNoMetadata() throws Exception {
        String info = OutsideTools.AVIFDEC.inspect(AvifEncoder.encode(Scenes.photo(64, 48), 63, 8), "avif", "--info");

        assertThat(info)
                .contains("Color Primaries: 1", "Transfer Char. : 13", "Matrix Coeffs. : 6", "Range          : Full");
        assertThat(info).contains("ICC Profile    : Absent", "Exif Metadata  : Absent", "XMP Metadata   : Absent");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1,1", "3,5", "17,1", "1,300"})
    void givenTinyAndOddSizes_whenEncoded_thenAvifdecDecodesThemAtThatSize(int width, int height) throws Exception {
        BufferedImage decoded =
                OutsideTools.AVIFDEC.decode(AvifEncoder.encode(Scenes.photo(width, height), 63, 8), "avif");

        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
    }

    @Test
    void givenLowerQuality_whenEncoded_thenTheFileIsSmaller() {
        BufferedImage source = Scenes.photo(320, 240);

        assertThat(AvifEncoder.encode(source, 30, 8).length).isLessThan(AvifEncoder.encode(source, 90, 8).length);
    }

    @Test
    void givenADifferentSpeed_whenEncoded_thenTheEncoderWorkedDifferently() {
        BufferedImage source = Scenes.photo(160, 120);

        assertThat(Arrays.equals(AvifEncoder.encode(source, 63, 9), AvifEncoder.encode(source, 63, 4)))
                .isFalse();
    }

    @Test
    void givenAnOrientation_whenEncoded_thenTheFileCarriesItAsTransformBoxes() throws Exception {
        byte[] avif = AvifEncoder.encode(Scenes.photo(64, 48), 63, 8, 6);

        String info = OutsideTools.HEIF_INFO.inspect(avif, "avif");

        // heif-info reports the size after the transformations: rotated by 90 degrees.
        assertThat(info).contains("image: 48x64");
    }
}
