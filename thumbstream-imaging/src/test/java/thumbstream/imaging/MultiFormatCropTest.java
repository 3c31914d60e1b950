package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import thumbstream.imaging.RenditionSpec.Format;
import thumbstream.imaging.RenditionSpec.Gravity;
import thumbstream.imaging.crop.SalientScenes;

/**
 * Where formats (issue 13a) meet gravities and placeholders (issue 13b): a cropped rendition with
 * several formats is cut once, every format shows the same part of the source, and the placeholder
 * does not depend on how many formats are written.
 */
class MultiFormatCropTest {

    // A 1200x600 picture whose only subject sits at 85% of the width.
    private static final byte[] SOURCE = TestImages.png(SalientScenes.withSubject(1200, 600, 1020, 300, 90));
    private final ThumbnailRenderer renderer = new ThumbnailRenderer(100_000_000);

    @Test
    void givenAGravityAndSeveralFormats_whenParsed_thenBothAreKeptAndTheCanonicalTextParsesBack() {
        RenditionSpec spec = RenditionSpec.parse("square:256x256:crop=smart:jpg+webp:q=80");

        assertThat(spec.gravity()).isEqualTo(Gravity.SMART);
        assertThat(spec.formats()).containsExactly(Format.JPG, Format.WEBP);
        assertThat(spec.quality(Format.WEBP)).isEqualTo(80);
        assertThat(spec.canonical()).isEqualTo("square:256x256:crop=smart:jpg+webp:q=80");
        assertThat(RenditionSpec.parse(spec.canonical())).isEqualTo(spec);
    }

    @Test
    void givenASmartCropInTwoFormats_whenRendered_thenBothShowTheSameCropFromTheSamePixels() throws Exception {
        List<RenditionSpec> specs = RenditionSpec.parseList("smart:200x200:crop=smart:png+jpg,small:100x50:fit:png");

        Rendering rendering = renderer.render(SOURCE, specs, null);

        assertThat(rendering.images())
                .extracting(image -> image.spec().name() + "." + image.format().extension())
                .containsExactly("smart.png", "smart.jpg", "small.png");
        RenderedImage png = rendering.images().get(0);
        RenderedImage jpg = rendering.images().get(1);
        assertThat(png.crop()).isNotNull().isEqualTo(jpg.crop());
        assertThat(png.crop().contains(1020, 300))
                .as("smart crop %s", png.crop())
                .isTrue();
        assertThat(rendering.images().get(2).crop()).isNull();
        // Lossless PNG and JPEG of one cut differ by JPEG's loss only.
        assertThat(TestImages.meanAbsoluteDifference(TestImages.decode(png.bytes()), TestImages.decode(jpg.bytes())))
                .isLessThan(4.0);
    }

    @Test
    void givenMoreFormats_whenRendered_thenThePlaceholderIsTheSameAsWithOne() throws Exception {
        Rendering one = renderer.render(SOURCE, RenditionSpec.parseList("small:100x50:fit:png"), null);
        Rendering two = renderer.render(SOURCE, RenditionSpec.parseList("small:100x50:fit:png+jpg"), null);

        assertThat(one.placeholder()).isNotNull();
        assertThat(two.placeholder()).isEqualTo(one.placeholder());
    }
}
