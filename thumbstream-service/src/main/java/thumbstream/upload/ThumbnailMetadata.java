package thumbstream.upload;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import thumbstream.event.ThumbnailEvent.Crop;
import thumbstream.imaging.RenderedImage;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.crop.CropRect;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.storage.StoredObject;

/**
 * The user metadata every thumbnail carries, so a later run can tell, without downloading
 * anything, whose thumbnail it is (source bucket and key) and whether it is current (same source
 * ETag, same rendition spec).
 */
public final class ThumbnailMetadata {

    public static final String GENERATED_BY = "thumbstream-generated-by";
    public static final String SOURCE_ETAG = "thumbstream-source-etag";
    public static final String SPEC = "thumbstream-spec";
    public static final String WIDTH = "thumbstream-width";
    public static final String HEIGHT = "thumbstream-height";
    /** For crop renditions, the source rectangle shown, {@code x,y,width,height}, so skipped events report it too. */
    public static final String CROP = "thumbstream-crop";
    /**
     * On {@code crop=focus} renditions made around a focal point, that point ({@code x,y}): an
     * event naming another point for the same source version must re-render, not skip.
     */
    public static final String FOCUS_USED = "thumbstream-focus-used";
    /** The S3 sequencer of the event the thumbnail was made for, when the event had one. */
    public static final String SOURCE_SEQUENCER = "thumbstream-source-sequencer";
    /**
     * The bucket and key of the source the thumbnail was made from, {@linkplain #encoded
     * percent-encoded}. A thumbnail is only ever overwritten or deleted for the source it records.
     */
    public static final String SOURCE_BUCKET = "thumbstream-source-bucket";

    public static final String SOURCE_KEY = "thumbstream-source-key";

    /**
     * Longest {@linkplain #encoded encoded} source key a thumbnail can record. S3 (and MinIO)
     * allow 2 KB of user metadata per object, counted as the UTF-8 bytes of every name and value;
     * everything else recorded here takes about 650 of them with a spec of 100 characters (names
     * with their {@code x-amz-meta-} prefix, a multipart ETag, sizes, crop, focus, a 20-digit
     * sequencer, a 63-byte bucket). A key that would not fit is refused before anything is read,
     * as one whose thumbnail key is over 1,024 bytes. Keys that are mostly letters, digits, {@code
     * -._~/} never reach it: each of those is one character, anything else three per byte.
     */
    public static final int MAX_ENCODED_SOURCE_KEY = 1280;

    private ThumbnailMetadata() {}

    /**
     * @param sequencer the sequencer of the event the thumbnail is made for, or null
     * @param focus     the focal point the upload was rendered with, or null
     */
    static Map<String, String> of(
            String bucket,
            String sourceKey,
            String sourceEtag,
            String sequencer,
            RenderedImage image,
            FocusPoint focus) {
        Map<String, String> m = new java.util.TreeMap<>(Map.of(
                GENERATED_BY, "thumbstream",
                SOURCE_BUCKET, encoded(bucket),
                SOURCE_KEY, encoded(sourceKey),
                SOURCE_ETAG, sourceEtag == null ? "" : sourceEtag,
                SPEC, image.spec().canonical(),
                WIDTH, Integer.toString(image.width()),
                HEIGHT, Integer.toString(image.height())));
        if (sequencer != null && !sequencer.isEmpty()) {
            m.put(SOURCE_SEQUENCER, sequencer);
        }
        if (focus != null && image.spec().gravity() == RenditionSpec.Gravity.FOCUS) {
            m.put(FOCUS_USED, focus.toString());
        }
        if (image.crop() != null) {
            CropRect c = image.crop();
            m.put(CROP, c.x() + "," + c.y() + "," + c.width() + "," + c.height());
        }
        return m;
    }

    /** The crop rectangle recorded on {@code thumbnail}, or null when it has none (or a broken one). */
    static Crop crop(StoredObject thumbnail) {
        String text = thumbnail.userMetadata().get(CROP);
        String[] parts = text == null ? new String[0] : text.split(",", -1);
        if (parts.length != 4) {
            return null;
        }
        try {
            return new Crop(
                    Integer.parseInt(parts[0].strip()),
                    Integer.parseInt(parts[1].strip()),
                    Integer.parseInt(parts[2].strip()),
                    Integer.parseInt(parts[3].strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static boolean isCurrent(StoredObject thumbnail, String sourceEtag, String canonicalSpec) {
        Map<String, String> m = thumbnail.userMetadata();
        return sourceEtag != null && sourceEtag.equals(m.get(SOURCE_ETAG)) && canonicalSpec.equals(m.get(SPEC));
    }

    /** True when {@code thumbnail} was written by this service for {@code bucket}/{@code sourceKey}. */
    static boolean isFrom(StoredObject thumbnail, String bucket, String sourceKey) {
        Map<String, String> m = thumbnail.userMetadata();
        return isGenerated(m)
                && encoded(bucket).equals(m.get(SOURCE_BUCKET))
                && encoded(sourceKey).equals(m.get(SOURCE_KEY));
    }

    /**
     * {@code text} as it is recorded: UTF-8, every byte but ASCII letters, digits, {@code -._~}
     * and {@code /} as {@code %XX}. Metadata travels in HTTP headers, which carry ASCII only and
     * lose leading and trailing spaces; ordinary keys stay readable ({@code shoe%201.jpg}).
     */
    static String encoded(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public static boolean isGenerated(StoredObject object) {
        return object.userMetadata().containsKey(GENERATED_BY);
    }

    static boolean isGenerated(Map<String, String> userMetadata) {
        return userMetadata.containsKey(GENERATED_BY);
    }

    static int intValue(StoredObject object, String name) {
        try {
            return Integer.parseInt(object.userMetadata().getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
