package thumbstream.job;

import java.util.Map;

import thumbstream.imaging.RenderedImage;
import thumbstream.storage.StoredObject;

/**
 * The user metadata every thumbnail carries, so a later run can tell whether it is current
 * (same source ETag, same rendition spec) without downloading anything.
 */
final class ThumbnailMetadata {

    static final String GENERATED_BY = "thumbstream-generated-by";
    static final String SOURCE_ETAG = "thumbstream-source-etag";
    static final String SPEC = "thumbstream-spec";
    static final String WIDTH = "thumbstream-width";
    static final String HEIGHT = "thumbstream-height";

    private ThumbnailMetadata() {
    }

    static Map<String, String> of(String sourceEtag, RenderedImage image) {
        return Map.of(
                GENERATED_BY, "thumbstream",
                SOURCE_ETAG, sourceEtag == null ? "" : sourceEtag,
                SPEC, image.spec().canonical(),
                WIDTH, Integer.toString(image.width()),
                HEIGHT, Integer.toString(image.height()));
    }

    static boolean isCurrent(StoredObject thumbnail, String sourceEtag, String canonicalSpec) {
        Map<String, String> m = thumbnail.userMetadata();
        return sourceEtag != null && sourceEtag.equals(m.get(SOURCE_ETAG)) && canonicalSpec.equals(m.get(SPEC));
    }

    static boolean isGenerated(StoredObject object) {
        return object.userMetadata().containsKey(GENERATED_BY);
    }

    static int intValue(StoredObject object, String name) {
        try {
            return Integer.parseInt(object.userMetadata().getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
