package thumbstream.backfill;

import java.util.List;
import thumbstream.imaging.RenditionSpec;
import thumbstream.storage.ObjectStore;
import thumbstream.storage.StorageException;
import thumbstream.upload.ExistingThumbnails;
import thumbstream.upload.ThumbnailKeys;

/**
 * For {@code --missing-only}: are all thumbnails of an object there and current? The same test the
 * service makes before it skips an upload ({@link ExistingThumbnails}), at the same cost: one stat
 * per rendition and format, nothing downloaded. Thread-safe.
 */
final class ThumbnailCheck {

    private final ObjectStore store;
    private final List<RenditionSpec> specs;
    private final ThumbnailKeys keys;

    ThumbnailCheck(ObjectStore store, List<RenditionSpec> specs, ThumbnailKeys keys) {
        this.store = store;
        this.specs = List.copyOf(specs);
        this.keys = keys;
    }

    /** False when a rendition is missing or was made from another version or spec. */
    boolean isCurrent(String bucket, String key, String sourceEtag) throws StorageException {
        return sourceEtag != null
                && ExistingThumbnails.read(store, bucket, key, specs, keys).allCurrent(sourceEtag);
    }
}
