package thumbstream.imaging;

import org.junit.jupiter.api.Assumptions;

/**
 * Renderers for the test classes that run once per {@link JpegBackend} (annotated
 * {@code @ParameterizedClass @EnumSource(JpegBackend.class)}), so every fixture, colour and
 * orientation check holds for the libjpeg-turbo path and the ImageIO path alike. The
 * libjpeg-turbo run is skipped, not failed, where {@code libturbojpeg.so.0} is not installed.
 */
final class JpegBackends {

    private JpegBackends() {}

    static ThumbnailRenderer renderer(JpegBackend jpeg) {
        return renderer(jpeg, 100_000_000, ThumbnailRenderer.SharedBudgets.PIXELS);
    }

    static ThumbnailRenderer renderer(JpegBackend jpeg, long maxPixels, Budget budget) {
        Assumptions.assumeTrue(jpeg.available(), "libturbojpeg.so.0 is not installed (apt-get install libturbojpeg0)");
        return new ThumbnailRenderer(maxPixels, budget, jpeg);
    }
}
