package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libheif is given the renderer's limit as its own, and a HEIF/AVIF render is charged to the
 * pixel budget at the bytes a pixel of that file really takes while it is decoded.
 */
class HeifLimitsTest {

    private static final List<RenditionSpec> SMALL = RenditionSpec.parseList("small:32x32:fit:jpg");

    @BeforeEach
    void needsLibheif() {
        OutsideTools.assumeHeif();
    }

    @Test
    void libheifRefusesItemsWiderOrTallerThanThePixelLimitAllows() {
        // halves.heic: a 64x48 grid of one 64x64 tile; a limit of 40 pixels allows no side above 40
        ThumbnailRenderer strict = new ThumbnailRenderer(40, Budget.ofPixels(1_000_000));

        assertThatThrownBy(() -> strict.render(Fixtures.bytes("halves.heic"), SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.TOO_LARGE))
                .as("refused by libheif while reading the boxes, before our own check")
                .hasMessageContaining("exceeds the maximum image size 40x40");
    }

    @Test
    void libheifsOwnLimitIsNeverRaisedAboveItsDefault() throws Exception {
        try (HeifDecoder.Source heif = HeifDecoder.open(Fixtures.bytes("halves.heic"), 100_000_000)) {
            assertThat(heif.header()).isEqualTo(new ImageHeader("heif", 64, 48));
        }
        assertThat(HeifLibrary.DEFAULT_MAXIMUM_SIDE).isEqualTo(32768);
    }

    @ParameterizedTest
    @CsvSource({
        "halves.heic, 64, 48, 4", // 8-bit RGB: the packed int; libheif's planes are charged natively
        "rgba.avif, 80, 40, 4", // 8-bit RGBA
        "halves-10bit.avif, 64, 48, 4", // 10 bits a sample: reduced to 8 by libheif, natively
        "display-p3.heic, 64, 48, 7" // an ICC profile: the heap copy converts through bytes
    })
    void aRenderIsChargedAtTheHeapBytesAPixelOfTheFileTakes(String fixture, int width, int height, int bytesPerPixel)
            throws Exception {
        byte[] heif = Fixtures.bytes(fixture);
        Budget budget = Budget.ofPixels(1_000_000);

        new ThumbnailRenderer(100_000_000, budget).render(heif, SMALL);

        long charged = ((long) width * height * bytesPerPixel + Budget.BYTES_PER_PIXEL - 1) / Budget.BYTES_PER_PIXEL;
        assertThat(budget.largestLeaseBytes() / Budget.BYTES_PER_PIXEL).isEqualTo(charged);
        assertThat(ImageProbe.probeLayout(heif).bytesPerPixel()).isEqualTo(bytesPerPixel);
    }
}
