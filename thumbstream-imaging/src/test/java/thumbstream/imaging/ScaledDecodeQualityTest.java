package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import net.coobird.thumbnailator.Thumbnails;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Why the libjpeg-turbo path decodes only as large as the largest rendition (margin 1, see
 * {@link TurboJpegPath#DCT_MARGIN}) where ImageIO subsampling keeps a margin of 2: DCT scaling
 * averages instead of dropping pixels, so its thumbnails are as close to a full decode's as the
 * ImageIO path's are. Thumbnails are PNG, so only the reduction differs.
 */
class ScaledDecodeQualityTest {

    private static final RenditionSpec SMALL = RenditionSpec.parse("small:320x320:fit:png");

    @BeforeEach
    void requireLibrary() {
        Assumptions.assumeTrue(JpegBackend.LIBJPEG_TURBO.available(), "libturbojpeg.so.0 is not installed");
    }

    @Test
    void fineStripesBecomeGreyInsteadOfAliasing() throws Exception {
        // One-pixel black and white columns: any honest reduction is mid-grey; one that drops
        // pixels keeps whole columns of one colour and shows bars or a flat black/white.
        BufferedImage stripes = new BufferedImage(2048, 1536, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < stripes.getWidth(); x++) {
            int rgb = x % 2 == 0 ? 0x000000 : 0xFFFFFF;
            for (int y = 0; y < stripes.getHeight(); y++) {
                stripes.setRGB(x, y, rgb);
            }
        }
        byte[] jpeg = jpegAtQuality95(stripes);

        BufferedImage thumb = render(JpegBackend.LIBJPEG_TURBO, jpeg);

        for (int x = 10; x < thumb.getWidth() - 10; x += 7) {
            Color c = new Color(thumb.getRGB(x, thumb.getHeight() / 2));
            assertThat(c.getGreen()).as("column %d", x).isBetween(100, 155);
        }
    }

    @Test
    void aPhotoLikeThumbnailIsAsCloseToAFullDecodeAsImageIosIs() throws Exception {
        byte[] jpeg = jpegAtQuality95(photoLike(2000, 1500, new Random(5)));
        BufferedImage reference = Thumbnails.of(TestImages.decode(jpeg))
                .forceSize(320, 240)
                .imageType(BufferedImage.TYPE_INT_RGB)
                .asBufferedImage();

        double turbo = TestImages.meanAbsoluteDifference(render(JpegBackend.LIBJPEG_TURBO, jpeg), reference);
        double imageIo = TestImages.meanAbsoluteDifference(render(JpegBackend.IMAGEIO, jpeg), reference);

        // Measured here: 0.8 levels for libjpeg-turbo at the rendition's size, 2.0 for ImageIO at twice it.
        assertThat(turbo)
                .as("turbo %.2f vs ImageIO %.2f", turbo, imageIo)
                .isLessThan(1.5)
                .isLessThanOrEqualTo(imageIo);
    }

    private static BufferedImage render(JpegBackend backend, byte[] jpeg) throws ImagingException {
        ThumbnailRenderer renderer = JpegBackends.renderer(backend);
        return TestImages.decode(renderer.render(jpeg, List.of(SMALL)).get(0).bytes());
    }

    /** Gradient, noise and hard-edged shapes: the mix of low and high frequencies of a photo. */
    private static BufferedImage photoLike(int width, int height, Random random) {
        BufferedImage image = TestImages.photo(width, height);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(0x1000000)));
            g.fillOval(
                    random.nextInt(width), random.nextInt(height), 20 + random.nextInt(400), 20 + random.nextInt(400));
        }
        g.dispose();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(17) - 8;
                int rgb = image.getRGB(x, y);
                int r = clamp((rgb >> 16 & 0xff) + noise);
                int gr = clamp((rgb >> 8 & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] jpegAtQuality95(BufferedImage image) {
        return TurboJpeg.encode(image, 95);
    }
}
