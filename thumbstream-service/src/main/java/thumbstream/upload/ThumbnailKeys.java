package thumbstream.upload;

import thumbstream.imaging.RenditionSpec;

/**
 * Where the thumbnails of a source object live: {@code {prefix}{rendition}/{sourceKey}.{extension}},
 * the format's extension always appended to the whole source key. Deterministic, so a re-run
 * overwrites (or skips) instead of piling up copies.
 *
 * <p>Injective: different (source key, rendition, format) never share a key, so no upload or
 * removal of one source can touch another's thumbnails. Proof: the rendition is the first segment
 * after the prefix (rendition names have no {@code /}), the format is the text after the last
 * {@code .} (extensions are distinct and have no {@code .}), and the source key is what is left.
 * Keeping an extension the source already had (the mapping before issue 19) broke this:
 * {@code a/x} and {@code a/x.jpg} shared {@code thumbnails/small/a/x.jpg}. Nothing is shortened or
 * hashed to fit S3's 1,024-byte key limit: a source whose longest thumbnail key would not fit is
 * refused before anything is read ({@link EventChecks}).
 *
 * <p>Examples with prefix {@code thumbnails/}: {@code originals/shoe 1.jpg} rendered as
 * {@code small:...:jpg} is {@code thumbnails/small/originals/shoe 1.jpg.jpg}; {@code logo.png} is
 * {@code thumbnails/small/logo.png.jpg}; {@code uploads/abc123} is
 * {@code thumbnails/small/uploads/abc123.jpg}. A rendition with several formats has one key per
 * format: {@code small:...:jpg+webp} of {@code shoe.jpg} is {@code thumbnails/small/shoe.jpg.jpg}
 * and {@code thumbnails/small/shoe.jpg.webp}.
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
        return prefix + spec.name() + "/" + sourceKey + "." + format.extension();
    }

    /** True for keys this service wrote itself: their events must not trigger more thumbnails. */
    public boolean isThumbnail(String key) {
        return key.startsWith(prefix);
    }

    public String prefix() {
        return prefix;
    }
}
