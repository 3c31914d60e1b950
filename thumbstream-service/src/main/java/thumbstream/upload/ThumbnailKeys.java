package thumbstream.upload;

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
 * {@code logo.png} and {@code logo.jpg} collide). A rendition with several formats has one key per
 * format: {@code small:...:jpg+webp} of {@code shoe.jpg} is {@code thumbnails/small/shoe.jpg} and
 * {@code thumbnails/small/shoe.jpg.webp}.
 */
public final class ThumbnailKeys {

    private final String prefix;

    public ThumbnailKeys(String prefix) {
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** The key of {@code spec}'s primary (first) format. */
    public String keyFor(String sourceKey, RenditionSpec spec) {
        return keyFor(sourceKey, spec, spec.format());
    }

    /** The key of one format of {@code spec}: formats of one rendition differ only in the extension. */
    public String keyFor(String sourceKey, RenditionSpec spec, RenditionSpec.Format format) {
        String ext = format.extension();
        String lower = sourceKey.toLowerCase(Locale.ROOT);
        boolean hasExtension =
                lower.endsWith("." + ext) || (format == RenditionSpec.Format.JPG && lower.endsWith(".jpeg"));
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
