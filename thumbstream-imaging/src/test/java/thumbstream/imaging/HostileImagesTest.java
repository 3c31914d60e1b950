package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import thumbstream.testing.HostileFiles;

/** Files made to cost a decoder time or memory are refused before they can, on both JPEG paths. */
class HostileImagesTest {

    private static final List<RenditionSpec> SMALL = RenditionSpec.parseList("small:320x320:fit:jpg");

    @ParameterizedTest
    @EnumSource(JpegBackend.class)
    void aJpegWithThousandsOfScansFailsTooLargeWithoutBeingDecoded(JpegBackend backend) {
        byte[] scans = HostileFiles.progressiveJpegWithScans(512, 512, 3000);
        ThumbnailRenderer renderer = JpegBackends.renderer(backend, 100_000_000, Budget.ofPixels(1_000_000));

        assertThatThrownBy(() -> renderer.render(scans, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.TOO_LARGE))
                .hasMessageContaining("scans");
    }

    @Test
    void theImageIoPathHasItsOwnLowerScanLimit() throws Exception {
        byte[] manyForImageIo = HostileFiles.progressiveJpegWithScans(256, 256, 150);
        ThumbnailRenderer imageIo = JpegBackends.renderer(JpegBackend.IMAGEIO, 100_000_000, Budget.ofPixels(1_000_000));

        assertThatThrownBy(() -> imageIo.render(manyForImageIo, SMALL))
                .isInstanceOfSatisfying(
                        ImagingException.class, e -> assertThat(e.kind()).isEqualTo(ImagingException.Kind.TOO_LARGE))
                .hasMessageContaining("ImageIO");
        // within both limits it renders on either path
        byte[] fifty = HostileFiles.progressiveJpegWithScans(256, 256, 50);
        assertThat(imageIo.render(fifty, SMALL)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(JpegBackend.class)
    void anOrdinaryProgressiveJpegStillRenders(JpegBackend backend) throws Exception {
        byte[] progressive = HostileFiles.progressiveJpegWithScans(640, 480, 0);
        ThumbnailRenderer renderer = JpegBackends.renderer(backend, 100_000_000, Budget.ofPixels(1_000_000));

        assertThat(renderer.render(progressive, SMALL))
                .singleElement()
                .satisfies(r -> assertThat(r.width()).isEqualTo(320));
    }

    @Test
    void scanCountFollowsTheEntropyCodedDataAndStopsPastTheLimit() {
        byte[] progressive = HostileFiles.progressiveJpegWithScans(64, 64, 0);
        byte[] many = HostileFiles.progressiveJpegWithScans(64, 64, 700);

        assertThat(JpegSegments.scanCount(progressive, 500)).isBetween(2, 20);
        assertThat(JpegSegments.scanCount(TestImages.jpeg(64, 64), 500)).isEqualTo(1);
        assertThat(JpegSegments.scanCount(many, 500)).isEqualTo(501);
        assertThat(JpegSegments.scanCount(new byte[] {1, 2, 3}, 500)).isZero();
    }

    @Test
    void theBudgetIsChargedForWhatIsReallyDecoded() throws Exception {
        byte[] rgb8 = TestImages.jpeg(40, 30);
        byte[] rgba16 = png16(40, 30);

        assertThat(ImageProbe.probeLayout(rgb8).bytesPerPixel()).isEqualTo(3);
        assertThat(ImageProbe.probeLayout(rgba16).bytesPerPixel()).isGreaterThanOrEqualTo(8);
    }

    private static byte[] png16(int width, int height) throws Exception {
        ComponentColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {x * 1000, y * 1000, 30000, 65535});
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(model, raster, false, null), "png", out);
        return out.toByteArray();
    }
}
