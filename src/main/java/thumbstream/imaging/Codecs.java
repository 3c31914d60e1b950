package thumbstream.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import thumbstream.imaging.RenditionSpec.Format;

/**
 * Which native codecs this machine has, asked before the service starts so that a rendition whose
 * encoder is missing fails the configuration (naming the Debian package to install), never a
 * render. Loading a library here is the same lazy, once-per-JVM load the codecs use.
 */
public final class Codecs {

    private Codecs() {}

    /**
     * Why {@code format} cannot be encoded here, e.g. {@code webp needs libwebp (Debian package
     * libwebp7), which is not installed}; empty when it can. JPEG and PNG always can (ImageIO).
     */
    public static Optional<String> missingEncoder(Format format) {
        return switch (format) {
            case JPG, PNG -> Optional.empty();
            case WEBP ->
                WebpLibrary.loaded().isPresent()
                        ? Optional.empty()
                        : Optional.of("webp needs libwebp (Debian package " + WebpLibrary.PACKAGE
                                + "), which is not installed");
            case AVIF ->
                AvifEncoder.available()
                        ? Optional.empty()
                        : Optional.of("avif needs libheif with an AV1 encoder (Debian package " + HeifLibrary.PACKAGE
                                + ", which brings libaom3), which is not installed");
        };
    }

    /** One message per rendition format that cannot be encoded here; empty when all can. */
    public static List<String> missingEncoders(List<RenditionSpec> specs) {
        List<String> problems = new ArrayList<>();
        for (RenditionSpec spec : specs) {
            for (Format format : spec.formats()) {
                missingEncoder(format).ifPresent(why -> problems.add("rendition '" + spec.name() + "': " + why));
            }
        }
        return List.copyOf(problems);
    }

    /** Whether HEIC/HEIF and AVIF sources can be read (libheif is installed). */
    public static boolean readsHeif() {
        return HeifLibrary.api().isPresent();
    }

    /** The native codec libraries found, for the start-up log, e.g. {@code libwebp 1.2.4, libheif 1.15.1}. */
    public static String describe() {
        List<String> found = new ArrayList<>();
        TurboJpegLibrary.loaded().ifPresent(found::add);
        WebpLibrary.loaded().ifPresent(found::add);
        HeifLibrary.loaded().ifPresent(found::add);
        return found.isEmpty() ? "none (ImageIO only)" : String.join(", ", found);
    }
}
