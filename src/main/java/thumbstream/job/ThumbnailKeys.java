package thumbstream.job;

import java.util.Locale;
import thumbstream.imaging.RenditionSpec;

/**
 * Where the thumbnails of a source object live: {@code {prefix}{rendition}/{sourceKey}}, with the
 * rendition's extension appended unless the source key already ends with it. Deterministic, so a
 * re-run overwrites (or skips) instead of piling up copies.
 *
 * <p>Examples with prefix {@code thumbnails/}: {@code originals/shoe 1.jpg} rendered as
 * {@code small:...:jpg} is {@code thumbnails/small/originals/shoe 1.jpg}; {@code logo.png} rendered
 * as jpg is {@code thumbnails/small/logo.png.jpg} (replacing the extension would make
 * {@code logo.png} and {@code logo.jpg} collide).
 */
public final class ThumbnailKeys {

    private final String prefix;

    public ThumbnailKeys(String prefix) {
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    }

    public String keyFor(String sourceKey, RenditionSpec spec) {
        String ext = spec.format().extension();
        String lower = sourceKey.toLowerCase(Locale.ROOT);
        boolean hasExtension =
                lower.endsWith("." + ext) || (spec.format() == RenditionSpec.Format.JPG && lower.endsWith(".jpeg"));
        return prefix + spec.name() + "/" + sourceKey + (hasExtension ? "" : "." + ext);
    }

    /** True for keys this service wrote itself: their events must not trigger more thumbnails. */
    public boolean isThumbnail(String key) {
        return key.startsWith(prefix);
    }

    public String prefix() {
        return prefix;
    }
}
