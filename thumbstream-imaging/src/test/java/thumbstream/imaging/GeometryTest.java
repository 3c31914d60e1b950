package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeometryTest {

    private static Dimensions size(String spec, int srcWidth, int srcHeight) {
        return Geometry.targetSize(RenditionSpec.parse(spec), srcWidth, srcHeight);
    }

    private static int factor(int srcW, int srcH, String specs) {
        return Geometry.subsampling(srcW, srcH, RenditionSpec.parseList(specs));
    }

    @ParameterizedTest(name = "{0} from {1}x{2} is {3}x{4}")
    @CsvSource({
        "b:320x320:fit, 1600, 1200, 320, 240", // landscape
        "b:320x320:fit, 1200, 1600, 240, 320", // portrait
        "b:320x320:fit, 1000, 1000, 320, 320", // square
        "b:320x200:fit, 1000, 1000, 200, 200", // square source, wide box
        "b:320x320:fit, 10000, 10, 320, 1", // strip: the short side rounds to 0, kept at 1
        "b:320x320:fit, 10, 10000, 1, 320",
        "b:320x320:fit, 1, 1, 1, 1",
        "b:320x320:fit, 321, 1, 320, 1",
        "b:320x320:fit, 320, 320, 320, 320",
    })
    void fitKeepsTheAspectRatioInsideTheBox(String spec, int srcW, int srcH, int w, int h) {
        assertThat(size(spec, srcW, srcH)).isEqualTo(new Dimensions(w, h));
    }

    @Test
    void fitNeverUpscalesASmallerSource() {
        assertThat(size("b:320x320:fit", 100, 50)).isEqualTo(new Dimensions(100, 50));
    }

    @Test
    void fitUpscalesWhenAsked() {
        assertThat(size("b:320x320:fit:jpg:upscale", 100, 50)).isEqualTo(new Dimensions(320, 160));
        assertThat(size("b:320x320:fit:jpg:upscale", 1, 1)).isEqualTo(new Dimensions(320, 320));
    }

    @ParameterizedTest(name = "{0} from {1}x{2} is {3}x{4}")
    @CsvSource({
        "b:256x256:crop, 1600, 1200, 256, 256", // landscape
        "b:256x256:crop, 1200, 1600, 256, 256", // portrait
        "b:256x256:crop, 256, 256, 256, 256", // exactly the box
        "b:400x100:crop, 1000, 1000, 400, 100",
        "b:256x256:crop, 10000, 10, 10, 10", // strip: the largest square it covers
        "b:256x256:crop, 1, 1, 1, 1",
    })
    void cropIsTheBoxWhenTheSourceCoversIt(String spec, int srcW, int srcH, int w, int h) {
        assertThat(size(spec, srcW, srcH)).isEqualTo(new Dimensions(w, h));
    }

    @Test
    void cropShrinksTheBoxKeepingItsShapeWhenTheSourceIsSmaller() {
        assertThat(size("b:256x256:crop", 100, 50)).isEqualTo(new Dimensions(50, 50));
        assertThat(size("b:400x200:crop", 300, 1000)).isEqualTo(new Dimensions(300, 150));
        assertThat(size("b:400x200:crop", 1000, 100)).isEqualTo(new Dimensions(200, 100));
    }

    @Test
    void cropIsAlwaysTheBoxWithUpscale() {
        assertThat(size("b:256x256:crop:jpg:upscale", 100, 50)).isEqualTo(new Dimensions(256, 256));
        assertThat(size("b:256x256:crop:jpg:upscale", 1, 1)).isEqualTo(new Dimensions(256, 256));
    }

    @Test
    void exactStretchesToTheBox() {
        assertThat(size("b:300x100:exact", 1600, 1200)).isEqualTo(new Dimensions(300, 100));
        assertThat(size("b:300x100:exact", 1200, 1600)).isEqualTo(new Dimensions(300, 100));
    }

    @Test
    void exactClampsEachSideToTheSourceWithoutUpscale() {
        assertThat(size("b:320x320:exact", 100, 50)).isEqualTo(new Dimensions(100, 50));
        assertThat(size("b:320x320:exact", 10000, 10)).isEqualTo(new Dimensions(320, 10));
        assertThat(size("b:320x320:exact", 1, 1)).isEqualTo(new Dimensions(1, 1));
    }

    @Test
    void exactIsTheBoxWithUpscale() {
        assertThat(size("b:320x320:exact:png:upscale", 1, 1)).isEqualTo(new Dimensions(320, 320));
    }

    @Test
    void rejectsAnEmptySource() {
        assertThatThrownBy(() -> size("b:1x1", 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subsamplingKeepsTwiceTheLargestRenditionInEachDirection() {
        assertThat(factor(1600, 1200, "s:320x320")).isEqualTo(2); // decodes 800x600 for 320x240
        assertThat(factor(8000, 6000, "s:320x320")).isEqualTo(12); // decodes 667x500
        assertThat(factor(8000, 6000, "s:320x320,m:1024x1024")).isEqualTo(3);
    }

    @Test
    void subsamplingIsOneWhenARenditionIsNotMuchSmaller() {
        assertThat(factor(1600, 1200, "s:1024x1024")).isEqualTo(1);
        assertThat(factor(100, 50, "s:320x320")).isEqualTo(1);
        assertThat(factor(1, 1, "s:320x320:crop:jpg:upscale")).isEqualTo(1);
    }

    @Test
    void subsamplingForCropNeedsTheCoveringSizeNotTheCutOut() {
        // 6000x4000 covering 256x256 is scaled to 384x256 before the centre is cut.
        assertThat(factor(6000, 4000, "sq:256x256:crop")).isEqualTo(7);
    }

    @Test
    void subsamplingAlwaysLeavesAtLeastTwiceTheNeededPixels() {
        Random random = new Random(42);
        List<String> modes = List.of("fit", "crop", "exact");
        for (int i = 0; i < 10_000; i++) {
            int srcW = 1 + random.nextInt(12_000);
            int srcH = 1 + random.nextInt(12_000);
            RenditionSpec spec = RenditionSpec.parse("r:" + (1 + random.nextInt(2000)) + "x"
                    + (1 + random.nextInt(2000)) + ":" + modes.get(random.nextInt(3)));
            int f = Geometry.subsampling(srcW, srcH, List.of(spec));
            Dimensions target = spec.targetSize(srcW, srcH);
            // ImageIO's subsampled size is ceil(src / f).
            int decodedW = (srcW + f - 1) / f;
            int decodedH = (srcH + f - 1) / f;
            if (f > 1) {
                assertThat(decodedW).as("%dx%d -> %s", srcW, srcH, spec).isGreaterThanOrEqualTo(2 * target.width());
                assertThat(decodedH).as("%dx%d -> %s", srcW, srcH, spec).isGreaterThanOrEqualTo(2 * target.height());
            }
        }
    }
}
