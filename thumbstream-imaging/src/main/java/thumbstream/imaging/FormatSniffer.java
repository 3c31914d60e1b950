package thumbstream.imaging;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Tells from the first bytes of an object whether it is an image this service can read, before the
 * rest is downloaded.
 *
 * <p>Why: a 200 MB video or archive uploaded to an image bucket would otherwise be downloaded whole
 * (and held in memory) only for the probe to say "unsupported". Readers decide from signatures in
 * the first few bytes ({@link ImageReaders#providerFor}, the same choice the decoder makes), so
 * {@link #SNIFF_BYTES} is plenty. ISO-BMFF files with an image brand (HEIC, HEIF, AVIF) pass too:
 * their codec is not an ImageIO plugin. Thread-safe.
 */
public final class FormatSniffer {

    /** How many leading bytes to fetch for sniffing: JPEG, PNG, GIF, BMP, TIFF and WebP need under 32. */
    public static final int SNIFF_BYTES = 64 * 1024;

    private FormatSniffer() {}

    /** The format name an installed reader claims {@code head} for, e.g. {@code jpeg}; empty if none. */
    public static Optional<String> formatOf(byte[] head) {
        if (head.length == 0) {
            return Optional.empty();
        }
        if (isImageBmff(head)) {
            return Optional.of("heif");
        }
        try (ImageInputStream in = ImageReaders.open(head)) {
            ImageReaderSpi provider = ImageReaders.providerFor(in);
            return provider == null
                    ? Optional.empty()
                    : Optional.of(provider.getFormatNames()[0].toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return Optional.empty(); // only close() throws, and an in-memory stream does not
        }
    }

    /** The first bytes in hex, for messages: {@code 50 4b 03 04 ...} says "zip" to a reader. */
    public static String describe(byte[] head) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, head.length); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", head[i] & 0xff));
        }
        return hex.toString();
    }

    /** {@code ....ftyp} + a HEIF/AVIF brand at offset 8. */
    private static boolean isImageBmff(byte[] head) {
        if (head.length < 12 || head[4] != 'f' || head[5] != 't' || head[6] != 'y' || head[7] != 'p') {
            return false;
        }
        String brand = new String(head, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        return switch (brand) {
            case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif", "avis" -> true;
            default -> false;
        };
    }
}
