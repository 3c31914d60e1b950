package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class ThumbnailRendererTest {

    private final ThumbnailRenderer renderer;

    ThumbnailRendererTest(JpegBackend jpeg) {
        this.renderer = JpegBackends.renderer(jpeg);
    }

    private RenderedImage renderOne(byte[] source, String spec) throws ImagingException {
        List<RenderedImage> rendered = renderer.render(source, List.of(RenditionSpec.parse(spec)));
        assertThat(rendered).hasSize(1);
        return rendered.get(0);
    }

    @Test
    void fitsALandscapeJpegIntoTheBoxAsADecodableJpeg() throws ImagingException {
        RenderedImage small = renderOne(TestImages.jpeg(1600, 1200), "small:320x320:fit:jpg");

        assertThat(small.width()).isEqualTo(320);
        assertThat(small.height()).isEqualTo(240);
        assertThat(ImageProbe.probe(small.bytes())).isEqualTo(new ImageHeader("jpeg", 320, 240));
        BufferedImage decoded = TestImages.decode(small.bytes());
        assertThat(decoded.getWidth()).isEqualTo(320);
        assertThat(decoded.getHeight()).isEqualTo(240);
    }

    @Test
    void cropGivesExactlyTheBox() throws ImagingException {
        RenderedImage square = renderOne(TestImages.jpeg(1600, 1200), "square:256x256:crop:png");

        assertThat(square.width()).isEqualTo(256);
        assertThat(square.height()).isEqualTo(256);
        assertThat(ImageProbe.probe(square.bytes())).isEqualTo(new ImageHeader("png", 256, 256));
    }

    @Test
    void exactStretchesToTheBox() throws ImagingException {
        RenderedImage banner = renderOne(TestImages.jpeg(1600, 1200), "banner:300x50:exact:jpg");

        assertThat(ImageProbe.probe(banner.bytes())).isEqualTo(new ImageHeader("jpeg", 300, 50));
    }

    @Test
    void transparencyBecomesWhiteInJpegOutput() throws ImagingException {
        RenderedImage jpeg = renderOne(TestImages.halfTransparentPng(200, 100), "t:100x100:fit:jpg");

        BufferedImage decoded = TestImages.decode(jpeg.bytes());
        assertThat(decoded.getWidth()).isEqualTo(100);
        assertThat(decoded.getHeight()).isEqualTo(50);
        TestImages.assertRoughly(new Color(decoded.getRGB(90, 25)), Color.WHITE); // was transparent
        TestImages.assertRoughly(new Color(decoded.getRGB(10, 25)), Color.RED); // was opaque red
    }

    @Test
    void transparencyIsKeptInPngOutput() throws ImagingException {
        RenderedImage png = renderOne(TestImages.halfTransparentPng(200, 100), "t:100x100:fit:png");

        BufferedImage decoded = TestImages.decode(png.bytes());
        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        assertThat(decoded.getRGB(90, 25) >>> 24).isZero();
    }

    @Test
    void doesNotUpscaleASmallerSource() throws ImagingException {
        RenderedImage small = renderOne(TestImages.jpeg(100, 50), "small:320x320:fit:jpg");

        assertThat(ImageProbe.probe(small.bytes())).isEqualTo(new ImageHeader("jpeg", 100, 50));
    }

    @Test
    void upscalesWhenTheSpecAsks() throws ImagingException {
        RenderedImage big = renderOne(TestImages.jpeg(100, 50), "big:320x320:fit:jpg:upscale");

        assertThat(ImageProbe.probe(big.bytes())).isEqualTo(new ImageHeader("jpeg", 320, 160));
    }

    @Test
    void rendersEveryRenditionFromOneCallInTheGivenOrder() throws ImagingException {
        List<RenditionSpec> specs = RenditionSpec.parseList("small:320x320:fit:jpg,square:256x256:crop:png:q=90");

        List<RenderedImage> rendered = renderer.render(TestImages.jpeg(1600, 1200), specs);

        assertThat(rendered).extracting(RenderedImage::spec).containsExactlyElementsOf(specs);
        assertThat(rendered).extracting(r -> r.width() + "x" + r.height()).containsExactly("320x240", "256x256");
        assertThat(ImageProbe.probe(rendered.get(1).bytes()).formatName()).isEqualTo("png");
    }

    @Test
    void higherJpegQualityGivesLargerFiles() throws ImagingException {
        byte[] source = TestImages.jpeg(800, 600);

        int low = renderOne(source, "s:400x400:fit:jpg:q=20").bytes().length;
        int high = renderOne(source, "s:400x400:fit:jpg:q=98").bytes().length;

        assertThat(high).isGreaterThan(low);
    }

    @Test
    void rejectsAnEmptyRenditionList() {
        assertThatThrownBy(() -> renderer.render(TestImages.jpeg(10, 10), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
