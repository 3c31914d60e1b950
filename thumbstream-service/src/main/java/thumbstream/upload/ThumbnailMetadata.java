package thumbstream.upload;

import java.util.Map;
import thumbstream.event.ThumbnailEvent.Crop;
import thumbstream.imaging.RenderedImage;
import thumbstream.imaging.RenditionSpec;
import thumbstream.imaging.crop.CropRect;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.storage.StoredObject;

/**
 * The user metadata every thumbnail carries, so a later run can tell whether it is current
 * (same source ETag, same rendition spec) without downloading anything.
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

    private ThumbnailMetadata() {}

    static Map<String, String> of(String sourceEtag, String sequencer, RenderedImage image) {
        return of(sourceEtag, sequencer, image, null);
    }

    /** @param focus the focal point the upload was rendered with, or null */
    static Map<String, String> of(String sourceEtag, String sequencer, RenderedImage image, FocusPoint focus) {
        Map<String, String> m = new java.util.TreeMap<>(Map.of(
                GENERATED_BY, "thumbstream",
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
