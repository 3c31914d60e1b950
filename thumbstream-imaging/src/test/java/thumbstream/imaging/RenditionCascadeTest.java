package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A smaller rendition scaled from a larger FIT rendition's pixels looks like one scaled from the
 * decode directly, whatever the mode and orientation; outputs keep the order asked for.
 */
@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class RenditionCascadeTest {

    private final ThumbnailRenderer renderer;

    RenditionCascadeTest(JpegBackend jpeg) {
        this.renderer = JpegBackends.renderer(jpeg);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s:320x320:fit:png", "c:200x200:crop:png", "e:300x100:exact:png"})
    void aRenditionDerivedFromALargerOneMatchesOneRenderedAlone(String spec) throws ImagingException {
        byte[] source = TestImages.jpeg(2000, 1500);

        List<RenderedImage> both = renderer.render(source, RenditionSpec.parseList(spec + ",m:1024x1024:fit:png"));
        RenderedImage alone =
                renderer.render(source, RenditionSpec.parseList(spec)).get(0);

        assertThat(both.get(0).spec().name()).isEqualTo(spec.substring(0, 1));
        assertThat(both.get(1).width()).isEqualTo(1024);
        assertThat(TestImages.meanAbsoluteDifference(
                        TestImages.decode(both.get(0).bytes()), TestImages.decode(alone.bytes())))
                .isLessThan(1.5);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 6, 8})
    void derivedRenditionsAreUprightToo(int orientation) throws ImagingException {
        List<RenderedImage> rendered = renderer.render(
                Fixtures.bytes("orientation-" + orientation + ".jpg"),
                RenditionSpec.parseList("big:80x80:fit:png,small:48x48:fit:png,c:32x32:crop:png"));

        BufferedImage small = TestImages.decode(rendered.get(1).bytes());
        assertThat(small.getWidth()).isEqualTo(48);
        assertThat(small.getHeight()).isEqualTo(32);
        TestImages.assertRoughly(Fixtures.colourAt(small, 3, 3), Color.RED);
        TestImages.assertRoughly(Fixtures.colourAt(small, 44, 3), Color.GREEN);
    }
}
