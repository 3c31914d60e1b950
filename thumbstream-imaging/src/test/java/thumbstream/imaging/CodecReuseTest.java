package thumbstream.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Readers and writers are chosen well and reused per thread without carrying anything from one
 * image to the next. (That one renderer serves many threads at once is in SourceVarietyTest.)
 */
class CodecReuseTest {

    @Test
    void prefersTheTwelveMonkeysJpegReaderOverTheJdkOne() throws Exception {
        byte[] cmyk = Fixtures.bytes("cmyk.jpg");
        try (ImageInputStream in = ImageReaders.open(cmyk)) {
            assertThat(ImageReaders.providerFor(in).getClass().getName())
                    .startsWith("com.twelvemonkeys.imageio.plugins.jpeg");
        }
        // What that buys: sRGB pixels from the decoder, where the JDK reader returns CMYK ones.
        assertThat(Decoder.decode(cmyk, 1).getColorModel().getColorSpace().isCS_sRGB())
                .isTrue();
    }

    @Test
    void aThreadGetsItsReaderBackForTheNextImage() throws Exception {
        byte[] jpeg = TestImages.jpeg(20, 10);
        ImageReader first = lend(jpeg);
        ImageReaders.release(first, true);

        ImageReader second = lend(jpeg);
        ImageReaders.release(second, true);

        assertThat(second).isSameAs(first);
        ImageReader onAnotherThread = CompletableFuture.supplyAsync(() -> {
                    ImageReader reader = lend(jpeg);
                    ImageReaders.release(reader, true);
                    return reader;
                })
                .join();
        assertThat(onAnotherThread).isNotSameAs(first);
    }

    @Test
    void aReaderThatFailedIsDisposedNotReused() throws Exception {
        byte[] jpeg = TestImages.jpeg(20, 10);
        ImageReader failed = lend(jpeg);
        ImageReaderSpi provider = failed.getOriginatingProvider();
        ImageReaders.release(failed, false);

        assertThat(ImageReaders.holdsIdleReader(provider)).isFalse();
        ImageReader next = lend(jpeg);
        ImageReaders.release(next, true);
        assertThat(next).isNotSameAs(failed);
    }

    @Test
    void nestedUseOnOneThreadGetsTwoReaders() {
        byte[] jpeg = TestImages.jpeg(20, 10);
        ImageReader outer = lend(jpeg);
        ImageReader inner = lend(jpeg);

        assertThat(inner).isNotSameAs(outer);
        ImageReaders.release(inner, true);
        ImageReaders.release(outer, true); // one is kept, the spare disposed
    }

    @ParameterizedTest(name = "JPEG via {0}")
    @EnumSource(JpegBackend.class)
    void aCorruptFileDoesNotSpoilTheNextRenderOnTheSameThread(JpegBackend backend) throws ImagingException {
        ThumbnailRenderer renderer = JpegBackends.renderer(backend);
        byte[] jpeg = TestImages.jpeg(400, 300);
        List<RenditionSpec> specs = RenditionSpec.parseList("s:40x40");

        for (int i = 0; i < 3; i++) {
            try {
                renderer.render(Arrays.copyOf(jpeg, jpeg.length / 3), specs);
            } catch (ImagingException expected) {
                // truncated: corrupt
            }
            assertThat(renderer.render(jpeg, specs).get(0).height()).isEqualTo(30);
        }
    }

    @Test
    void aReusedWriterForgetsTheQualityOfTheLastImage() {
        BufferedImage image = TestImages.photo(64, 48);
        RenditionSpec lowQuality = RenditionSpec.parse("s:64x64:fit:jpg:q=5");
        RenditionSpec defaultQuality = RenditionSpec.parse("s:64x64:fit:jpg");
        byte[] fresh = CompletableFuture.supplyAsync(() -> Encoder.encode(image, defaultQuality))
                .join();

        Encoder.encode(image, lowQuality);
        byte[] afterLowQuality = Encoder.encode(image, defaultQuality);

        assertThat(afterLowQuality).isEqualTo(fresh);
    }

    @ParameterizedTest(name = "JPEG via {0}")
    @EnumSource(JpegBackend.class)
    void concurrentRendersGiveTheSameBytesAsSequentialOnes(JpegBackend backend) throws Exception {
        // Reused codecs that leaked state between images or threads would show as differing bytes.
        ThumbnailRenderer renderer = JpegBackends.renderer(backend);
        List<RenditionSpec> specs = RenditionSpec.parseList("s:40x40:fit:jpg,c:24x24:crop:png,q:30x30:fit:jpg:q=40");
        List<String> corpus = List.of(
                "progressive.jpg",
                "cmyk.jpg",
                "ycck.jpg",
                "adobe-rgb.jpg",
                "orientation-6.jpg",
                "grayscale.jpg",
                "rgb16.png",
                "palette-transparent.png",
                "rgba.png",
                "animated.gif",
                "rgb24.bmp",
                "rgb-lzw.tiff",
                "adobe-rgb.tiff",
                "lossy.webp");
        Map<String, List<byte[]>> sequential = new HashMap<>();
        for (String fixture : corpus) {
            sequential.put(fixture, bytesOf(renderer.render(Fixtures.bytes(fixture), specs)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (int pass = 0; pass < 4; pass++) {
                for (String fixture : corpus) {
                    checks.add(pool.submit(() -> {
                        List<byte[]> concurrent = bytesOf(renderer.render(Fixtures.bytes(fixture), specs));
                        assertThat(concurrent).as(fixture).containsExactlyElementsOf(sequential.get(fixture));
                        return null;
                    }));
                }
            }
            for (Future<?> check : checks) {
                check.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<byte[]> bytesOf(List<RenderedImage> rendered) {
        return rendered.stream().map(RenderedImage::bytes).toList();
    }

    private static ImageReader lend(byte[] data) {
        try {
            return ImageReaders.readerFor(data, ImageReaders.open(data));
        } catch (ImagingException e) {
            throw new AssertionError(e);
        }
    }
}
