package thumbstream.imaging;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import thumbstream.imaging.RenditionSpec.Format;

/**
 * Which native codecs this machine has, asked before the service starts so that a rendition whose
 * encoder is missing fails the configuration (naming the Debian package to install), never a
 * render. Loading a library here is the same lazy, once-per-JVM load the codecs use.
 */
public final class Codecs {

    private Codecs() {}

    /** Whether {@code format} can be encoded here: JPEG and PNG always (ImageIO), WebP and AVIF with their library. */
    public static boolean canEncode(Format format) {
        return switch (format) {
            case JPG, PNG -> true;
            case WEBP -> WebpLibrary.loaded().isPresent();
            case AVIF -> AvifEncoder.available();
        };
    }

    /**
     * Why {@code format} cannot be encoded here, e.g. {@code webp needs libwebp (Debian package
     * libwebp7), which is not installed}; empty when it can.
     */
    public static Optional<String> missingEncoder(Format format) {
        return canEncode(format) ? Optional.empty() : Optional.of(installHint(format));
    }

    /** One message per rendition format that cannot be encoded here; empty when all can. */
    public static List<String> missingEncoders(List<RenditionSpec> specs) {
        return missingEncoders(specs, Codecs::canEncode);
    }

    /** As {@link #missingEncoders(List)}, with {@code encodable} saying which formats can be encoded. */
    public static List<String> missingEncoders(List<RenditionSpec> specs, Predicate<Format> encodable) {
        List<String> problems = new ArrayList<>();
        for (RenditionSpec spec : specs) {
            for (Format format : spec.formats()) {
                if (!encodable.test(format)) {
                    problems.add("rendition '" + spec.name() + "': " + installHint(format));
                }
            }
        }
        return List.copyOf(problems);
    }

    private static String installHint(Format format) {
        return switch (format) {
            case JPG, PNG -> format.extension() + " needs nothing beyond the JVM";
            case WEBP -> "webp needs libwebp (Debian package " + WebpLibrary.PACKAGE + "), which is not installed";
            case AVIF ->
                "avif needs libheif with an AV1 encoder (Debian package " + HeifLibrary.PACKAGE
                        + ", which brings libaom3), which is not installed";
        };
    }

    /**
     * Encodes {@code image} as {@code format} with {@code spec}'s settings for it, as the renderer
     * does (JPEG through libjpeg-turbo when installed); for benchmarks and tools.
     *
     * @throws IllegalStateException when the format's native library is missing
     */
    public static byte[] encode(BufferedImage image, RenditionSpec spec, Format format) {
        return Encoder.encode(image, spec, format, JpegBackend.preferred());
    }

    /**
     * Decodes a whole image at full size — HEIC/HEIF/AVIF through libheif, the rest through
     * ImageIO — without orientation or limits; for benchmarks and tools comparing pixels.
     */
    public static BufferedImage decode(byte[] encoded) throws ImagingException {
        if (HeifDecoder.isHeif(encoded)) {
            try (HeifDecoder.Source heif = HeifDecoder.open(encoded)) {
                return heif.decode();
            }
        }
        return Decoder.decode(encoded, 1);
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
        DeflateLibrary.loaded().ifPresent(found::add);
        return found.isEmpty() ? "none (ImageIO only)" : String.join(", ", found);
    }
}
