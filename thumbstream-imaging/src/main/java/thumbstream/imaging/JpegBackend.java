package thumbstream.imaging;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which code decodes and encodes JPEGs: libjpeg-turbo when its native library is installed,
 * else ImageIO (TwelveMonkeys). Other formats always use ImageIO.
 *
 * <p>{@link #preferred()} decides once per JVM and logs the choice at INFO. The system property
 * {@value #PROPERTY} = {@code imageio} forces ImageIO (for comparisons and tests); {@code turbo}
 * or {@code auto} (the default) use libjpeg-turbo when present.
 */
enum JpegBackend {
    /** Scaled decode and encode through libjpeg-turbo; CMYK, YCCK and ICC-tagged JPEGs still go to ImageIO. */
    LIBJPEG_TURBO,
    /** ImageIO with source subsampling. */
    IMAGEIO;

    static final String PROPERTY = "thumbstream.jpeg";

    private static final Logger LOG = LoggerFactory.getLogger(JpegBackend.class);

    /** Whether this backend can run here: always for ImageIO, only with the native library for libjpeg-turbo. */
    boolean available() {
        return this == IMAGEIO || TurboJpegLibrary.loaded().isPresent();
    }

    /** The backend renderers use unless told otherwise; decided and logged on first call. */
    static JpegBackend preferred() {
        return Preferred.BACKEND;
    }

    private static JpegBackend choose() {
        String wanted = System.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("imageio")) {
            LOG.info("JPEG decode: ImageIO (forced by -D{}=imageio)", PROPERTY);
            return IMAGEIO;
        }
        return TurboJpegLibrary.loaded()
                .map(library -> {
                    LOG.info("JPEG decode: {} (native)", library);
                    return LIBJPEG_TURBO;
                })
                .orElseGet(() -> {
                    LOG.info(
                            "JPEG decode: ImageIO (libturbojpeg not found; install libturbojpeg0 for faster JPEG thumbnails)");
                    return IMAGEIO;
                });
    }

    private static final class Preferred {
        static final JpegBackend BACKEND = choose();
    }
}
