package thumbstream.imaging.placeholder;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import thumbstream.imaging.Rendering;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.ThumbnailRenderer;
import thumbstream.imaging.crop.SalientScenes;

/** Placeholders through the renderer: from the smallest rendition's pixels, only the selected kinds. */
class PlaceholderRenderTest {

    private static final List<RenditionSpec> SPECS =
            RenditionSpec.parseList("medium:400x400:fit:png,tiny:120x120:fit:png,square:200x200:crop:png");

    @Test
    void givenSeveralRenditions_whenRendered_thenThePlaceholderIsThatOfTheSmallestRenditionsPixels() throws Exception {
        byte[] source = png(SalientScenes.withSubject(900, 600, 300, 250, 80));

        Rendering rendering = new ThumbnailRenderer(100_000_000).render(source, SPECS, null);

        // PNG is lossless: decoding the smallest thumbnail gives back exactly the pixels it was made from.
        BufferedImage decoded =
                ImageIO.read(new ByteArrayInputStream(rendering.images().get(1).bytes()));
        // In the renderer's own pixel layout (ImageIO decodes PNG to 3-byte BGR).
        BufferedImage tiny = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
        tiny.getGraphics().drawImage(decoded, 0, 0, null);
        assertThat(tiny.getWidth() * tiny.getHeight()).isEqualTo(120 * 80);
        Placeholder expected = new Placeholders(PlaceholderKind.all()).compute(tiny);
        assertThat(rendering.placeholder()).isEqualTo(expected);
        assertThat(rendering.placeholder().blurhash()).hasSize(28); // 4x3 components
        assertThat(rendering.placeholder().thumbhash()).isNotBlank();
        assertThat(rendering.placeholder().dominantColor()).matches("#[0-9a-f]{6}");
        assertThat(rendering.placeholder().averageColor()).matches("#[0-9a-f]{6}");
        assertThat(rendering.placeholderNanos()).isPositive();
    }

    @Test
    void givenASmallerCrop_whenRendered_thenThePlaceholderStillShowsTheWholePicture() throws Exception {
        byte[] source = png(SalientScenes.withSubject(900, 600, 300, 250, 80));
        List<RenditionSpec> specs = RenditionSpec.parseList("small:160x160:fit:png,square:64x64:crop=smart:png");

        Rendering rendering = new ThumbnailRenderer(100_000_000).render(source, specs, null);

        Placeholder whole = new Placeholders(PlaceholderKind.all())
                .compute(intRgb(rendering.images().get(0).bytes()));
        assertThat(rendering.placeholder()).isEqualTo(whole);
        assertThat(rendering.placeholder())
                .isNotEqualTo(new Placeholders(PlaceholderKind.all())
                        .compute(intRgb(rendering.images().get(1).bytes())));
    }

    @Test
    void givenOnlyCrops_whenRendered_thenThePlaceholderComesFromTheSmallestOfThem() throws Exception {
        byte[] source = png(SalientScenes.withSubject(900, 600, 300, 250, 80));
        List<RenditionSpec> specs = RenditionSpec.parseList("big:200x200:crop:png,little:64x64:crop=smart:png");

        Rendering rendering = new ThumbnailRenderer(100_000_000).render(source, specs, null);

        assertThat(rendering.placeholder())
                .isEqualTo(new Placeholders(PlaceholderKind.all())
                        .compute(intRgb(rendering.images().get(1).bytes())));
    }

    /** A lossless thumbnail decoded into the renderer's own pixel layout (ImageIO gives 3-byte BGR). */
    private static BufferedImage intRgb(byte[] png) throws Exception {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage copy = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(decoded, 0, 0, null);
        return copy;
    }

    @Test
    void givenASelection_whenRendered_thenOnlyThoseFieldsAreFilled() throws Exception {
        byte[] source = png(SalientScenes.empty(300, 200));
        ThumbnailRenderer renderer = new ThumbnailRenderer(100_000_000)
                .withPlaceholders(Set.of(PlaceholderKind.DOMINANT_COLOR, PlaceholderKind.BLURHASH));

        Placeholder placeholder = renderer.render(source, SPECS, null).placeholder();

        assertThat(placeholder.blurhash()).isNotNull();
        assertThat(placeholder.dominantColor()).isNotNull();
        assertThat(placeholder.thumbhash()).isNull();
        assertThat(placeholder.averageColor()).isNull();
    }

    @Test
    void givenNoSelection_whenRendered_thenThereIsNoPlaceholder() throws Exception {
        byte[] source = png(SalientScenes.empty(300, 200));

        Rendering rendering =
                new ThumbnailRenderer(100_000_000).withPlaceholders(Set.of()).render(source, SPECS, null);

        assertThat(rendering.placeholder()).isNull();
        assertThat(rendering.images()).hasSize(3);
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
