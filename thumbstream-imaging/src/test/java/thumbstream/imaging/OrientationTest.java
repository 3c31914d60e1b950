package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static thumbstream.imaging.TestImages.assertRoughly;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thumbnails show the picture upright whatever EXIF orientation the source was stored with.
 *
 * <p>Each fixture {@code orientation-N.jpg} displays, in a correct viewer, as the same 96x64 grey
 * picture with a red block in the top-left corner and a green one in the top-right; the two
 * markers together tell all eight orientations apart.
 */
@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class OrientationTest {

    private static final Color GREY = new Color(128, 128, 128);

    private final ThumbnailRenderer renderer;

    OrientationTest(JpegBackend jpeg) {
        this.renderer = JpegBackends.renderer(jpeg);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void showsThePictureUprightAtFullSize(int orientation) throws ImagingException {
        BufferedImage thumb = Fixtures.render(renderer, "orientation-" + orientation + ".jpg", "o:200x200:fit:png");

        assertThat(thumb.getWidth()).isEqualTo(96);
        assertThat(thumb.getHeight()).isEqualTo(64);
        assertMarkers(thumb, 6);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void showsThePictureUprightWhenScaledDown(int orientation) throws ImagingException {
        // 48x48 is a box a portrait-stored 64x96 source would fill as 32x48 had its tag been ignored.
        BufferedImage thumb = Fixtures.render(renderer, "orientation-" + orientation + ".jpg", "o:48x48:fit:jpg");

        assertThat(thumb.getWidth()).isEqualTo(48);
        assertThat(thumb.getHeight()).isEqualTo(32);
        assertMarkers(thumb, 3);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void cropsTheUprightPicture(int orientation) throws ImagingException {
        // Covering 64x32 scales the 96x64 picture to 64x43 and cuts 5 rows off the top: the
        // markers, 16 pixels high by then, are still in the top corners.
        BufferedImage thumb = Fixtures.render(renderer, "orientation-" + orientation + ".jpg", "c:64x32:crop:png");

        assertThat(thumb.getWidth()).isEqualTo(64);
        assertThat(thumb.getHeight()).isEqualTo(32);
        assertMarkers(thumb, 3);
    }

    /** Red top-left, green top-right, grey below both, sampled {@code inset} pixels from the corners. */
    private static void assertMarkers(BufferedImage thumb, int inset) {
        int right = thumb.getWidth() - 1 - inset;
        int bottom = thumb.getHeight() - 1 - inset;
        assertRoughly(Fixtures.colourAt(thumb, inset, inset), Color.RED);
        assertRoughly(Fixtures.colourAt(thumb, right, inset), Color.GREEN);
        assertRoughly(Fixtures.colourAt(thumb, inset, bottom), GREY);
        assertRoughly(Fixtures.colourAt(thumb, right, bottom), GREY);
    }
}
