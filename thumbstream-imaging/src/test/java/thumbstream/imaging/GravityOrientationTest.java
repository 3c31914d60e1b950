package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.imaging.TestImages.assertRoughly;

import java.awt.Color;
import java.util.List;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.imaging.crop.CropRect;
import thumbstream.imaging.crop.FocusPoint;

/**
 * Focal points are about the picture as viewed: on every EXIF orientation the same focus keeps the
 * same corner, and the rectangle is in upright source pixels. The fixtures are 96x64 as viewed,
 * red marker top left, green top right.
 */
@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class GravityOrientationTest {

    private static final RenditionSpec SQUARE = RenditionSpec.parse("f:32x32:crop=focus:png");
    private final ThumbnailRenderer renderer;

    GravityOrientationTest(JpegBackend jpeg) {
        this.renderer = JpegBackends.renderer(jpeg);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void givenAFocusAtTheLeftEdge_whenCropped_thenTheLeftSquareWithTheRedMarkerIsKept(int orientation)
            throws ImagingException {
        RenderedImage image = render(orientation, new FocusPoint(0.05, 0.5));

        assertThat(image.crop()).isEqualTo(new CropRect(0, 0, 64, 64));
        assertRoughly(Fixtures.colourAt(TestImages.decode(image.bytes()), 2, 2), Color.RED);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void givenAFocusAtTheRightEdge_whenCropped_thenTheRightSquareWithTheGreenMarkerIsKept(int orientation)
            throws ImagingException {
        RenderedImage image = render(orientation, new FocusPoint(0.95, 0.5));

        assertThat(image.crop()).isEqualTo(new CropRect(32, 0, 64, 64));
        assertRoughly(Fixtures.colourAt(TestImages.decode(image.bytes()), 29, 2), Color.GREEN);
    }

    private RenderedImage render(int orientation, FocusPoint focus) throws ImagingException {
        byte[] source = Fixtures.bytes("orientation-" + orientation + ".jpg");
        RenderedImage image =
                renderer.render(source, List.of(SQUARE), focus).images().get(0);
        assertThat(image.width()).isEqualTo(32);
        assertThat(image.height()).isEqualTo(32);
        return image;
    }
}
