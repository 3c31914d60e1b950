package thumbstream.backfill;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Decides from a listing alone (no request per object) whether an object is an image the service
 * can render, so a backfill does not queue work that can only fail.
 *
 * <ul>
 *   <li>a key ending in {@code /} (a "folder" marker) is not an image;</li>
 *   <li>a key whose last path segment has an extension is an image when an installed ImageIO reader
 *       handles that extension ({@code jpg jpeg jpe jfif png gif bmp wbmp tif tiff webp} with the
 *       TwelveMonkeys plugins) or it is one the service reads through libheif
 *       ({@code heic heif hif avif}), otherwise not ({@code .txt}, {@code .pdf}, …);</li>
 *   <li>a key without an extension is {@link Verdict#ASK_CONTENT_TYPE}: the backfill reads its
 *       stored Content-Type and publishes it when that is an image type a reader handles.</li>
 * </ul>
 * Letter case does not matter. The service itself decodes by content, not by name.
 */
final class ImageObjects {

    enum Verdict {
        IMAGE,
        NOT_AN_IMAGE,
        ASK_CONTENT_TYPE
    }

    /**
     * HEIC/HEIF and AVIF are read by the service through libheif, not ImageIO; they are listed
     * whether or not libheif is installed where the backfill runs, as the service decides.
     */
    private static final Set<String> SUFFIXES =
            lowerCase(ImageIO.getReaderFileSuffixes(), "jpe", "jfif", "heic", "heif", "hif", "avif");

    private static final Set<String> MIME_TYPES =
            lowerCase(ImageIO.getReaderMIMETypes(), "image/jpg", "image/heic", "image/heif", "image/avif");

    private ImageObjects() {}

    static Verdict byKey(String key) {
        if (key.endsWith("/")) {
            return Verdict.NOT_AN_IMAGE;
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return Verdict.ASK_CONTENT_TYPE; // "README", ".hidden", "photo." say nothing
        }
        return SUFFIXES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                ? Verdict.IMAGE
                : Verdict.NOT_AN_IMAGE;
    }

    /** True for a stored Content-Type such as {@code image/jpeg} or {@code image/png; charset=…}. */
    static boolean isImageContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        return type.startsWith("image/") && MIME_TYPES.contains(type);
    }

    private static Set<String> lowerCase(String[] names, String... extra) {
        Set<String> out = new TreeSet<>();
        for (String n : names) {
            out.add(n.toLowerCase(Locale.ROOT));
        }
        out.addAll(Set.of(extra));
        return Set.copyOf(out);
    }
}
