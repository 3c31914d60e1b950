package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static thumbstream.imaging.TestImages.assertRoughly;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.imaging.ImagingException.Kind;

/** Every file of the fixture corpus renders, at the size its displayed picture calls for. */
@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class FixtureCorpusTest {

    private final ThumbnailRenderer renderer;

    FixtureCorpusTest(JpegBackend jpeg) {
        this.renderer = JpegBackends.renderer(jpeg);
    }

    @ParameterizedTest(name = "{0}: {1} header {2}x{3}, fit 60x60 -> {4}x{5}, crop 32x32 -> {6}x{7}")
    @CsvSource({
        "progressive.jpg,         jpeg,    120, 80,    60, 40,  32, 32",
        "grayscale.jpg,           jpeg,     80, 60,    60, 45,  32, 32",
        "cmyk.jpg,                jpeg,     64, 48,    60, 45,  32, 32",
        "ycck.jpg,                jpeg,     64, 48,    60, 45,  32, 32",
        "adobe-rgb.jpg,           jpeg,     64, 48,    60, 45,  32, 32",
        "display-p3.jpg,          jpeg,     64, 48,    60, 45,  32, 32",
        "gps.jpg,                 jpeg,    120, 80,    60, 40,  32, 32",
        "orientation-1.jpg,       jpeg,     96, 64,    60, 40,  32, 32",
        "orientation-6.jpg,       jpeg,     64, 96,    60, 40,  32, 32",
        "rgb16.png,               png,      80, 60,    60, 45,  32, 32",
        "palette-transparent.png, png,      80, 40,    60, 30,  32, 32",
        "rgba.png,                png,      80, 40,    60, 30,  32, 32",
        "pixel-1x1.png,           png,       1,  1,     1,  1,   1,  1",
        "strip-10000x10.png,      png,   10000, 10,    60,  1,  10, 10",
        "animated.gif,            gif,      40, 30,    40, 30,  30, 30",
        "rgb24.bmp,               bmp,      64, 48,    60, 45,  32, 32",
        "rgb-lzw.tiff,            tiff,     64, 48,    60, 45,  32, 32",
        "adobe-rgb.tiff,          tiff,     64, 48,    60, 45,  32, 32",
        "lossy.webp,              webp,     64, 48,    60, 45,  32, 32",
    })
    void rendersEveryFixtureAtTheExpectedSize(
            String fixture,
            String format,
            int width,
            int height,
            int fitWidth,
            int fitHeight,
            int cropWidth,
            int cropHeight)
            throws ImagingException {
        byte[] source = Fixtures.bytes(fixture);
        assertThat(ImageProbe.probe(source)).isEqualTo(new ImageHeader(format, width, height));

        List<RenderedImage> rendered =
                renderer.render(source, RenditionSpec.parseList("f:60x60:fit:jpg,c:32x32:crop:png"));

        assertThat(ImageProbe.probe(rendered.get(0).bytes())).isEqualTo(new ImageHeader("jpeg", fitWidth, fitHeight));
        assertThat(ImageProbe.probe(rendered.get(1).bytes())).isEqualTo(new ImageHeader("png", cropWidth, cropHeight));
        assertThat(rendered)
                .extracting(r -> r.width() + "x" + r.height())
                .containsExactly(fitWidth + "x" + fitHeight, cropWidth + "x" + cropHeight);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "progressive.jpg",
                "gps.jpg",
                "rgb16.png",
                "rgb24.bmp",
                "rgb-lzw.tiff",
                "lossy.webp",
                "strip-10000x10.png"
            })
    void keepsRedOnTheLeftAndBlueOnTheRight(String fixture) throws ImagingException {
        BufferedImage thumb = Fixtures.render(renderer, fixture, "t:40x40:fit:png");

        int middle = thumb.getHeight() / 2;
        assertRoughly(Fixtures.colourAt(thumb, thumb.getWidth() / 4, middle), Color.RED);
        assertRoughly(Fixtures.colourAt(thumb, thumb.getWidth() * 3 / 4, middle), Color.BLUE);
    }

    @Test
    void neverUpscalesATinySource() throws ImagingException {
        BufferedImage thumb = Fixtures.render(renderer, "pixel-1x1.png", "big:1024x1024:fit:jpg");

        assertThat(thumb.getWidth()).isEqualTo(1);
        assertThat(thumb.getHeight()).isEqualTo(1);
        assertRoughly(Fixtures.colourAt(thumb, 0, 0), Color.GREEN);
    }

    @Test
    void aHeaderClaimingTenGigabytesIsRefusedBeforeDecoding() {
        ImagingException e = catchThrowableOfType(
                ImagingException.class,
                () -> renderer.render(Fixtures.bytes("huge-header.png"), RenditionSpec.parseList("s:320x320")));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e).hasMessageContaining("50000x50000");
    }
}
