package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import thumbstream.imaging.ImagingException.Kind;

/** Bad input fails with the right {@link Kind}, and never with anything but an ImagingException. */
@ParameterizedClass(name = "JPEG via {0}")
@EnumSource(JpegBackend.class)
class RenderFailuresTest {

    private final ThumbnailRenderer renderer;
    private final JpegBackend backend;

    RenderFailuresTest(JpegBackend backend) {
        this.backend = backend;
        this.renderer = JpegBackends.renderer(backend);
    }

    @Test
    void aTruncatedJpegIsCorrupt() {
        byte[] jpeg = TestImages.jpeg(1600, 1200);
        byte[] firstHalf = Arrays.copyOf(jpeg, jpeg.length / 2);

        ImagingException e = catchThrowableOfType(
                ImagingException.class, () -> renderer.render(firstHalf, RenditionSpec.parseList("small:320x320")));

        assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(e).hasMessage("cannot decode jpeg image: the data is truncated");
    }

    @Test
    void aTruncatedPngIsCorrupt() {
        byte[] png = TestImages.png(TestImages.photo(300, 300));
        byte[] firstHalf = Arrays.copyOf(png, png.length / 2);

        ImagingException e = catchThrowableOfType(
                ImagingException.class, () -> renderer.render(firstHalf, RenditionSpec.parseList("small:32x32")));

        assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
    }

    @Test
    void textIsUnsupported() {
        byte[] text = "hello, I am a text file\n".getBytes(StandardCharsets.UTF_8);

        ImagingException e = catchThrowableOfType(
                ImagingException.class, () -> renderer.render(text, RenditionSpec.parseList("small:320x320")));

        assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
    }

    @Test
    void zeroBytesAreUnsupported() {
        ImagingException e = catchThrowableOfType(
                ImagingException.class, () -> renderer.render(new byte[0], RenditionSpec.parseList("small:320x320")));

        assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
    }

    @Test
    void aSourceAboveThePixelLimitIsTooLargeWithoutBeingDecoded() {
        // The file has no pixel data at all: had the renderer tried to decode it, it would have
        // failed as CORRUPT (or run out of memory) instead of TOO_LARGE.
        byte[] huge = TestImages.pngHeaderOnly(50_000, 50_000);
        long start = System.nanoTime();

        ImagingException e = catchThrowableOfType(
                ImagingException.class, () -> renderer.render(huge, RenditionSpec.parseList("small:320x320")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e).hasMessage("source is 50000x50000 = 2500.0 MP, above the limit of 100.0 MP");
    }

    @Test
    void theLimitItselfIsAllowed() throws ImagingException {
        byte[] source = TestImages.jpeg(400, 300);

        ThumbnailRenderer atLimit = JpegBackends.renderer(backend, 400 * 300, ThumbnailRenderer.SharedBudgets.PIXELS);
        ThumbnailRenderer belowLimit =
                JpegBackends.renderer(backend, 400 * 300 - 1, ThumbnailRenderer.SharedBudgets.PIXELS);

        assertThat(atLimit.render(source, RenditionSpec.parseList("s:40x40"))).hasSize(1);
        assertThatThrownBy(() -> belowLimit.render(source, RenditionSpec.parseList("s:40x40")))
                .isInstanceOf(ImagingException.class)
                .extracting(e -> ((ImagingException) e).kind())
                .isEqualTo(Kind.TOO_LARGE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jpeg", "png", "gif", "bmp", "tiff"})
    void damagedFilesFailAsImagingExceptionsNeverAsRuntimeExceptions(String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(TestImages.photo(64, 48), format, out);
        byte[] original = out.toByteArray();
        List<RenditionSpec> specs = RenditionSpec.parseList("s:32x32,c:20x20:crop:png");
        Random random = new Random(format.hashCode());

        for (int i = 0; i < 100; i++) {
            byte[] damaged = i % 2 == 0 ? Arrays.copyOf(original, random.nextInt(original.length)) : original.clone();
            for (int flips = i % 2 == 0 ? 0 : 1 + random.nextInt(5); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                renderer.render(damaged, specs); // a flipped byte in pixel data may still decode
            } catch (ImagingException expected) {
                assertThat(expected.kind()).isIn(Kind.CORRUPT, Kind.UNSUPPORTED);
            }
        }
    }
}
