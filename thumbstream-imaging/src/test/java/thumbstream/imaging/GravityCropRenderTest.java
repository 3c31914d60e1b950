package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import thumbstream.imaging.crop.CropRect;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.imaging.crop.SalientScenes;

/** crop=smart and crop=focus through the whole renderer: decode, cut, resize, encode, report. */
class GravityCropRenderTest {

    // A 1200x600 picture whose only subject sits at 85% of the width.
    private static final byte[] SOURCE = TestImages.png(SalientScenes.withSubject(1200, 600, 1020, 300, 90));
    private final ThumbnailRenderer renderer = new ThumbnailRenderer(100_000_000);

    @Test
    void givenAnOffCentreSubject_whenRenderedSmartAndCentred_thenOnlyTheSmartCropShowsIt() throws Exception {
        List<RenditionSpec> specs = RenditionSpec.parseList("smart:200x200:crop=smart:png,centre:200x200:crop:png");

        Rendering rendering = renderer.render(SOURCE, specs, null);

        RenderedImage smart = rendering.images().get(0);
        RenderedImage centre = rendering.images().get(1);
        assertThat(smart.crop().contains(1020, 300))
                .as("smart crop %s", smart.crop())
                .isTrue();
        assertThat(centre.crop()).isEqualTo(new CropRect(300, 0, 600, 600));
        assertThat(subjectPixels(TestImages.decode(smart.bytes())))
                .as("subject pixels in the smart thumbnail")
                .isGreaterThan(2_000);
        assertThat(subjectPixels(TestImages.decode(centre.bytes())))
                .as("subject pixels in the centre thumbnail")
                .isZero();
    }

    @Test
    void givenAFocusPoint_whenRenderedWithCropFocus_thenTheCropIsCentredOnItWithinTheSource() throws Exception {
        List<RenditionSpec> specs = RenditionSpec.parseList("f:300x150:crop=focus:png");

        RenderedImage left = renderer.render(SOURCE, specs, new FocusPoint(0.1, 0.5))
                .images()
                .get(0);
        RenderedImage middle = renderer.render(SOURCE, specs, new FocusPoint(0.45, 0.5))
                .images()
                .get(0);

        assertThat(left.crop()).isEqualTo(new CropRect(0, 0, 1200, 600)); // 2:1 box in a 2:1 picture: all of it
        RenderedImage square = renderer.render(
                        SOURCE, RenditionSpec.parseList("f:100x100:crop=focus:png"), new FocusPoint(0.45, 0.5))
                .images()
                .get(0);
        assertThat(square.crop()).isEqualTo(new CropRect(240, 0, 600, 600));
        assertThat(middle.width()).isEqualTo(300);
        assertThat(middle.height()).isEqualTo(150);
    }

    @Test
    void givenNoFocusPoint_whenRenderedWithCropFocus_thenItFallsBackToTheSmartCrop() throws Exception {
        RenderedImage focus = renderer.render(SOURCE, RenditionSpec.parseList("f:100x100:crop=focus:png"), null)
                .images()
                .get(0);
        RenderedImage smart = renderer.render(SOURCE, RenditionSpec.parseList("s:100x100:crop=smart:png"), null)
                .images()
                .get(0);

        assertThat(focus.crop()).isEqualTo(smart.crop());
        assertThat(focus.crop().contains(1020, 300)).isTrue();
    }

    @Test
    void givenFitAndExact_whenRendered_thenNoCropIsReported() throws Exception {
        Rendering rendering =
                renderer.render(SOURCE, RenditionSpec.parseList("a:100x100:fit:png,b:50x50:exact:png"), null);

        assertThat(rendering.images()).extracting(RenderedImage::crop).containsOnlyNulls();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "2000,3", "3,2000", "7,5"})
    void givenDegenerateSources_whenCroppedSmartlyOrAroundAFocus_thenTheCropStaysInsideAndAPlaceholderIsMade(
            int width, int height) throws Exception {
        byte[] source = TestImages.png(TestImages.photo(width, height));
        List<RenditionSpec> specs =
                RenditionSpec.parseList("s:100x100:crop=smart:png,f:64x32:crop=focus:png,t:50x50:fit:png");

        Rendering rendering = renderer.render(source, specs, new FocusPoint(1, 1));

        for (RenderedImage image : rendering.images().subList(0, 2)) {
            CropRect crop = image.crop();
            assertThat(crop.x() + crop.width()).isLessThanOrEqualTo(width);
            assertThat(crop.y() + crop.height()).isLessThanOrEqualTo(height);
            assertThat(TestImages.decode(image.bytes()).getWidth()).isEqualTo(image.width());
        }
        assertThat(rendering.placeholder().blurhash()).isNotBlank();
        assertThat(rendering.placeholder().thumbhash()).isNotBlank();
    }

    /** Pixels close to the subject's skin tone. */
    private static int subjectPixels(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs((rgb >> 16 & 0xFF) - SalientScenes.SUBJECT.getRed()) < 12
                        && Math.abs((rgb >> 8 & 0xFF) - SalientScenes.SUBJECT.getGreen()) < 12
                        && Math.abs((rgb & 0xFF) - SalientScenes.SUBJECT.getBlue()) < 12) {
                    count++;
                }
            }
        }
        return count;
    }
}
