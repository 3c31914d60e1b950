package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HEIC and AVIF sources (fixtures written by heif-enc with x265 and by avifenc, see
 * scripts/make-fixtures.sh), read by our libheif binding and checked against heif-convert's output
 * of the same file, and rendered end to end.
 */
class HeifDecoderTest {

    private final ThumbnailRenderer renderer = new ThumbnailRenderer(100_000_000L, Budget.ofPixels(100_000_000L));

    @BeforeEach
    void needsLibheif() {
        OutsideTools.assumeHeif();
    }

    @ParameterizedTest
    @ValueSource(strings = {"halves.heic", "halves.avif", "halves-10bit.avif"})
    void givenAFixture_whenDecoded_thenThePixelsAreHeifConvertsOwn(String fixture) throws Exception {
        byte[] bytes = Fixtures.bytes(fixture);

        BufferedImage ours;
        try (HeifDecoder.Source source = HeifDecoder.open(bytes)) {
            ours = source.decode();
        }

        BufferedImage reference = OutsideTools.HEIF_CONVERT.decode(bytes, fixture.substring(fixture.indexOf('.') + 1));
        assertThat(TestImages.meanAbsoluteDifference(ours, reference)).isLessThan(0.5);
        TestImages.assertRoughly(Fixtures.colourAt(ours, 8, 24), Color.RED);
        TestImages.assertRoughly(Fixtures.colourAt(ours, 56, 24), Color.BLUE);
    }

    @Test
    void givenHeicAndAvif_whenProbed_thenTheHeaderGivesFormatAndSizeWithoutDecoding() throws Exception {
        assertThat(ImageProbe.probe(Fixtures.bytes("halves.heic"))).isEqualTo(new ImageHeader("heif", 64, 48));
        assertThat(ImageProbe.probe(Fixtures.bytes("halves.avif"))).isEqualTo(new ImageHeader("avif", 64, 48));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orientation-irot.avif", "orientation-imir.avif"})
    void givenARotatedOrMirroredAvif_whenRendered_thenTheThumbnailIsUpright(String fixture) throws Exception {
        // irot: stored 64x96 with irot 3 (270 degrees anti-clockwise); imir: stored mirrored with
        // imir left-right. Both show 96x64, red block top-left, green block top-right, like the
        // orientation-N.jpg fixtures: libheif applies the transforms when decoding.
        byte[] rotated = Fixtures.bytes(fixture);

        BufferedImage thumb = TestImages.decode(renderer.render(rotated, RenditionSpec.parseList("t:96x96:fit:png"))
                .get(0)
                .bytes());

        assertThat(thumb.getWidth()).isEqualTo(96);
        assertThat(thumb.getHeight()).isEqualTo(64);
        TestImages.assertRoughly(Fixtures.colourAt(thumb, 8, 8), Color.RED);
        TestImages.assertRoughly(Fixtures.colourAt(thumb, 88, 8), new Color(0, 255, 0));
        BufferedImage reference = OutsideTools.HEIF_CONVERT.decode(rotated, "avif");
        assertThat(TestImages.meanAbsoluteDifference(thumb, reference)).isLessThan(1.0);
    }

    @Test
    void givenAnIccProfile_whenDecoded_thenThePixelsAreConvertedToSrgb() throws Exception {
        // display-p3.heic: heif-enc of display-p3.jpg, which keeps its Display P3 profile. Its left
        // half is P3 (230,230,80): in sRGB about (230,230,25).
        BufferedImage thumb = Fixtures.render(renderer, "display-p3.heic", "t:64x64:fit:png");

        Color left = Fixtures.colourAt(thumb, 10, 24);
        assertThat(left.getBlue()).isLessThan(50);
        assertThat(left.getRed()).isGreaterThan(215);
        TestImages.assertRoughly(Fixtures.colourAt(thumb, 54, 24), new Color(128, 128, 128));
    }

    @Test
    void givenATransparentAvif_whenRendered_thenPngKeepsTheAlphaAndJpegIsFlattenedOntoWhite() throws Exception {
        BufferedImage png = Fixtures.render(renderer, "rgba.avif", "t:80x80:fit:png");
        BufferedImage jpg = Fixtures.render(renderer, "rgba.avif", "t:80x80:fit:jpg");

        assertThat(png.getRGB(4, 20) >>> 24).isGreaterThan(250);
        TestImages.assertRoughly(Fixtures.colourAt(png, 4, 20), Color.BLUE);
        assertThat(png.getRGB(70, 20) >>> 24).isLessThan(5);
        TestImages.assertRoughly(Fixtures.colourAt(jpg, 4, 20), Color.BLUE);
        TestImages.assertRoughly(Fixtures.colourAt(jpg, 70, 20), Color.WHITE);
    }

    @Test
    void givenASourceAboveThePixelLimit_whenRendered_thenItFailsTooLargeFromTheHeader() {
        ThumbnailRenderer strict = new ThumbnailRenderer(64 * 48 - 1, Budget.ofPixels(100_000_000L));

        assertThatThrownBy(() -> strict.render(Fixtures.bytes("halves.heic"), RenditionSpec.parseList("s:32x32")))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.TOO_LARGE));
    }

    @Test
    void givenAnAvifWhoseHeaderDeclaresABombSize_whenRendered_thenItFailsTooLargeBeforeDecoding() {
        // halves.avif with its ispe box rewritten to 60000x60000 (3.6 GP, 14 GB decoded).
        byte[] bomb = Fixtures.bytes("halves.avif");
        int ispe = indexOf(bomb, "ispe".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.ByteBuffer.wrap(bomb, ispe + 8, 8).putInt(60_000).putInt(60_000);

        assertThatThrownBy(() -> renderer.render(bomb, RenditionSpec.parseList("s:32x32")))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.TOO_LARGE))
                .hasMessageContaining("60000x60000");
    }

    private static int indexOf(byte[] data, byte[] needle) {
        for (int i = 0; i + needle.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void givenABrokenHeic_whenRendered_thenItFailsCorrupt() {
        byte[] heic = Fixtures.bytes("halves.heic");
        byte[] truncated = java.util.Arrays.copyOf(heic, heic.length / 2);

        assertThatThrownBy(() -> renderer.render(truncated, RenditionSpec.parseList("s:32x32")))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.CORRUPT));
    }

    @Test
    void givenOtherFormats_whenSniffed_thenOnlyHeifAndAvifAreClaimed() {
        assertThat(HeifDecoder.isHeif(Fixtures.bytes("halves.heic"))).isTrue();
        assertThat(HeifDecoder.isHeif(Fixtures.bytes("halves.avif"))).isTrue();
        assertThat(HeifDecoder.isHeif(Fixtures.bytes("progressive.jpg"))).isFalse();
        assertThat(HeifDecoder.isHeif(Fixtures.bytes("lossy.webp"))).isFalse();
        assertThat(HeifDecoder.isHeif(new byte[3])).isFalse();
    }

    @Test
    void givenAHeic_whenRenderedInEveryFormat_thenEachComesFromTheSameResize() throws Exception {
        OutsideTools.assumeWebp();
        List<RenderedImage> rendered =
                renderer.render(Fixtures.bytes("halves.heic"), RenditionSpec.parseList("s:32x32:fit:jpg+webp+avif"));

        assertThat(rendered)
                .extracting(RenderedImage::format)
                .containsExactly(RenditionSpec.Format.JPG, RenditionSpec.Format.WEBP, RenditionSpec.Format.AVIF);
        assertThat(rendered).allSatisfy(r -> {
            assertThat(r.width()).isEqualTo(32);
            assertThat(r.height()).isEqualTo(24);
        });
    }
}
