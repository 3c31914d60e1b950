package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which JPEGs libjpeg-turbo decodes itself: those whose pixels it gets right without colour
 * management. CMYK and YCCK (need inversion and a press profile) and ICC-tagged files (Adobe RGB,
 * Display P3) are left to ImageIO; the colour tests in ColourFidelityTest then pass on both paths.
 */
class TurboJpegRoutingTest {

    @BeforeEach
    void requireLibrary() {
        Assumptions.assumeTrue(JpegBackend.LIBJPEG_TURBO.available(), "libturbojpeg.so.0 is not installed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"progressive.jpg", "grayscale.jpg", "gps.jpg", "orientation-6.jpg"})
    void decodesPlainYCbCrAndGreyJpegsItself(String fixture) {
        byte[] jpeg = Fixtures.bytes(fixture);

        assertThat(JpegSegments.hasIccProfile(jpeg)).isFalse();
        assertThat(header(jpeg).directlyDecodable()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cmyk.jpg", "ycck.jpg"})
    void leavesFourComponentJpegsToImageIo(String fixture) {
        assertThat(header(Fixtures.bytes(fixture)).directlyDecodable()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"adobe-rgb.jpg", "display-p3.jpg"})
    void leavesJpegsWithAnIccProfileToImageIo(String fixture) {
        assertThat(JpegSegments.hasIccProfile(Fixtures.bytes(fixture))).isTrue();
    }

    @Test
    void returnsNothingForDataItCannotParse() {
        assertThat(header(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2}))
                .isNull();
        assertThat(header(Fixtures.bytes("rgba.png"))).isNull();
    }

    @Test
    void aSourceArrayRefilledAfterItsSessionIsClosedIsReadAfresh() {
        byte[] wide = TurboJpeg.encode(TestImages.photo(64, 32), 90);
        byte[] tall = TurboJpeg.encode(TestImages.photo(32, 64), 90);
        byte[] buffer = new byte[Math.max(wide.length, tall.length)];
        System.arraycopy(wide, 0, buffer, 0, wide.length);
        try (TurboJpeg.Session session = TurboJpeg.open(buffer)) {
            assertThat(session.header().width()).isEqualTo(64);
        }

        System.arraycopy(tall, 0, buffer, 0, tall.length);

        try (TurboJpeg.Session session = TurboJpeg.open(buffer)) {
            assertThat(session.header().width()).isEqualTo(32);
        }
    }

    @Test
    void offersReductionsDownToOneEighth() {
        assertThat(TurboJpeg.reductions()).first().isEqualTo(new TurboJpeg.Scale(1, 1));
        assertThat(TurboJpeg.reductions())
                .contains(new TurboJpeg.Scale(1, 2), new TurboJpeg.Scale(3, 8))
                .last()
                .isEqualTo(new TurboJpeg.Scale(1, 8));
    }

    @Test
    void encodesOnlyAJfifHeaderAndTheQualityAsked() throws ImagingException {
        byte[] low = TurboJpeg.encode(TestImages.photo(200, 100), 20);
        byte[] high = TurboJpeg.encode(TestImages.photo(200, 100), 95);

        assertThat(ImageProbe.probe(high)).isEqualTo(new ImageHeader("jpeg", 200, 100));
        assertThat(high.length).isGreaterThan(low.length);
        assertThat(high[3] & 0xff).as("first segment after SOI").isEqualTo(0xE0);
    }

    /** The header a session reads, the session closed again. */
    private static TurboJpeg.Header header(byte[] jpeg) {
        try (TurboJpeg.Session session = TurboJpeg.open(jpeg)) {
            return session.header();
        }
    }
}
